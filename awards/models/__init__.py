from .badge_records import BadgeAward, BadgeHold, BadgeRound, EarlyAwardRequest
from .honours import Commendation, QualityRating

__all__ = [
    "BadgeAward",
    "BadgeHold",
    "BadgeRound",
    "EarlyAwardRequest",
    "Commendation",
    "QualityRating",
]
