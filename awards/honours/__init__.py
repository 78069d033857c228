"""Commendations: the rules, the admin and the public honour roll."""
