#!/usr/bin/env python
"""Django's command-line utility for partysite."""

import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "partysite.settings")
    from django.core.management import execute_from_command_line
    from django.db.utils import OperationalError

    try:
        execute_from_command_line(sys.argv)
    except OperationalError as exc:
        # An unreachable database gets one sentence, not a traceback wall.
        sys.stderr.write(
            "partysite: không kết nối được cơ sở dữ liệu "
            f"({str(exc).strip().splitlines()[0] if str(exc).strip() else exc.__class__.__name__}). "
            "Hãy kiểm tra DATABASE_URL và máy chủ cơ sở dữ liệu.\n"
        )
        sys.exit(2)


if __name__ == "__main__":
    main()
