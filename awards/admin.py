"""The awards admin lives in two modules: badge rounds/records, and commendations/ratings."""

from . import admin_badges, admin_honours  # noqa: F401  (registers the ModelAdmins)
