"""What the home page shows from the awards app."""


def home_honours() -> list:
    return []
