"""Kept so that tests written on other branches still import: the factories live in tests.awards.factories."""

from .factories import (  # noqa: F401
    ArticleFactory,
    BadgeAwardFactory,
    CategoryFactory,
    CellFactory,
    CommendationFactory,
    DisciplineFactory,
    MemberFactory,
    RatingFactory,
)
