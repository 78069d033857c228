"""Demo content (see awards.demo)."""


def seed(stdout):
    pass
