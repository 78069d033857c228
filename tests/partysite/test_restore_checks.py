"""restore checks the whole archive, and the disk, before it changes anything (issue 16 item 4).

Hostile archives beyond those in test_backup.py: a flipped byte, an edited row, a replaced or an
added file, one from a newer release, one without checksums; and a read-only or full media folder
(real tmpfs mounts; skipped where mounting is not allowed).
"""

import gzip
import io
import json
import tarfile
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command

from core.models import DataAccessLog
from members.models import Member

from .test_backup import _rewrite, make_backup, site_data, wipe  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db


def refused(archive, match):
    with pytest.raises(CommandError, match=match) as error:
        call_command("restore", str(archive))
    message = str(error.value)
    assert "Traceback" not in message and message.count(". ") == 0  # one sentence
    return message


def assert_nothing_restored(site_data):  # noqa: F811
    assert Member.objects.count() == 0 and User.objects.count() == 0
    assert not site_data["media"].exists() and not site_data["private"].exists()
    media = Path(settings.MEDIA_ROOT)
    assert not list(media.glob(".restore-staging*")) if media.is_dir() else True


def _edit_member(archive, tmp_path, name, edit):
    def change(member, data):
        if member.name == name:
            data = edit(data)
            member.size = len(data)
        return member, data

    return _rewrite(archive, tmp_path / f"edited-{Path(name).name}.tar.gz", change)


def test_a_flipped_byte_in_the_middle_is_refused(tmp_path, site_data):  # noqa: F811
    archive = make_backup(tmp_path)
    raw = bytearray(archive.read_bytes())
    raw[len(raw) // 2] ^= 0x01
    bad = tmp_path / "flipped.tar.gz"
    bad.write_bytes(bytes(raw))
    wipe(site_data)
    refused(bad, "hỏng")
    assert_nothing_restored(site_data)


def test_a_truncated_archive_is_refused(tmp_path, site_data):  # noqa: F811
    archive = make_backup(tmp_path)
    bad = tmp_path / "short.tar.gz"
    bad.write_bytes(archive.read_bytes()[:-20])  # the gzip trailer (CRC, length) cut off
    wipe(site_data)
    refused(bad, "hỏng")
    assert_nothing_restored(site_data)


def test_an_edited_article_row_is_refused(tmp_path, site_data):  # noqa: F811
    archive = make_backup(tmp_path)

    def edit(data):
        rows = json.loads(data)
        for row in rows:
            if row["model"] == "news.article":
                row["fields"]["title"] = "Tiêu đề bị sửa"
        return json.dumps(rows).encode()

    bad = _edit_member(archive, tmp_path, "data.json", edit)
    wipe(site_data)
    message = refused(bad, "đã bị")
    assert "data.json" in message or "news.article" in message
    assert_nothing_restored(site_data)


def test_an_edited_row_with_a_recomputed_file_checksum_still_names_its_table(tmp_path, site_data):  # noqa: F811
    import hashlib

    archive = make_backup(tmp_path)
    with tarfile.open(archive) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
        rows = json.load(tar.extractfile("data.json"))
    for row in rows:
        if row["model"] == "news.article":
            row["fields"]["title"] = "Tiêu đề bị sửa"
    data = json.dumps(rows).encode()
    manifest["files"]["data.json"] = hashlib.sha256(data).hexdigest()

    def change(member, content):
        if member.name == "data.json":
            content = data
        elif member.name == "manifest.json":
            content = json.dumps(manifest).encode()
        member.size = len(content) if content is not None else member.size
        return member, content

    bad = _rewrite(archive, tmp_path / "table.tar.gz", change)
    wipe(site_data)
    refused(bad, "bảng news.article")
    assert_nothing_restored(site_data)


def test_a_replaced_media_file_is_refused(tmp_path, site_data):  # noqa: F811
    archive = make_backup(tmp_path)
    bad = _edit_member(archive, tmp_path, "media/covers/anh.png", lambda data: b"\x89PNG other picture")
    wipe(site_data)
    refused(bad, "media/covers/anh.png")
    assert_nothing_restored(site_data)


def test_a_file_the_manifest_does_not_list_is_refused(tmp_path, site_data):  # noqa: F811
    archive = make_backup(tmp_path)
    bad = tmp_path / "extra.tar.gz"
    with tarfile.open(archive) as src, tarfile.open(bad, "w:gz") as dst:
        for member in src.getmembers():
            dst.addfile(member, src.extractfile(member) if member.isfile() else None)
        extra = tarfile.TarInfo("media/covers/them.html")
        extra.size = len(b"<p>x</p>")
        dst.addfile(extra, io.BytesIO(b"<p>x</p>"))
    wipe(site_data)
    refused(bad, "thừa media/covers/them.html")
    assert_nothing_restored(site_data)


def test_an_archive_from_a_newer_release_is_refused_in_one_sentence(tmp_path, site_data):  # noqa: F811
    archive = make_backup(tmp_path)

    def newer(data):
        manifest = json.loads(data)
        manifest["migrations"]["members"] = "9999_from_the_future"
        return json.dumps(manifest).encode()

    bad = _edit_member(archive, tmp_path, "manifest.json", newer)
    wipe(site_data)
    message = refused(bad, "phiên bản mới hơn")
    assert "members.9999_from_the_future" in message
    assert_nothing_restored(site_data)


def test_an_archive_without_checksums_is_refused(tmp_path, site_data):  # noqa: F811
    archive = make_backup(tmp_path)

    def old_style(data):
        manifest = json.loads(data)
        del manifest["files"], manifest["tables"]
        return json.dumps(manifest).encode()

    bad = _edit_member(archive, tmp_path, "manifest.json", old_style)
    wipe(site_data)
    refused(bad, "mã kiểm tra")
    assert_nothing_restored(site_data)


def test_success_leaves_no_staging_folder(tmp_path, site_data):  # noqa: F811
    archive = make_backup(tmp_path)
    wipe(site_data)
    call_command("restore", str(archive), stdout=io.StringIO())
    assert site_data["media"].read_bytes() == b"\x89PNG cover bytes"
    for root in (Path(settings.MEDIA_ROOT), Path(settings.VAR_DIR) / "private"):
        assert not list(root.glob(".restore-staging*"))


def test_backup_writes_an_access_log_row_with_the_os_user(tmp_path, site_data):  # noqa: F811
    import getpass

    make_backup(tmp_path)
    row = DataAccessLog.objects.get(action=DataAccessLog.Action.EXPORTED, model="members.member")
    assert row.object_count == 2
    assert getpass.getuser() in row.username and row.user is None


def test_the_archive_records_a_checksum_for_every_file_and_table(tmp_path, site_data):  # noqa: F811
    archive = make_backup(tmp_path)
    with tarfile.open(archive) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
    assert {"data.json", "media/covers/anh.png", "private/members/the.jpg"} <= set(manifest["files"])
    assert {"members.member", "news.article", "auth.user"} <= set(manifest["tables"])
    with gzip.open(archive) as stream:  # a complete, well-formed gzip stream
        assert stream.read()


# --- the media folder cannot take the files: refused before the database changes ------------------
def test_a_read_only_media_folder_refuses_before_any_database_change(tmp_path, site_data, mount_tmpfs):  # noqa: F811
    archive = make_backup(tmp_path)
    wipe(site_data)
    mount_tmpfs(Path(settings.MEDIA_ROOT), "ro", "size=1m")
    message = refused(archive, "chỉ cho đọc")
    assert "chưa bị thay đổi" in message
    assert Member.objects.count() == 0 and User.objects.count() == 0


def test_a_full_media_folder_refuses_before_any_database_change(tmp_path, site_data, mount_tmpfs):  # noqa: F811
    big = Path(settings.MEDIA_ROOT) / "covers" / "lon.jpg"
    big.write_bytes(b"\xff" * 300_000)
    archive = make_backup(tmp_path)
    wipe(site_data)
    big.unlink()
    mount_tmpfs(Path(settings.MEDIA_ROOT), "size=64k")
    message = refused(archive, "đầy")
    assert "chưa bị thay đổi" in message
    assert Member.objects.count() == 0 and User.objects.count() == 0
    assert not list(Path(settings.MEDIA_ROOT).rglob("*.jpg")) and not list(Path(settings.MEDIA_ROOT).rglob("*.png"))
