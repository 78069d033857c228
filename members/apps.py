from django.apps import AppConfig


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = "Đảng viên"

    def ready(self):
        # Start page blocks for the party office (partysite.dashboard).
        from . import dashboard  # noqa: F401
