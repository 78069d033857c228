"""Behind the documented reverse proxy, an outsider cannot lock staff out (issue 12.3).

The client's address comes from X-Forwarded-For exactly DJANGO_PROXY_COUNT hops from the right
(ignored when 0); django-axes locks the pair (address, username), never the username alone;
the access log records the real address. The same path through a real nginx built from
docs/deploy.md is in tests/e2e/test_proxy_nginx.py.
"""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.test import Client, RequestFactory
from django.utils import timezone

from core.audit import client_ip_address
from core.models import DataAccessLog

pytestmark = pytest.mark.django_db

LOGIN = "/quan-tri/login/"
PASSWORD = "mat-khau-thu-nghiem"
PROXY = "127.0.0.1"
ATTACKER = "203.0.113.9"
REAL_USER = "198.51.100.7"


def _request(remote="127.0.0.1", forwarded=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def via_proxy(client, username, password, client_address, forwarded=None):
    """A login POST as nginx passes it on: the peer is the proxy, the header names the client."""
    return client.post(
        LOGIN,
        {"username": username, "password": password, "next": "/quan-tri/"},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=forwarded or client_address,
    )


@pytest.fixture
def one_proxy(settings):
    settings.PROXY_COUNT = 1


def test_without_a_proxy_the_header_is_ignored(settings):
    settings.PROXY_COUNT = 0
    assert client_ip_address(_request("10.0.0.5", "1.2.3.4")) == "10.0.0.5"


@pytest.mark.parametrize(
    ("hops", "header", "expected"),
    [
        (1, "198.51.100.7", "198.51.100.7"),
        (1, "6.6.6.6, 198.51.100.7", "198.51.100.7"),  # the left part was written by the client
        (2, "6.6.6.6, 198.51.100.7, 10.0.0.2", "198.51.100.7"),
        (1, " 2001:db8::1 ", "2001:db8::1"),
        (2, "198.51.100.7", "127.0.0.1"),  # fewer hops than proxies: not through all of them
        (1, "", "127.0.0.1"),
        (1, "không-phải-địa-chỉ", "127.0.0.1"),
        (1, "1.2.3.4, <script>", "127.0.0.1"),
    ],
)
def test_the_client_is_exactly_proxy_count_hops_from_the_right(settings, hops, header, expected):
    settings.PROXY_COUNT = hops
    assert client_ip_address(_request("127.0.0.1", header)) == expected


def test_attacker_is_locked_out_and_the_real_user_still_logs_in(one_proxy, editor):
    attacker = Client()
    responses = [via_proxy(attacker, "bientap", "sai-mat-khau", ATTACKER) for _ in range(5)]
    assert [r.status_code for r in responses] == [200, 200, 200, 200, 429]
    assert via_proxy(attacker, "bientap", PASSWORD, ATTACKER).status_code == 429
    real = Client()
    response = via_proxy(real, "bientap", PASSWORD, REAL_USER)
    assert response.status_code == 302
    assert real.get("/quan-tri/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=REAL_USER).status_code == 200
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {ATTACKER}


def test_a_forged_header_does_not_let_the_attacker_change_address(one_proxy, editor):
    attacker = Client()
    for n in range(5):
        # The client writes its own X-Forwarded-For; a proxy that appends gives "forged, real".
        via_proxy(attacker, "bientap", "sai-mat-khau", ATTACKER, forwarded=f"10.0.0.{n}, {ATTACKER}")
    assert via_proxy(attacker, "bientap", PASSWORD, ATTACKER, forwarded=f"10.0.0.99, {ATTACKER}").status_code == 429


def test_failures_during_a_lockout_do_not_restart_the_cool_off(one_proxy, editor):
    attacker = Client()
    for _ in range(5):
        via_proxy(attacker, "bientap", "sai-mat-khau", ATTACKER)
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=10))
    assert via_proxy(attacker, "bientap", "sai-mat-khau", ATTACKER).status_code == 429
    assert AccessAttempt.objects.get().attempt_time < timezone.now() - timedelta(minutes=9)
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    assert via_proxy(attacker, "bientap", PASSWORD, ATTACKER).status_code == 302


def test_the_access_log_records_the_real_address(one_proxy, client, office):
    client.force_login(office)
    client.get("/quan-tri/members/member/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=REAL_USER)
    assert DataAccessLog.objects.get().ip_address == REAL_USER
