"""Demo content of the awards app: badge rounds and records, ratings and commendations."""

from demo import badges as demo_badges
from demo import honours as demo_honours


def seed(stdout):
    demo_badges.seed(stdout)
    demo_honours.seed(stdout)
