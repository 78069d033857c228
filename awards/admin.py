"""The awards admin lives in two modules: badge rounds/records, and commendations/ratings."""

from awards.badges import admin as admin_badges  # noqa: F401  (registers the ModelAdmins)
from awards.honours import admin as admin_honours  # noqa: F401  (registers the ModelAdmins)
