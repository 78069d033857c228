from django.apps import AppConfig


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = "Đảng viên"

    def ready(self):
        from partysite.cache import invalidate_on

        from .models import Member, PartyCell

        invalidate_on(Member, PartyCell)  # names and cells appear on the honour roll
