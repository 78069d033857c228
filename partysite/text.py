"""Old import path ``partysite.text``, now ``core.text``.

Migrations already applied import it by this name and migrations are never edited, so this
module re-exports what they use. New code imports ``core.text``. (relayout: compatibility path for migrations)
"""

from core.text import fold_words  # noqa: F401
