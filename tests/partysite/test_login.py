"""Login throttling (django-axes), password rules and session expiry."""

from datetime import timedelta
from io import StringIO

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import Client
from django.utils import timezone, translation

pytestmark = pytest.mark.django_db

LOGIN = "/quan-tri/login/"
PASSWORD = "mat-khau-thu-nghiem"


def attempt(client, username, password="sai-mat-khau", ip="10.1.2.3"):
    return client.post(LOGIN, {"username": username, "password": password, "next": "/quan-tri/"}, REMOTE_ADDR=ip)


def fail(client, username, times, ip="10.1.2.3"):
    return [attempt(client, username, ip=ip) for _ in range(times)]


def is_locked(response):
    return response.status_code == 429 and "tạm thời bị khóa" in response.content.decode()


def test_four_failures_do_not_lock(client, editor):
    responses = fail(client, "bientap", 4)
    assert all(r.status_code == 200 for r in responses)
    assert attempt(client, "bientap", PASSWORD).status_code == 302


def test_fifth_failure_locks_with_a_vietnamese_message(client, editor):
    responses = fail(client, "bientap", 5)
    assert is_locked(responses[-1])
    assert "15 phút" in responses[-1].content.decode()
    # The right password does not get through while locked.
    assert is_locked(attempt(client, "bientap", PASSWORD))


def test_another_username_from_the_same_address_is_not_locked(client, editor, publisher):
    fail(client, "bientap", 5)
    assert attempt(client, "duyetbai", PASSWORD).status_code == 302


def test_same_username_from_another_address_is_not_locked(editor):
    fail(Client(), "bientap", 5, ip="10.1.2.3")
    assert attempt(Client(), "bientap", PASSWORD, ip="10.9.9.9").status_code == 302


def test_lockout_ends_after_fifteen_minutes(client, editor):
    fail(client, "bientap", 5)
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    assert attempt(client, "bientap", PASSWORD).status_code == 302


def test_unlock_command_lifts_the_lockout(client, editor):
    fail(client, "bientap", 5)
    out = StringIO()
    call_command("unlock_login", "bientap", stdout=out)
    assert "Đã mở khóa" in out.getvalue()
    assert attempt(client, "bientap", PASSWORD).status_code == 302


def test_unlock_command_for_one_address_leaves_others_locked(editor):
    fail(Client(), "bientap", 5, ip="10.0.0.1")
    fail(Client(), "bientap", 5, ip="10.0.0.2")
    call_command("unlock_login", "bientap", "--ip", "10.0.0.1", stdout=StringIO())
    assert attempt(Client(), "bientap", PASSWORD, ip="10.0.0.1").status_code == 302
    assert is_locked(attempt(Client(), "bientap", PASSWORD, ip="10.0.0.2"))


def test_unlock_command_says_when_nothing_was_locked():
    out = StringIO()
    call_command("unlock_login", "khongai", stdout=out)
    assert "Không có lần đăng nhập sai" in out.getvalue()


@pytest.mark.parametrize(
    ("password", "words"),
    [
        ("ngan123", "quá ngắn"),
        ("1234567890", "quá phổ biến"),
        ("nguyenvanbinh1", "quá giống"),
    ],
)
def test_weak_passwords_are_refused_in_vietnamese(django_user_model, password, words):
    user = django_user_model(username="nguyenvanbinh", first_name="Bình")
    with translation.override("vi"), pytest.raises(ValidationError) as info:
        validate_password(password, user)
    assert any(words in message for message in info.value.messages), info.value.messages


def test_a_long_unusual_password_is_accepted(django_user_model):
    validate_password("Huy-hieu-Dang-30-nam!", django_user_model(username="nguyenvanbinh"))


def test_session_lasts_a_working_day_and_slides_with_activity(client, editor):
    client.force_login(editor)
    response = client.get("/quan-tri/")
    assert response.status_code == 200
    assert response.cookies["sessionid"]["max-age"] == 8 * 60 * 60
    session = Session.objects.get()
    assert timedelta(hours=7, minutes=59) < session.expire_date - timezone.now() <= timedelta(hours=8)
    # Activity pushes the end forward (SESSION_SAVE_EVERY_REQUEST).
    Session.objects.update(expire_date=timezone.now() + timedelta(hours=1))
    client.get("/quan-tri/")
    assert Session.objects.get().expire_date - timezone.now() > timedelta(hours=7)


def test_inactive_session_past_a_working_day_needs_a_new_login(client, editor):
    client.force_login(editor)
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
    response = client.get("/quan-tri/")
    assert response.status_code == 302 and response["Location"].startswith(LOGIN)
