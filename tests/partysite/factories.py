"""One row of every model the security tests touch, with personal data that is easy to spot.

The values are distinctive on purpose: a public page that shows any of ``SECRETS`` leaks
member data.
"""

from datetime import date

from django.utils import timezone

SECRETS = {
    "card_number": "931122334455",
    "date_of_birth": date(1961, 7, 23),
    "hometown": "Xã Quỳnh Bảng Thử, huyện Quỳnh Lưu",
    "place_of_birth": "Làng Bí Mật Sinh",
    "religion": "Cao Đài Thử",
    "dossier_number": "LL-774411",
    "notes": "Ghi chú nội bộ chỉ Văn phòng được biết",
    "discipline_reason": "Lý do kỷ luật riêng tư",
    "early_reason": "Bệnh hiểm nghèo giai đoạn cuối thử nghiệm",
    "hold_reason": "Đang xác minh đơn thư thử nghiệm",
}


def secret_strings() -> list[str]:
    dob = SECRETS["date_of_birth"]
    values = [v for k, v in SECRETS.items() if isinstance(v, str)]
    return [*values, dob.strftime("%d/%m/%Y"), dob.isoformat()]


def sample_rows() -> dict:
    """Create one linked row per model; returns them by model label."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    from awards.models import BadgeAward, BadgeHold, BadgeRound, Commendation, EarlyAwardRequest, QualityRating
    from core.models import DataAccessLog, SiteProfile
    from members.models import Discipline, Member, MembershipGap, PartyCell
    from news.models import Article, Category, EditorImage

    cell = PartyCell.objects.create(name="Chi bộ Kiểm Thử")
    member = Member.objects.create(
        full_name="Trần Văn Kiểm",
        date_of_birth=SECRETS["date_of_birth"],
        hometown=SECRETS["hometown"],
        place_of_birth=SECRETS["place_of_birth"],
        religion=SECRETS["religion"],
        card_number=SECRETS["card_number"],
        dossier_number=SECRETS["dossier_number"],
        notes=SECRETS["notes"],
        admission_date=date(1990, 8, 25),
        official_date=date(1991, 8, 25),
        cell=cell,
        job_title="Phó Giám đốc Sở",
        party_position="Bí thư Chi bộ",
    )
    gap = MembershipGap.objects.create(
        member=member, start=date(2000, 3, 1), end=date(2001, 3, 1), reason=MembershipGap.Reason.OUT_OF_CONTACT
    )
    discipline = Discipline.objects.create(
        member=member,
        form=Discipline.Form.REPRIMAND,
        decided_on=date(2024, 1, 5),
        reason=SECRETS["discipline_reason"],
    )
    category = Category.objects.create(name="Hoạt động Đảng bộ")
    article = Article.objects.create(
        title="Đồng chí Trần Văn Kiểm nhận Huy hiệu 30 năm tuổi Đảng",
        slug="dong-chi-tran-van-kiem-nhan-huy-hieu",
        summary="Lễ trao Huy hiệu Đảng đợt 2/9.",
        body="<p>Đồng chí Trần Văn Kiểm, Phó Giám đốc Sở.</p>",
        category=category,
        status="published",
        published_at=timezone.now(),
    )
    editor_image = EditorImage.objects.create(file="editor/2026/01/anh.png", width=10, height=10)
    badge_round = BadgeRound.objects.create(date=date(2025, 9, 2))
    award = BadgeAward.objects.create(member=member, years=30, round=badge_round, round_date=badge_round.date)
    early = EarlyAwardRequest.objects.create(
        member=member, requested_on=date(2025, 1, 2), reason=SECRETS["early_reason"]
    )
    hold = BadgeHold.objects.create(member=member, reason=SECRETS["hold_reason"])
    commendation = Commendation.objects.create(
        member=member,
        form=Commendation.Form.CERTIFICATE,
        title="Hoàn thành xuất sắc nhiệm vụ năm 2024",
        year=2024,
        issuer="Đảng ủy Sở",
        article=article,
    )
    rating = QualityRating.objects.create(member=member, year=2024, level=QualityRating.Level.EXCELLENT)
    from documents.models import Document, IssuingBody

    issuing_body = IssuingBody.objects.get_or_create(name="Đảng ủy Sở")[0]
    document = Document.objects.create(
        number="15-QĐ/ĐU",
        doc_type="quyet_dinh",
        issuer=issuing_body,
        issued_on=date(2024, 3, 1),
        summary="Quyết định mẫu",
    )
    log = DataAccessLog.objects.create(
        action=DataAccessLog.Action.VIEWED, model="members.member", object_ids=[str(member.pk)], object_count=1
    )
    axes_fields = {"username": "khach", "ip_address": "10.0.0.9", "user_agent": "test", "path_info": "/quan-tri/login/"}
    attempt = AccessAttempt.objects.create(**axes_fields, get_data="", post_data="", failures_since_start=1)
    access_log = AccessLog.objects.create(**axes_fields)
    failure_log = AccessFailureLog.objects.create(**axes_fields)
    return {
        "axes.accessattempt": attempt,
        "axes.accesslog": access_log,
        "axes.accessfailurelog": failure_log,
        "partysite.siteprofile": SiteProfile.current(),
        "partysite.dataaccesslog": log,
        "members.partycell": cell,
        "members.member": member,
        "members.membershipgap": gap,
        "members.discipline": discipline,
        "news.category": category,
        "news.article": article,
        "news.editorimage": editor_image,
        "awards.badgeround": badge_round,
        "awards.badgeaward": award,
        "awards.earlyawardrequest": early,
        "awards.badgehold": hold,
        "awards.commendation": commendation,
        "awards.qualityrating": rating,
        "documents.issuingbody": issuing_body,
        "documents.document": document,
    }
