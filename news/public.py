"""What the home page shows from the news app."""


def home_sections() -> dict:
    return {}
