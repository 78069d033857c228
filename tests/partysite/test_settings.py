"""Production settings fail fast with one sentence; development needs nothing."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run_check(extra_env, *args):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    env.update(extra_env)
    return subprocess.run(
        [sys.executable, "manage.py", "check", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


PRODUCTION = {
    "DJANGO_ENV": "production",
    "DJANGO_SECRET_KEY": "x" * 20 + "a-long-and-random-secret-key-for-the-test-only-1234567890",
    "DJANGO_ALLOWED_HOSTS": "dangbo.example.vn",
    "DATABASE_URL": "sqlite:////tmp/partysite-settings-test.sqlite3",
}


@pytest.mark.parametrize("missing", ["DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS", "DATABASE_URL"])
def test_production_names_the_missing_variable(missing):
    env = {k: v for k, v in PRODUCTION.items() if k != missing}
    result = run_check(env)
    assert result.returncode != 0
    assert missing in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_malformed_database_url_is_one_sentence():
    result = run_check({**PRODUCTION, "DATABASE_URL": "nonsense://what"})
    assert result.returncode != 0
    assert "DATABASE_URL" in result.stderr
    assert "Traceback" not in result.stderr


def test_unreachable_database_is_one_sentence():
    env = {"DATABASE_URL": "postgres://nobody@127.0.0.1:1/none"}
    env_all = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    env_all.update(env)
    result = subprocess.run(
        [sys.executable, "manage.py", "migrate", "--check"],
        cwd=ROOT,
        env=env_all,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "không kết nối được cơ sở dữ liệu" in result.stderr
    assert "Traceback" not in result.stderr


def test_production_deploy_check_is_clean():
    result = run_check(PRODUCTION, "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
