"""The one parser for numbers read from a URL (``?page=``, ``?year=``, ``?cell=``, ``?format=``).

``str.isdigit()`` is true for "²", "١" and full-width "１", and ``int()`` accepts some of them
("١٢" is 12) and raises on others ("²"): a view that checks one way and converts the other
answers 500. Here a number is 1 to 6 ASCII digits, nothing else (no sign, no space, no
other script); anything else is "not given" or a 404 with a Vietnamese sentence.
"""

from __future__ import annotations

import re

from django.http import Http404

_ASCII_NUMBER = re.compile(r"[0-9]{1,6}")


def parse_number(value, *, minimum: int | None = None, maximum: int | None = None) -> int | None:
    """``int`` of ``value`` when it is 1-6 ASCII digits within [minimum, maximum], else ``None``."""
    if value is None:
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif isinstance(value, str) and _ASCII_NUMBER.fullmatch(value):
        number = int(value)
    else:
        return None
    if minimum is not None and number < minimum:
        return None
    if maximum is not None and number > maximum:
        return None
    return number


def number_or_404(
    value,
    *,
    default: int | None = None,
    minimum: int | None = None,
    maximum: int | None = None,
    message: str = "Địa chỉ có số không hợp lệ.",
) -> int:
    """``parse_number`` for a view: a missing value gives ``default``; a bad one is a 404."""
    if (value is None or value == "") and default is not None:
        return default
    number = parse_number(value, minimum=minimum, maximum=maximum)
    if number is None:
        raise Http404(message)
    return number
