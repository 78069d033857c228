"""Old import path ``partysite.roles``, now ``core.roles``.

Migrations already applied import it by this name and migrations are never edited, so this
module re-exports what they use. New code imports ``core.roles``. (relayout: compatibility path for migrations)
"""

from core.roles import EDITORS, OFFICE, PUBLISHERS, grant_permissions  # noqa: F401
