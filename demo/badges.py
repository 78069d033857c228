"""Demo of party badges: rounds of 2026 and 2027 and invented members in every group.

Today in the demo is 28/11/2026; the next round, 03/02/2027, shows people proposed by
seniority (several milestones, an admission on 29/02, one pushed by a gap), early (with a
request), posthumously, and held back (each discipline form, suspension, the office's hold).
The 2026 rounds are decided with badges recorded, so the honour roll has recipients.
Idempotent: members are keyed by card number, everything else by its natural key.
"""

from datetime import date, timedelta

from awards.badges.rules import MILESTONES
from awards.models import BadgeAward, BadgeHold, BadgeRound, EarlyAwardRequest
from members.models import Discipline, Member, MembershipGap, PartyCell
from members.party_age import add_months

CELLS = ("Chi bộ Văn phòng", "Chi bộ Báo chí – Xuất bản", "Chi bộ Viễn thông")

# card, name, gender, birth, admission, cell index, status, status date
MEMBERS = [
    # proposed by seniority at 03/02/2027
    ("931000000101", "Trần Văn Bình", "nam", date(1972, 4, 2), date(1997, 1, 15), 0, "chinh_thuc", None),
    ("931000000102", "Nguyễn Thị Hồng Nhung", "nu", date(1974, 7, 9), date(1996, 2, 29), 1, "chinh_thuc", None),
    ("931000000103", "Phạm Quang Vinh", "nam", date(1962, 3, 11), date(1986, 11, 20), 2, "chinh_thuc", None),
    ("931000000104", "Hoàng Văn Lợi", "nam", date(1958, 1, 25), date(1981, 12, 10), 0, "chinh_thuc", None),
    ("931000000105", "Đỗ Thị Minh Tâm", "nu", date(1953, 6, 30), date(1976, 8, 15), 1, "chinh_thuc", None),
    ("931000000106", "Vũ Đình Khang", "nam", date(1973, 12, 1), date(1996, 8, 25), 2, "chinh_thuc", None),
    ("931000000107", "Lương Thị Thu", "nu", date(1975, 2, 14), date(1996, 10, 5), 2, "sinh_hoat_tam_thoi", None),
    ("931000000108", "Bùi Văn Cẩn", "nam", date(1944, 9, 9), date(1966, 5, 19), 0, "mien_sinh_hoat", None),
    # early, with a written request
    ("931000000109", "Đinh Công Hậu", "nam", date(1968, 5, 5), date(1997, 9, 2), 1, "chinh_thuc", None),
    ("931000000110", "Ngô Thị Lan", "nu", date(1936, 10, 10), date(1957, 10, 1), 0, "mien_sinh_hoat", None),
    # posthumous
    ("931000000111", "Tạ Văn Phúc", "nam", date(1970, 8, 8), date(1997, 6, 10), 2, "tu_tran", date(2026, 9, 20)),
    # held back
    ("931000000112", "Kiều Văn Sơn", "nam", date(1971, 11, 3), date(1995, 3, 1), 1, "chinh_thuc", None),
    ("931000000113", "Mai Thị Xuân", "nu", date(1963, 2, 20), date(1986, 1, 10), 0, "chinh_thuc", None),
    ("931000000114", "Châu Minh Đức", "nam", date(1961, 7, 7), date(1984, 4, 4), 2, "chinh_thuc", None),
    ("931000000115", "La Văn Tài", "nam", date(1966, 3, 3), date(1990, 5, 5), 1, "dinh_chi", date(2026, 10, 1)),
    ("931000000116", "Hà Quốc Trung", "nam", date(1969, 12, 12), date(1993, 9, 9), 0, "chinh_thuc", None),
    # never listed: probationary after readmission, transferred out
    ("931000000117", "Cao Văn Kiên", "nam", date(1962, 1, 1), date(1985, 2, 1), 2, "du_bi", None),
    ("931000000118", "Lý Thị Hạnh", "nu", date(1957, 4, 4), date(1980, 1, 1), 1, "chuyen_di", date(2025, 6, 1)),
    # badges recorded at the 2026 rounds
    ("931000000119", "Trịnh Văn Nam", "nam", date(1972, 10, 10), date(1996, 1, 20), 0, "chinh_thuc", None),
    ("931000000120", "Phan Thị Ngọc Ánh", "nu", date(1954, 5, 5), date(1976, 5, 10), 1, "chinh_thuc", None),
    ("931000000121", "Lâm Quốc Bảo", "nam", date(1963, 8, 1), date(1986, 8, 30), 2, "chinh_thuc", None),
    ("931000000122", "Dương Thị Kim Oanh", "nu", date(1974, 3, 8), date(1996, 10, 30), 0, "chinh_thuc", None),
]

GAPS = [
    # card, start, end, reason
    ("931000000106", date(2003, 3, 1), date(2003, 7, 1), "mat_lien_lac"),  # 122 days: 30 years on 25/12/2026
    ("931000000117", date(1998, 6, 1), date(2024, 6, 1), "xoa_ten"),
]

DISCIPLINES = [
    ("931000000112", "khien_trach", date(2026, 10, 15), "12-QĐ/ĐU"),  # until 15/04/2027
    ("931000000113", "canh_cao", date(2026, 7, 1), "08-QĐ/ĐU"),  # until 01/04/2027
    ("931000000114", "cach_chuc", date(2026, 3, 20), "03-QĐ/ĐU"),  # until 20/03/2027
]

EARLY_REQUESTS = [
    ("931000000109", date(2026, 11, 10), "Bệnh hiểm nghèo, gia đình có đơn đề nghị (hồ sơ lưu tại Văn phòng)."),
    ("931000000110", date(2026, 11, 15), "Tuổi cao, sức yếu, có đơn đề nghị tặng sớm (hồ sơ lưu tại Văn phòng)."),
]

HOLDS = [("931000000116", "Đang xác minh nội dung đơn phản ánh", None)]

# card, years, round date, badge number, decision (decision numbers invented; one per round)
AWARDS = [
    ("931000000103", 30, date(2017, 2, 3), "HH0301702", "215-QĐ/TU"),
    ("931000000104", 40, date(2022, 2, 3), "HH4002211", "1021-QĐ/TU"),
    ("931000000105", 45, date(2021, 9, 2), "HH4502103", "905-QĐ/TU"),
    ("931000000108", 55, date(2021, 5, 19), "HH5502107", "870-QĐ/TU"),
    ("931000000110", 65, date(2022, 11, 7), "HH6502201", "1188-QĐ/TU"),
    ("931000000120", 45, date(2021, 5, 19), "HH4502109", "870-QĐ/TU"),
    ("931000000119", 30, date(2026, 2, 3), "HH3002614", "1502-QĐ/TU"),
    ("931000000120", 50, date(2026, 5, 19), "HH5002602", "1577-QĐ/TU"),
    ("931000000121", 40, date(2026, 9, 2), "HH4002608", "1650-QĐ/TU"),
    ("931000000122", 30, date(2026, 11, 7), "HH3002621", "1712-QĐ/TU"),
]

DECISIONS_2026 = {
    date(2026, 2, 3): ("1502-QĐ/TU", date(2026, 1, 27)),
    date(2026, 5, 19): ("1577-QĐ/TU", date(2026, 5, 12)),
    date(2026, 9, 2): ("1650-QĐ/TU", date(2026, 8, 26)),
    date(2026, 11, 7): ("1712-QĐ/TU", date(2026, 10, 30)),
}

# The Tỉnh ủy's decision of each earlier round that the fixed records above name.
DECISIONS_BEFORE = {day: number for _, _, day, _, number in AWARDS}


def decision_number(round_date: date) -> str:
    """One decision number per round: the one on record, else one made up from the round's date
    (distinct for each round of a year: the Tỉnh ủy's numbering restarts every year)."""
    if round_date in DECISIONS_2026:
        return DECISIONS_2026[round_date][0]
    if round_date in DECISIONS_BEFORE:
        return DECISIONS_BEFORE[round_date]
    index = ANNIVERSARIES.index((round_date.month, round_date.day))
    return f"{120 + index * 310 + round_date.year % 7}-QĐ/TU"


# Badges of the rest of the registry are recorded up to the last decided round, so that the
# next round lists only what is really due (as in an office that has kept its records).
HISTORY_UNTIL = date(2026, 11, 7)
ANNIVERSARIES = ((2, 3), (5, 19), (9, 2), (11, 7))
LEFT_STATUSES = {"tu_tran", "chuyen_di", "ra_khoi_dang"}


def first_round_on_or_after(day):
    for year in (day.year, day.year + 1):
        for month, dom in ANNIVERSARIES:
            candidate = date(year, month, dom)
            if candidate >= day:
                return candidate
    raise AssertionError("unreachable")


def record_past_badges(skip_cards):
    """Record, for every other member, each milestone reached by the last decided round."""
    from members import party_age

    existing = set(BadgeAward.objects.values_list("member_id", "years"))
    rounds = {r.date: r for r in BadgeRound.objects.filter(date__lte=HISTORY_UNTIL)}
    awards = []
    members = (
        Member.objects.exclude(card_number__in=skip_cards)
        .exclude(status="du_bi")
        .prefetch_related("gaps")
        .order_by("pk")
    )
    for member in members:
        gaps = list(member.gaps.all())
        for years in MILESTONES:
            reached = party_age.milestone_date(member.admission_date, gaps, years)
            if reached is None:
                break
            round_date = first_round_on_or_after(reached)
            if round_date > HISTORY_UNTIL:
                break
            if member.status in LEFT_STATUSES and member.status_date and round_date > member.status_date:
                break
            if (member.pk, years) in existing:
                continue
            awards.append(
                BadgeAward(
                    member=member,
                    years=years,
                    round=rounds.get(round_date),
                    round_date=round_date,
                    badge_number=f"HH{years:02d}{round_date:%y}{member.pk:04d}",
                    decision_number=decision_number(round_date),
                )
            )
    BadgeAward.objects.bulk_create(awards, ignore_conflicts=True)
    return len(awards)


def seed(stdout):
    rounds = BadgeRound.create_year(2026) + BadgeRound.create_year(2027)
    for day, (number, decided_on) in DECISIONS_2026.items():
        BadgeRound.objects.filter(date=day, state=BadgeRound.State.OPEN).update(
            state=BadgeRound.State.DECIDED, decision_number=number, decided_on=decided_on
        )

    cells = [PartyCell.objects.get_or_create(name=name)[0] for name in CELLS]
    members, new_members = {}, 0
    for card, name, gender, born, admitted, cell, status, status_date in MEMBERS:
        member, created = Member.objects.get_or_create(
            card_number=card,
            defaults={
                "full_name": name,
                "gender": gender,
                "date_of_birth": born,
                "hometown": "Xã Tân Hòa, tỉnh Hòa Bình Xanh",
                "admission_date": admitted,
                "admission_ceremony_date": admitted + timedelta(days=10),
                # Full 12 months after the ceremony (Điều lệ Đảng, Điều 5), never earlier.
                "official_date": add_months(admitted + timedelta(days=10), 12),
                "cell": cells[cell],
                "status": status,
                "status_date": status_date,
                "notes": "Dữ liệu mẫu (nhân vật hư cấu).",
            },
        )
        members[card] = member
        new_members += created

    for card, start, end, reason in GAPS:
        MembershipGap.objects.get_or_create(member=members[card], start=start, defaults={"end": end, "reason": reason})
    for card, form, decided_on, number in DISCIPLINES:
        Discipline.objects.get_or_create(
            member=members[card],
            form=form,
            decided_on=decided_on,
            defaults={"decision_number": number, "reason": "Vi phạm quy định (dữ liệu mẫu)."},
        )
    for card, requested_on, reason in EARLY_REQUESTS:
        EarlyAwardRequest.objects.get_or_create(
            member=members[card], requested_on=requested_on, defaults={"reason": reason}
        )
    for card, reason, until in HOLDS:
        BadgeHold.objects.get_or_create(member=members[card], reason=reason, defaults={"until": until})

    by_date = {r.date: r for r in BadgeRound.objects.filter(date__in=[a[2] for a in AWARDS])}
    new_awards = 0
    for card, years, round_date, number, decision in AWARDS:
        _, created = BadgeAward.objects.get_or_create(
            member=members[card],
            years=years,
            defaults={
                "round": by_date.get(round_date),
                "round_date": round_date,
                "badge_number": number,
                "decision_number": decision,
            },
        )
        new_awards += created
    new_awards += record_past_badges([m[0] for m in MEMBERS])
    if rounds or new_members or new_awards:
        stdout.write(f"Huy hiệu Đảng: {len(rounds)} đợt, {new_members} đảng viên mẫu, {new_awards} huy hiệu đã trao.")
