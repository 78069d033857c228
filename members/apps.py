from django.apps import AppConfig


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = "Đảng viên"

    def ready(self):
        from core.cache import invalidate_on

        from . import dashboard  # noqa: F401  (start page blocks for the party office: partysite.dashboard)
        from .models import Member, PartyCell

        invalidate_on(Member, PartyCell)  # names and cells appear on the honour roll
