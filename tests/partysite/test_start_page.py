"""The admin index is each role's start page: what is waiting, as counts linking to filtered lists."""

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from awards import dashboard as awards_dashboard
from awards import ratings
from awards.models import Commendation, EarlyAwardRequest, QualityRating
from core import dashboard
from core.models import DataAccessLog
from members import dashboard as members_dashboard
from members.models import Member
from news import workflow
from news.models import Article

from ..awards.factories import CellFactory, CommendationFactory, DisciplineFactory, MemberFactory, RoundFactory
from ..news.factories import ArticleFactory

pytestmark = pytest.mark.django_db
INDEX = "/quan-tri/"
NOW = dt.datetime(2026, 12, 7, 10, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
TODAY = NOW.date()


def _blocks(user, now=NOW) -> dict[str, dashboard.Block]:
    return {
        b.key + (f":{b.title}" if b.key.startswith("news.publisher") else ""): b
        for _section, blocks in dashboard.blocks_for(user, now)
        for b in blocks
    }


def _counts(block) -> dict[str, int]:
    return {item.label: item.count for item in block.items}


def _sections(user):
    return [section for section, _blocks in dashboard.blocks_for(user, NOW)]


# --- the registry -------------------------------------------------------------------------------
def test_partysite_imports_no_app_for_the_start_page():
    for name in ("dashboard.py", "admin_blocks.py", "templatetags/start_page.py"):
        source = (Path(dashboard.__file__).parent / name).read_text()
        assert "from news" not in source and "from members" not in source and "from awards" not in source


def test_each_role_sees_its_own_sections(editor, publisher, office, superuser):
    assert _sections(editor) == [dashboard.EDITOR]
    assert _sections(publisher) == [dashboard.PUBLISHER]
    assert _sections(office) == [dashboard.OFFICE]
    assert _sections(superuser) == [dashboard.EDITOR, dashboard.PUBLISHER, dashboard.OFFICE, dashboard.ADMIN]


def test_a_failing_block_leaves_the_page_and_the_app_list(client, office):
    @dashboard.register("tests.broken", roles=["Văn phòng Đảng ủy"])
    def broken(viewer):
        raise RuntimeError("boom")

    try:
        client.force_login(office)
        page = client.get(INDEX).content.decode()
    finally:
        dashboard.unregister("tests.broken")
    assert "Không tải được mục này" in page and "Mọi mục quản trị" in page
    assert reverse("admin:members_member_changelist") in page


# --- editor -------------------------------------------------------------------------------------
def test_editor_sees_drafts_sent_back_with_reason_and_waiting(client, editor, publisher):
    ArticleFactory.create_batch(2, author=editor, status=Article.Status.DRAFT, published_at=None)
    back = ArticleFactory(author=editor, status=Article.Status.REVIEW, published_at=None, title="Tin cần sửa")
    workflow.send_back(back, "Thiếu nguồn ảnh.")
    ArticleFactory(author=editor, status=Article.Status.REVIEW, published_at=None)
    ArticleFactory(author=publisher, status=Article.Status.DRAFT, published_at=None)  # not mine
    block = _blocks(editor)["news.editor"]
    assert _counts(block) == {"bị trả lại, cần sửa": 1, "bản nháp": 2, "đang chờ duyệt": 1}
    assert [(r.text, r.detail) for r in block.rows] == [("Tin cần sửa", "Ý kiến người duyệt: Thiếu nguồn ảnh.")]

    client.force_login(editor)
    page = client.get(INDEX).content.decode()
    assert "Thiếu nguồn ảnh." in page and "Tin của tôi" in page and "Văn phòng Đảng ủy" not in page
    sent_back_url = block.items[0].url
    listed = client.get(sent_back_url).context["cl"].result_list
    assert [a.title for a in listed] == ["Tin cần sửa"]


# --- publisher ----------------------------------------------------------------------------------
def test_publisher_sees_waiting_oldest_first_scheduled_with_time_and_last_published(publisher, editor):
    old = ArticleFactory(status=Article.Status.REVIEW, published_at=None, title="Gửi trước", author=editor)
    ArticleFactory(status=Article.Status.REVIEW, published_at=None, title="Gửi sau", author=editor)
    Article.objects.filter(pk=old.pk).update(updated_at=timezone.now() - dt.timedelta(days=2))
    ArticleFactory(title="Tin hẹn giờ", published_at=timezone.now() + dt.timedelta(days=1, hours=2))
    ArticleFactory(title="Tin mới đăng", published_at=timezone.now() - dt.timedelta(minutes=5))
    blocks = [b for section, bs in dashboard.blocks_for(publisher) for b in bs]
    waiting, scheduled, published = blocks
    assert _counts(waiting) == {"tin chờ duyệt": 2}
    assert [r.text for r in waiting.rows] == ["Gửi trước", "Gửi sau"]
    assert _counts(scheduled) == {"tin hẹn giờ": 1} and scheduled.rows[0].detail.startswith("Đăng lúc ")
    assert published.rows[0].text == "Tin mới đăng"


# --- office -------------------------------------------------------------------------------------
@pytest.fixture
def registry():
    RoundFactory(date=dt.date(2026, 11, 7))  # past: not the next one
    RoundFactory(date=dt.date(2027, 2, 3))
    MemberFactory(admission_date=dt.date(1997, 1, 10))  # 30 years on 10/01/2027: regular
    MemberFactory(admission_date=dt.date(1996, 5, 1))  # reached 01/05/2026, not yet awarded: regular
    early = MemberFactory(admission_date=dt.date(1997, 6, 1))  # 30 years on 01/06/2027, asked early
    EarlyAwardRequest.objects.create(member=early, requested_on=dt.date(2026, 10, 1), reason="Ốm nặng")
    held = MemberFactory(admission_date=dt.date(1997, 1, 5))
    DisciplineFactory(member=held, decided_on=dt.date(2026, 12, 1))  # reprimand: held until 01/06/2027
    MemberFactory(admission_date=dt.date(1997, 10, 1))  # 30 years on 01/10/2027: within 12 months only
    MemberFactory(admission_date=dt.date(2010, 1, 1))
    # Probation (12 months from the ceremony): one ending within 60 days, one ended, one later.
    for ceremony in (dt.date(2026, 1, 20), dt.date(2025, 11, 1), dt.date(2026, 6, 1)):
        MemberFactory(
            status=Member.Status.PROBATIONARY,
            admission_date=ceremony - dt.timedelta(days=10),
            admission_ceremony_date=ceremony,
            official_date=None,
        )
    CommendationFactory(confirmed_at=None, member=MemberFactory(admission_date=dt.date(2012, 5, 5)))
    CommendationFactory(member=MemberFactory(admission_date=dt.date(2012, 5, 5)))


def test_office_next_round_counts_by_kind_held_and_early_requests(office, registry):
    block = _blocks(office)["awards.next_round"]
    assert block.title.endswith("03/02/2027")
    assert _counts(block) == {
        "đề nghị tặng theo niên hạn": 2,
        "đề nghị tặng sớm": 1,
        "đề nghị truy tặng": 0,
        "tạm dừng xét (kỷ luật, đình chỉ, Văn phòng dừng)": 1,
        "đề nghị tặng sớm đang chờ": 1,
    }
    assert block.button[1].endswith("/danh-sach/")


def test_office_milestones_probation_and_commendations(office, registry):
    blocks = _blocks(office)
    assert [i.count for i in blocks["members.milestones"].items] == [2, 3, 4]
    assert blocks["members.milestones"].items[0].url.endswith("?dat_moc=3")
    probation = _counts(blocks["members.probation"])
    assert probation["hết 12 tháng dự bị trong 60 ngày tới"] == 1
    assert probation["đã hết 12 tháng, chưa công nhận chính thức"] == 1
    assert blocks["awards.ratings"].title.startswith("Xếp loại năm 2026")
    assert blocks["awards.ratings"].items[0].url.endswith("/2026/")
    assert _counts(blocks["awards.commendations"]) == {
        "khen thưởng đã nhập, chưa xác nhận (chưa hiện trên bảng vinh danh)": 1
    }


def test_milestone_links_list_the_counted_members(client, office, registry):
    client.force_login(office)
    today = timezone.localdate()
    counts = members_dashboard.milestone_counts(today)
    for months in (3, 6, 12):
        listed = client.get(f"{reverse('admin:members_member_changelist')}?dat_moc={months}").context["cl"]
        assert listed.result_count == counts[months]


def test_ratings_not_entered_per_cell():
    assert ratings.current_review_year(dt.date(2026, 12, 7)) == 2026
    assert ratings.current_review_year(dt.date(2027, 3, 1)) == 2026
    busy, done = CellFactory(name="Chi bộ Văn phòng"), CellFactory(name="Chi bộ Báo chí")
    rated = MemberFactory(cell=busy, admission_date=dt.date(2000, 1, 1))
    MemberFactory(cell=busy, admission_date=dt.date(2001, 1, 1))  # not yet rated
    MemberFactory(cell=busy, admission_date=dt.date(2026, 9, 1))  # admitted < 6 months before 31/12
    MemberFactory(cell=busy, status=Member.Status.EXCUSED)  # excused: not rated
    QualityRating.objects.create(member=rated, year=2026, level="httnv")
    other = MemberFactory(cell=done, admission_date=dt.date(2000, 1, 1))
    QualityRating.objects.create(member=other, year=2026, level="httnv")
    QualityRating.objects.create(cell=done, year=2026, level="httnv")
    assert [(c.name, n, missing) for c, n, missing in ratings.missing_by_cell(2026)] == [("Chi bộ Văn phòng", 1, True)]


def test_office_sees_no_member_names_on_the_start_page(client, office, registry):
    client.force_login(office)
    page = client.get(INDEX).content.decode()
    assert "Đợt Huy hiệu Đảng sắp tới" in page and "Nguyễn Văn Thử" not in page


def test_round_summary_is_cached_until_the_registry_changes(office, registry, monkeypatch):
    calls = []
    real = awards_dashboard.eligible_for_round
    monkeypatch.setattr(awards_dashboard, "eligible_for_round", lambda day: calls.append(day) or real(day))
    dashboard.blocks_for(office, NOW)
    dashboard.blocks_for(office, NOW)
    assert len(calls) == 1
    MemberFactory(admission_date=dt.date(1996, 12, 1))
    block = _blocks(office)["awards.next_round"]
    assert len(calls) == 2 and _counts(block)["đề nghị tặng theo niên hạn"] == 3


# --- superuser ----------------------------------------------------------------------------------
def test_superuser_sees_lockouts_and_the_access_log(client, superuser, office):
    from axes.models import AccessAttempt

    AccessAttempt.objects.create(
        username="ke_do_mat_khau",
        ip_address="203.0.113.9",
        failures_since_start=5,
        user_agent="x",
        http_accept="x",
        path_info="/quan-tri/login/",
    )
    AccessAttempt.objects.create(
        username="go_nham",
        ip_address="203.0.113.10",
        failures_since_start=1,
        user_agent="x",
        http_accept="x",
        path_info="/quan-tri/login/",
    )
    DataAccessLog.objects.create(
        user=office, username="vanphong", action="exported", model="members.member", object_ids=["1"], object_count=1
    )
    blocks = _blocks(superuser, timezone.now())
    assert blocks["partysite.lockouts"].items[0].count == 1
    assert "ke_do_mat_khau" in blocks["partysite.lockouts"].rows[0].text
    assert blocks["partysite.access_log"].rows[0].text.startswith("vanphong: xuất dữ liệu 1 bản ghi đảng viên")
    client.force_login(superuser)
    page = client.get(INDEX).content.decode()
    for heading in ("Biên tập tin", "Duyệt tin", "Văn phòng Đảng ủy", "Quản trị hệ thống", "Mọi mục quản trị"):
        assert heading in page


def test_only_superusers_see_the_admin_section(office, publisher):
    assert dashboard.ADMIN not in _sections(office) + _sections(publisher)


# --- query counts: fixed, whatever the amount of data ------------------------------------------------
def _index_queries(client, user) -> int:
    cache.clear()
    client.force_login(user)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(INDEX).status_code == 200
    return len(captured)


def _more_data(editor):
    cell = CellFactory(name="Chi bộ Thêm")
    for i in range(6):
        MemberFactory(cell=cell, admission_date=dt.date(1996 + i % 2, 1 + i, 3))
        ArticleFactory(author=editor, status=Article.Status.DRAFT, published_at=None)
        ArticleFactory(status=Article.Status.REVIEW, published_at=None)
        ArticleFactory(published_at=timezone.now() + dt.timedelta(days=i + 1))
        CommendationFactory(confirmed_at=None, member=MemberFactory(cell=cell, admission_date=dt.date(2012, 5, 5)))
    RoundFactory(date=dt.date(2027, 5, 19))


# Cold counts: the next round reads history (status and cell on the round date) and probation uses
# members.probation; none of them grows with the data.
@pytest.mark.parametrize("role, expected", [("editor", 12), ("publisher", 14), ("office", 34), ("superuser", 41)])
def test_start_page_queries_do_not_grow_with_data(
    client, role_users, registry, role, expected, django_assert_num_queries
):
    user = role_users[role]
    _index_queries(client, user)  # process-wide caches (content types, permissions) filled once
    before = _index_queries(client, user)
    _more_data(role_users["editor"])
    after = _index_queries(client, user)
    assert (before, after) == (expected, expected)


@pytest.mark.parametrize("role, expected", [("office", 12), ("superuser", 19)])
def test_warm_start_page_skips_the_registry_reads(
    client, role_users, registry, role, expected, django_assert_num_queries
):
    client.force_login(role_users[role])
    client.get(INDEX)
    with django_assert_num_queries(expected):
        client.get(INDEX)


def test_commendation_counts_link_to_the_unconfirmed_list(client, office):
    waiting = CommendationFactory(confirmed_at=None, member=MemberFactory())
    client.force_login(office)
    url = _blocks(office)["awards.commendations"].items[0].url
    assert [c.pk for c in client.get(url).context["cl"].result_list] == [waiting.pk]
    assert Commendation.objects.count() == 1
