"""Old import path ``partysite.text``, now ``core.text``.

Migrations already applied import it by this name (migrations are never edited), and DESIGN.md
names ``partysite.text`` for other code, so this module re-exports the text helpers. New code
imports ``core.text``.
"""

from core.text import fold, fold_html, fold_words, name_sort_key, slugify_vi  # noqa: F401
