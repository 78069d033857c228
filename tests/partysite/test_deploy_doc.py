"""docs/deploy.md's gunicorn line: workers are not restarted every few seconds, and not all at once."""

import re
from pathlib import Path

DEPLOY = Path(__file__).resolve().parents[2] / "docs" / "deploy.md"


def test_gunicorn_max_requests_is_large_and_jittered():
    text = DEPLOY.read_text(encoding="utf-8")
    commands = re.findall(r"`(gunicorn partysite\.wsgi[^`]*)`", text)
    assert commands
    for command in commands:
        max_requests = re.search(r"--max-requests (\d+)", command)
        jitter = re.search(r"--max-requests-jitter (\d+)", command)
        assert max_requests and int(max_requests.group(1)) >= 50_000, command
        assert jitter and int(jitter.group(1)) >= int(max_requests.group(1)) // 20, command
    assert "bench/bench_max_requests.py" in text
