"""Demo members: 6 cells and about 150 invented members (names made up, card numbers fake).

Covers every status, gaps, every form of discipline, a readmission, a 29/02 admission and
members reaching each badge milestone around the coming rounds (3/2, 19/5, 2/9, 7/11 of
2027 and the rest of 2026). Deterministic (seeded random) and idempotent: members are
keyed by card number and only the missing ones are added.
"""

import random
from datetime import date, timedelta

from django.db import transaction
from simple_history.utils import bulk_create_with_history

from core.regulations import BADGES
from members.models import Discipline, Member, MembershipGap, PartyCell, StatusChange
from members.party_age import add_months

CELLS = [
    ("Chi bộ Văn phòng", "Văn phòng Sở, Thanh tra và tổ chức cán bộ."),
    ("Chi bộ Báo chí – Xuất bản", "Phòng Thông tin – Báo chí – Xuất bản."),
    ("Chi bộ Viễn thông", "Phòng Bưu chính – Viễn thông."),
    ("Chi bộ Công nghệ thông tin", "Phòng Công nghệ thông tin và An toàn thông tin."),
    ("Chi bộ Trung tâm Chuyển đổi số", "Trung tâm Chuyển đổi số và Dữ liệu."),
    ("Chi bộ Thanh tra", "Thanh tra Sở."),
]

FAMILY = [
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Huỳnh",
    "Phan",
    "Vũ",
    "Võ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Hồ",
    "Ngô",
    "Dương",
    "Lý",
    "Đinh",
    "Lữ",
    "Trịnh",
    "Mai",
]
MIDDLE_MALE = ["Văn", "Hữu", "Đức", "Minh", "Quốc", "Thành", "Công", "Xuân", "Ngọc", "Trọng"]
MIDDLE_FEMALE = ["Thị", "Thu", "Ngọc", "Thanh", "Minh", "Bích", "Phương", "Hồng", "Kim", "Thùy"]
GIVEN_MALE = [
    "An",
    "Bình",
    "Cường",
    "Dũng",
    "Đạt",
    "Giang",
    "Hải",
    "Hùng",
    "Khoa",
    "Long",
    "Nam",
    "Phong",
    "Quang",
    "Quyết",
    "Sơn",
    "Tâm",
    "Thắng",
    "Toàn",
    "Trung",
    "Việt",
]
GIVEN_FEMALE = [
    "Anh",
    "Chi",
    "Dung",
    "Duyên",
    "Giang",
    "Hà",
    "Hạnh",
    "Hương",
    "Lan",
    "Linh",
    "Mai",
    "Nga",
    "Ngọc",
    "Nhung",
    "Oanh",
    "Phượng",
    "Thảo",
    "Trang",
    "Vân",
    "Yến",
]
HOMETOWNS = [
    "xã Tân Lập",
    "xã Đông Hưng",
    "phường Trung Tâm",
    "xã Yên Bình",
    "xã Mỹ Đức",
    "phường Hòa Bình",
    "xã Quang Trung",
    "xã Đại Đồng",
]
JOBS = [
    "Chuyên viên",
    "Chuyên viên chính",
    "Trưởng phòng",
    "Phó Trưởng phòng",
    "Kỹ sư",
    "Kế toán",
    "Phóng viên",
    "Biên tập viên",
    "Thanh tra viên",
    "Cán bộ hưu trí",
]

# Badge rounds ahead of the demo's "today" (28/11/2026) and days around them.
ROUND_DAYS = [date(2026, 12, 20), date(2027, 2, 3), date(2027, 5, 19), date(2027, 9, 2), date(2027, 11, 7)]
TODAY = date(2026, 11, 28)
RETIREMENT_AGE = 61  # Bộ luật Lao động 2019, Điều 169: 60 years 9 months (men) in 2026, rising to 62
CARD_PREFIX = "9300"  # demo card numbers: 9300 + 8 digits


def _card(index):
    return f"{CARD_PREFIX}{index:08d}"


def _name(rng, gender):
    if gender == Member.Gender.FEMALE:
        return f"{rng.choice(FAMILY)} {rng.choice(MIDDLE_FEMALE)} {rng.choice(GIVEN_FEMALE)}"
    return f"{rng.choice(FAMILY)} {rng.choice(MIDDLE_MALE)} {rng.choice(GIVEN_MALE)}"


def _plans():
    """One dict per demo member; special cases first so that their card numbers never move."""
    rng = random.Random(20261128)
    plans = []

    def plan(**kw):
        gender = kw.pop("gender", rng.choice([Member.Gender.MALE, Member.Gender.FEMALE]))
        admission = kw.pop("admission")
        base = {
            "full_name": _name(rng, gender),
            "gender": gender,
            "admission_date": admission,
            "date_of_birth": add_months(admission, -12 * rng.randint(19, 30)) - timedelta(days=rng.randint(0, 300)),
            "official_date": add_months(admission, 12),
            "hometown": f"{rng.choice(HOMETOWNS)}, tỉnh Hòa Bình Xanh",
            "job_title": rng.choice(JOBS),
            "status": Member.Status.FULL,
            "status_date": None,
            "gaps": [],
            "disciplines": [],
            "changes": [],
            "notes": "",
        }
        base.update(kw)
        base["card_number"] = _card(len(plans) + 1)
        plans.append(base)
        return base

    # Milestones around the coming rounds: each of 30, 40, 45 … 90 years, several rounds.
    for i, years in enumerate(BADGES.milestones):
        for j in range(2):
            target = ROUND_DAYS[(i + j * 2) % len(ROUND_DAYS)] - timedelta(days=rng.randint(0, 20))
            job = "Cán bộ hưu trí" if years >= 45 else "Chuyên viên"
            admission = add_months(target, -12 * years)
            extra = {}
            if years >= 60:
                # Admitted young (18), so that the 90-year member is born after 1918, not in 1907.
                extra["date_of_birth"] = add_months(admission, -12 * 18) - timedelta(days=(i * 37 + j * 11) % 200)
            plan(admission=admission, job_title=job, **extra)
    # A 29/02 admission: 30 years on 28/02/2026 (Điều 148), 40 on 29/02/2036.
    plan(admission=date(1996, 2, 29), notes="Kết nạp ngày 29/02: mốc 30 năm là 28/02/2026.")
    # The worked example of the rules: out of contact one year, 30 years a year late.
    plan(
        admission=date(1997, 2, 3),
        gaps=[(date(2005, 3, 1), date(2006, 3, 1), MembershipGap.Reason.OUT_OF_CONTACT)],
        notes="Mất liên lạc 01/03/2005 – 01/03/2006: mốc 30 năm lùi một năm, sang 03/02/2028.",
    )
    # A gap during a transfer, pushing 30 years onto the 19/5/2027 round.
    plan(admission=date(1997, 4, 19), gaps=[(date(2003, 6, 1), date(2003, 7, 1), MembershipGap.Reason.NOT_ATTACHED)])
    # Readmission: first admitted 1990, struck off 2001, readmitted 2004; counted from 1990 minus the gap.
    plan(
        admission=date(1990, 6, 10),
        official_date=date(1991, 6, 10),
        gaps=[(date(2001, 3, 15), date(2004, 9, 2), MembershipGap.Reason.STRUCK_OFF)],
        notes="Kết nạp lại ngày 02/09/2004; tuổi Đảng tính từ lần kết nạp đầu, trừ thời gian bị xóa tên.",
    )
    # Restored after a wrongful expulsion: no gap at all.
    plan(admission=date(1988, 11, 7), notes="Được khôi phục đảng tịch sau khi bị khai trừ oan: không trừ thời gian.")
    # An open gap: out of contact since 2024, party age frozen.
    plan(admission=date(2001, 5, 19), gaps=[(date(2024, 4, 1), None, MembershipGap.Reason.OUT_OF_CONTACT)])
    # Discipline, each form.
    plan(admission=date(1996, 12, 10), disciplines=[(Discipline.Form.REPRIMAND, date(2026, 9, 15))])
    plan(admission=date(1986, 1, 25), disciplines=[(Discipline.Form.WARNING, date(2026, 6, 1))])
    plan(admission=date(1981, 4, 30), disciplines=[(Discipline.Form.DISMISSAL, date(2026, 3, 10))])
    plan(
        admission=date(2005, 8, 19),
        status=Member.Status.LEFT,
        status_date=date(2025, 10, 20),
        disciplines=[(Discipline.Form.EXPULSION, date(2025, 10, 20))],
        changes=[(StatusChange.Kind.LEFT, date(2025, 10, 20), "Khai trừ theo Quyết định 12-QĐ/ĐU")],
    )
    # Every status, with its dated history where there is one.
    plan(admission=date(2026, 3, 26), official_date=None, status=Member.Status.PROBATIONARY)
    plan(admission=date(2025, 12, 22), official_date=None, status=Member.Status.PROBATIONARY)
    plan(
        admission=date(1985, 5, 19),
        status=Member.Status.EXCUSED,
        status_date=date(2024, 1, 2),
        changes=[(StatusChange.Kind.EXCUSED, date(2024, 1, 2), "Tuổi cao, sức yếu")],
    )
    plan(
        admission=date(2010, 9, 2),
        status=Member.Status.TEMPORARY,
        status_date=date(2026, 2, 1),
        changes=[(StatusChange.Kind.TEMPORARY, date(2026, 2, 1), "Học tập dài hạn")],
    )
    plan(
        admission=date(2008, 3, 26),
        status=Member.Status.TRANSFERRED,
        status_date=date(2026, 7, 1),
        changes=[(StatusChange.Kind.TRANSFER_OUT, date(2026, 7, 1), "Chuyển về Đảng bộ Sở Tài chính")],
    )
    plan(
        admission=date(1976, 12, 19),
        status=Member.Status.DECEASED,
        status_date=date(2026, 8, 14),
        changes=[(StatusChange.Kind.DECEASED, date(2026, 8, 14), "")],
    )
    plan(
        admission=date(2012, 1, 6),
        status=Member.Status.LEFT,
        status_date=date(2023, 4, 4),
        changes=[(StatusChange.Kind.LEFT, date(2023, 4, 4), "Xin ra khỏi Đảng")],
    )
    plan(
        admission=date(2003, 10, 10),
        status=Member.Status.SUSPENDED,
        status_date=date(2026, 10, 1),
        changes=[(StatusChange.Kind.SUSPENDED, date(2026, 10, 1), "Đình chỉ sinh hoạt trong thời gian điều tra")],
    )
    plan(
        admission=date(1999, 6, 5),
        status=Member.Status.FULL,
        status_date=date(2019, 3, 1),
        changes=[(StatusChange.Kind.TRANSFER_IN, date(2019, 3, 1), "Chuyển đến từ Đảng bộ Sở Xây dựng")],
    )

    # Everyone else: admissions spread over fifty years.
    while len(plans) < 150:
        admission = date(1975, 1, 1) + timedelta(days=rng.randint(0, 18000))
        plan(admission=admission)
    # A job that fits the age (no retired 30-year-old, no 80-year-old "Chuyên viên"); done after
    # the draws so that names and dates stay as they were.
    for p in plans:
        retired = add_months(p["date_of_birth"], 12 * RETIREMENT_AGE) <= TODAY
        if retired:
            p["job_title"] = "Cán bộ hưu trí"
        elif p["job_title"] == "Cán bộ hưu trí":
            p["job_title"] = "Chuyên viên"
    return plans


def seed(stdout):
    cells = []
    for order, (name, description) in enumerate(CELLS, 1):
        cell, _ = PartyCell.objects.get_or_create(name=name, defaults={"description": description, "order": order})
        cells.append(cell)

    plans = _plans()
    existing = set(
        Member.objects.filter(card_number__in=[p["card_number"] for p in plans]).values_list("card_number", flat=True)
    )
    new_plans = [p for p in plans if p["card_number"] not in existing]
    if not new_plans:
        return
    secretary_given = set()
    with transaction.atomic():
        members = []
        for index, p in enumerate(new_plans):
            cell = cells[int(p["card_number"][-3:]) % len(cells)]
            position = ""
            if cell.pk not in secretary_given and p["status"] == Member.Status.FULL:
                position = "Bí thư Chi bộ"
                secretary_given.add(cell.pk)
            member = Member(
                full_name=p["full_name"],
                gender=p["gender"],
                date_of_birth=p["date_of_birth"],
                hometown=p["hometown"],
                card_number=p["card_number"],
                admission_date=p["admission_date"],
                admission_ceremony_date=p["admission_date"],
                official_date=p["official_date"],
                cell=cell,
                status=p["status"],
                status_date=p["status_date"],
                job_title=p["job_title"],
                party_position=position,
                notes=p["notes"],
                dossier_number=f"LL-{index + 1:04d}",
            )
            member.fill_derived_fields()
            members.append(member)
        # With history rows, so the office's history view starts at the demo's creation.
        bulk_create_with_history(members, Member, batch_size=500)
        by_card = dict(
            Member.objects.filter(card_number__in=[p["card_number"] for p in new_plans]).values_list(
                "card_number", "pk"
            )
        )
        gaps = [
            MembershipGap(member_id=by_card[p["card_number"]], start=start, end=end, reason=reason)
            for p in new_plans
            for start, end, reason in p["gaps"]
        ]
        disciplines = [
            Discipline(
                member_id=by_card[p["card_number"]],
                form=form,
                decided_on=day,
                decision_number=f"{(day.month * 3) % 40 + 1:02d}-QĐ/ĐU",
            )
            for p in new_plans
            for form, day in p["disciplines"]
        ]
        # Created in bulk: the members above already carry the status each change leads to.
        changes = [
            StatusChange(member_id=by_card[p["card_number"]], kind=kind, date=day, note=note)
            for p in new_plans
            for kind, day, note in p["changes"]
        ]
        for objects, model in ((gaps, MembershipGap), (disciplines, Discipline), (changes, StatusChange)):
            if objects:
                bulk_create_with_history(objects, model)
    stdout.write(f"Đảng viên: thêm {len(new_plans)} đảng viên mẫu vào {len(cells)} chi bộ.\n")
