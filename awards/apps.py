from django.apps import AppConfig


class AwardsConfig(AppConfig):
    name = "awards"
    verbose_name = "Huy hiệu và khen thưởng"

    def ready(self):
        from partysite.cache import invalidate_on

        from .models import BadgeAward, BadgeRound, Commendation, QualityRating

        invalidate_on(BadgeAward, BadgeRound, Commendation, QualityRating)  # the honour roll, the home page
