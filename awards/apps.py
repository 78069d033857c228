from django.apps import AppConfig


class AwardsConfig(AppConfig):
    name = "awards"
    verbose_name = "Huy hiệu và khen thưởng"

    def ready(self):
        # Start page blocks for the party office (partysite.dashboard).
        from . import dashboard  # noqa: F401
