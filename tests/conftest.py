"""Fixtures shared by every test: isolated files, fast passwords, one user per role."""

import subprocess
from pathlib import Path

import pytest
from django.contrib.auth.models import Group

from core import roles


@pytest.fixture(autouse=True)
def _isolated_files(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.VAR_DIR = tmp_path / "var"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _clear_cache():
    # Every cache, the page cache included: a page stored by one test must not answer another.
    from django.core.cache import caches

    from news.view_counts import view_counter

    for backend in caches.all(initialized_only=True):
        backend.clear()
    view_counter.discard()
    yield
    for backend in caches.all(initialized_only=True):
        backend.clear()


def _staff_user(django_user_model, username, group_name=None, superuser=False):
    user = django_user_model.objects.create_user(
        username=username, password="mat-khau-thu-nghiem", is_staff=True, is_superuser=superuser
    )
    if group_name:
        user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def editor(db, django_user_model):
    return _staff_user(django_user_model, "bientap", roles.EDITORS)


@pytest.fixture
def publisher(db, django_user_model):
    return _staff_user(django_user_model, "duyetbai", roles.PUBLISHERS)


@pytest.fixture
def office(db, django_user_model):
    return _staff_user(django_user_model, "vanphong", roles.OFFICE)


@pytest.fixture
def superuser(db, django_user_model):
    return _staff_user(django_user_model, "quantri", superuser=True)


@pytest.fixture
def role_users(editor, publisher, office, superuser):
    return {"editor": editor, "publisher": publisher, "office": office, "superuser": superuser}


@pytest.fixture
def no_page_cache(settings):
    """Query counts pin what a view itself costs: switch the anonymous page cache off."""
    settings.PAGE_CACHE_ENABLED = False


@pytest.fixture
def mount_tmpfs():
    """mount_tmpfs(path, *options): a real tmpfs (e.g. "ro" or "size=16k") on a folder, to see what
    a read-only or full disk does; unmounted afterwards, skipped where mounting is not allowed."""
    mounted = []

    def mount(path: Path, *options):
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        result = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", ",".join(options), "tmpfs", str(path)], capture_output=True, check=False
        )
        if result.returncode:
            pytest.skip("mounting a tmpfs is not allowed here")
        mounted.append(path)
        return path

    yield mount
    for path in reversed(mounted):  # the innermost first
        subprocess.run(["umount", str(path)], check=False)
