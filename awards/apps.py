from django.apps import AppConfig


class AwardsConfig(AppConfig):
    name = "awards"
    verbose_name = "Huy hiệu và khen thưởng"

    def ready(self):
        # The member's record page shows awards through members.record's registry
        # (members never imports awards: the arrows between apps point one way, README.md Layout).
        from core.cache import invalidate_on
        from members.record import register_section

        from . import dashboard  # noqa: F401  (start page blocks for the party office: partysite.dashboard)
        from .models import BadgeAward, BadgeRound, Commendation, QualityRating
        from .record import award_sections

        register_section(award_sections)
        invalidate_on(BadgeAward, BadgeRound, Commendation, QualityRating)  # the honour roll, the home page
