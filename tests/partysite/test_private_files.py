"""Private files are readable by the site's account only; replaced files go after the commit (issue 12.7)."""

import io
import os
import stat
from datetime import date
from types import SimpleNamespace

import pytest
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.backends.signals import connection_created
from PIL import Image

from awards.models import Commendation
from core.storage import restrict_sqlite_file
from members.models import Member, PartyCell
from tests.news.factories import ArticleFactory, image_upload

pytestmark = pytest.mark.django_db


def _png(color=(10, 120, 10)) -> ContentFile:
    buffer = io.BytesIO()
    Image.new("RGB", (6, 8), color).save(buffer, format="PNG")
    return ContentFile(buffer.getvalue())


def _mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.fixture
def member():
    cell = PartyCell.objects.create(name="Chi bộ Riêng Tư")
    return Member.objects.create(full_name="Nguyễn Văn Ảnh", admission_date=date(1990, 1, 1), cell=cell)


def test_member_photo_and_certificate_are_written_0600_in_0700_folders(member, settings):
    assert settings.FILE_UPLOAD_PERMISSIONS == 0o644  # public media stay world-readable
    member.photo.save("anh.png", _png(), save=True)
    path = member.photo.path
    assert _mode(path) == 0o600
    assert _mode(os.path.dirname(path)) == 0o700
    commendation = Commendation.objects.create(
        member=member, form="giay_khen", title="Xuất sắc", year=2024, issuer="Đảng ủy Sở"
    )
    commendation.certificate.save("giay-khen.png", _png(), save=True)
    assert _mode(commendation.certificate.path) == 0o600


def test_the_sqlite_database_file_is_made_private(tmp_path):
    db_file = tmp_path / "db.sqlite3"
    db_file.write_bytes(b"")
    os.chmod(db_file, 0o644)
    restrict_sqlite_file(None, SimpleNamespace(vendor="sqlite", settings_dict={"NAME": db_file}))
    assert _mode(db_file) == 0o600
    # Connected for every new connection; in-memory test databases and other vendors are left alone.
    assert any(
        "restrict_sqlite_file" in repr(r[1]) or r[0][0] == "partysite-sqlite-private"
        for r in connection_created.receivers
    )
    restrict_sqlite_file(None, SimpleNamespace(vendor="postgresql", settings_dict={"NAME": "partysite"}))
    restrict_sqlite_file(None, SimpleNamespace(vendor="sqlite", settings_dict={"NAME": ":memory:"}))


def test_a_real_sqlite_connection_leaves_the_file_0600(tmp_path):
    from django.db import connections

    db_file = tmp_path / "real.sqlite3"
    db_file.write_bytes(b"")
    os.chmod(db_file, 0o644)
    wrapper = connections.create_connection("default").__class__
    if connections["default"].vendor != "sqlite":
        from django.db.backends.sqlite3.base import DatabaseWrapper as wrapper
    settings_dict = {
        **connections.settings["default"],
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(db_file),
        "OPTIONS": {},
    }
    conn = wrapper(settings_dict, alias="privacy-probe")
    try:
        conn.ensure_connection()
    finally:
        conn.close()
    assert _mode(db_file) == 0o600


def test_a_replaced_photo_is_deleted_after_the_commit_not_before(member, django_capture_on_commit_callbacks):
    member.photo.save("cu.png", _png(), save=True)
    old_path = member.photo.path
    with django_capture_on_commit_callbacks(execute=True):
        member.photo = ContentFile(_png((200, 0, 0)).read(), name="moi.png")
        member.save()
        # Still there until the transaction commits: a rollback must find the old file.
        assert os.path.exists(old_path)
    assert not os.path.exists(old_path)
    assert os.path.exists(member.photo.path)
    assert Member.objects.get(pk=member.pk).photo.name == member.photo.name


def test_a_rolled_back_replacement_keeps_the_old_photo(member, django_capture_on_commit_callbacks):
    member.photo.save("cu.png", _png(), save=True)
    old_name, old_path = member.photo.name, member.photo.path
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            member.photo = ContentFile(_png((0, 0, 200)).read(), name="moi.png")
            member.save()
            raise RuntimeError("lỗi giữa chừng")
    assert callbacks == []
    assert os.path.exists(old_path)
    assert Member.objects.get(pk=member.pk).photo.name == old_name


def test_a_cleared_photo_is_deleted_after_the_commit(member, django_capture_on_commit_callbacks):
    member.photo.save("cu.png", _png(), save=True)
    old_path = member.photo.path
    with django_capture_on_commit_callbacks(execute=True):
        member.photo = None
        member.save()
    assert not os.path.exists(old_path)


def test_a_replaced_certificate_is_deleted_after_the_commit(member, django_capture_on_commit_callbacks):
    commendation = Commendation.objects.create(
        member=member, form="giay_khen", title="Xuất sắc", year=2024, issuer="Đảng ủy Sở"
    )
    commendation.certificate.save("cu.png", _png(), save=True)
    old_path = commendation.certificate.path
    with django_capture_on_commit_callbacks(execute=True):
        commendation.certificate = ContentFile(_png((1, 2, 3)).read(), name="moi.png")
        commendation.save()
        assert os.path.exists(old_path)
    assert not os.path.exists(old_path)


def test_a_replaced_cover_and_its_renditions_are_deleted_after_the_commit(django_capture_on_commit_callbacks):
    article = ArticleFactory(cover_image=image_upload("bia-cu.jpg"))
    old = [article.cover_image.path, article.cover_webp.path, article.cover_thumb.path]
    assert all(os.path.exists(p) for p in old)
    with django_capture_on_commit_callbacks(execute=True):
        article.cover_image = image_upload("bia-moi.jpg", color=(0, 90, 200))
        article.save()
        assert all(os.path.exists(p) for p in old)
    assert not any(os.path.exists(p) for p in old)
    assert os.path.exists(article.cover_image.path) and os.path.exists(article.cover_webp.path)


def test_saving_without_touching_the_photo_keeps_it(member, django_capture_on_commit_callbacks):
    member.photo.save("cu.png", _png(), save=True)
    with django_capture_on_commit_callbacks(execute=True):
        member.notes = "Ghi chú mới"
        member.save()
        Member.objects.get(pk=member.pk).save()
    assert os.path.exists(member.photo.path)
