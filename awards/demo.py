"""Demo content of the awards app: badge rounds and records, ratings and commendations."""

from . import demo_badges, demo_honours


def seed(stdout):
    demo_badges.seed(stdout)
    demo_honours.seed(stdout)
