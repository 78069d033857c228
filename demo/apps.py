from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo content and bench data. No models; installed so that its commands exist."""

    name = "demo"
    verbose_name = "Dữ liệu mẫu"
