"""Admin for commendations and annual quality ratings."""
