"""Demo ratings and commendations for 2020–2025 (see demo.awards). Idempotent.

It runs after demo.members and demo.news. It uses the cells and members already there and
only invents what is missing (people keyed by a card number starting 0999, which no real
card has), so the 2020 year-end awards of the issue can be shown: giấy khen for two cells
rated HTXSNV and for eight members rated HTXSNV, linked to the article about the conference.
"""

import zlib
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from django.db import IntegrityError, transaction
from django.utils import timezone

from awards import ratings
from awards.models import Commendation, QualityRating
from members.models import Member, PartyCell
from news.models import Article, Category

YEARS = range(2020, 2026)
EXCELLENT_MEMBERS_2020 = 8
ISSUER = "Đảng ủy Sở"
L = QualityRating.Level

DEMO_CELLS = ["Chi bộ Văn phòng", "Chi bộ Báo chí – Xuất bản", "Chi bộ Viễn thông"]
GIVEN = [
    "An",
    "Bình",
    "Chi",
    "Dũng",
    "Giang",
    "Hà",
    "Hải",
    "Hạnh",
    "Hoa",
    "Hùng",
    "Hương",
    "Khánh",
    "Lan",
    "Linh",
    "Long",
    "Mai",
    "Minh",
    "Nam",
    "Ngọc",
    "Phong",
    "Phúc",
    "Quân",
    "Quyên",
    "Sơn",
    "Tâm",
    "Thảo",
    "Thắng",
    "Thủy",
    "Trang",
    "Trung",
    "Tuấn",
    "Vân",
    "Việt",
    "Yến",
]
FAMILY = [
    "Nguyễn Văn",
    "Trần Thị",
    "Lê Minh",
    "Phạm Thu",
    "Hoàng Đức",
    "Vũ Thị",
    "Đặng Quốc",
    "Bùi Thanh",
    "Đỗ Hữu",
    "Hồ Thị",
    "Ngô Xuân",
    "Dương Thị",
]

ARTICLE_SLUG = "dang-bo-so-tong-ket-cong-tac-xay-dung-dang-nam-2020"
ARTICLE_TITLE = "Đảng bộ Sở tổng kết công tác xây dựng Đảng năm 2020, khen thưởng tập thể và cá nhân tiêu biểu"
ARTICLE_BODY = """<p>Sáng 14/01/2021, Đảng bộ Sở tổ chức hội nghị tổng kết công tác xây dựng Đảng năm 2020 và \
triển khai nhiệm vụ năm 2021. Dự hội nghị có các đồng chí trong Ban Chấp hành Đảng bộ, bí thư các chi bộ trực thuộc \
và đảng viên tiêu biểu.</p>
<p>Năm 2020, các chi bộ đã lãnh đạo hoàn thành tốt nhiệm vụ chuyên môn trong điều kiện phòng, chống dịch bệnh; \
công tác giáo dục chính trị, tư tưởng, kiểm tra, giám sát được duy trì nền nếp.</p>
<h2>Khen thưởng năm 2020</h2>
<p>Tại hội nghị, Đảng ủy Sở trao Giấy khen cho hai chi bộ đạt danh hiệu “Trong sạch, vững mạnh, hoàn thành xuất \
sắc nhiệm vụ” và tám đảng viên hoàn thành xuất sắc nhiệm vụ năm 2020.</p>
<p>Phát biểu kết luận, đồng chí Bí thư Đảng ủy đề nghị các chi bộ tiếp tục đổi mới nội dung sinh hoạt, nâng cao \
chất lượng đảng viên, chuẩn bị tốt cho đại hội các chi bộ nhiệm kỳ mới.</p>"""


def _cells() -> list[PartyCell]:
    cells = list(PartyCell.objects.filter(is_active=True).order_by("order", "name")[:4])
    if len(cells) < 2:
        cells = [
            PartyCell.objects.get_or_create(name=name, defaults={"order": i})[0] for i, name in enumerate(DEMO_CELLS)
        ]
    return cells


def _excellent_cap(rated: int) -> int:
    """How many of ``rated`` members may be HTXSNV when one of them (in a cell over six) is HTNV."""
    return (rated - (1 if rated > 6 else 0)) // 6


# A department's members are its staff: the demo rates only those of working age that year
# (retired members in the registry are there for their badges, not for year-end reviews).
WORKING_AGE = (18, 61)


def of_working_age(member: Member, year: int) -> bool:
    if member.date_of_birth is None:
        return False
    age = year - member.date_of_birth.year
    return WORKING_AGE[0] <= age <= WORKING_AGE[1]


def _rateable(members, year):
    review = ratings.review_date(year)
    return [
        m
        for m in members
        if m.admission_date.year <= year and of_working_age(m, year) and ratings.not_rated_reason(m, review) is None
    ]


def _members(cells, stdout) -> dict[int, list[Member]]:
    """Members of each cell; invents some when there are too few for the 2020 awards within the quota."""
    by_cell = {c.pk: [] for c in cells}
    for member in Member.objects.filter(cell__in=cells).prefetch_related("disciplines").order_by("sort_key", "id"):
        by_cell[member.cell_id].append(member)

    def capacity():
        # Per cell, HTXSNV may be at most 20% of HTTNV: one per six members rated.
        return sum(_excellent_cap(len(_rateable(ms, 2020))) for ms in by_cell.values())

    invented = 0
    while capacity() < EXCELLENT_MEMBERS_2020:
        cell_id = max(by_cell, key=lambda pk: (len(_rateable(by_cell[pk], 2020)) % 6, -len(by_cell[pk])))
        member = _invent_member(invented, cells, cell_id)
        by_cell[cell_id].append(member)
        invented += 1
    if invented:
        # Two clearly invented members the cell sheet shows as "not rated".
        extra = [
            ("Lương Thị Thu Hiền", date(2025, 9, 2), date(1999, 4, 12), Member.Status.PROBATIONARY),
            ("Kiều Văn Thiện", date(1978, 5, 19), date(1955, 8, 3), Member.Status.EXCUSED),
        ]
        for i, (name, admitted, born, status) in enumerate(extra):
            member, _ = Member.objects.get_or_create(
                card_number=f"0999{900 + i:08d}",
                defaults={
                    "full_name": name,
                    "admission_date": admitted,
                    "date_of_birth": born,
                    "cell": cells[0],
                    "status": status,
                },
            )
            if member.cell_id in by_cell and member not in by_cell[member.cell_id]:
                by_cell[member.cell_id].append(member)
        stdout.write(f"Khen thưởng mẫu: dùng thêm {invented} đảng viên mẫu (số thẻ bắt đầu 0999).\n")
    for members in by_cell.values():
        members.sort(key=lambda m: (m.sort_key, m.pk))
    return by_cell


def _invent_member(i, cells, cell_id) -> Member:
    name = f"{FAMILY[i % len(FAMILY)]} {GIVEN[(i * 7) % len(GIVEN)]}"
    admitted = date(1985 + (i * 5) % 33, 1 + (i * 3) % 12, 1 + (i * 11) % 28)
    member, _ = Member.objects.get_or_create(
        card_number=f"0999{i + 1:08d}",
        defaults={
            "full_name": name,
            "admission_date": admitted,
            "admission_ceremony_date": admitted,
            "official_date": date(admitted.year + 1, admitted.month, admitted.day),
            "cell_id": cell_id,
            "status": Member.Status.FULL,
            "date_of_birth": date(admitted.year - 24, admitted.month, admitted.day),
        },
    )
    return member


def _article() -> Article:
    article = Article.objects.filter(slug=ARTICLE_SLUG).first()
    if article:
        return article
    category = (
        Category.objects.filter(slug="hoat-dong-dang-bo").first()
        or Category.objects.filter(name="Hoạt động Đảng bộ").first()
    )
    if category is None:
        try:
            with transaction.atomic():
                category = Category.objects.create(name="Hoạt động Đảng bộ", slug="hoat-dong-dang-bo")
        except IntegrityError:
            category = Category.objects.order_by("order", "name").first()
    published = datetime.combine(date(2021, 1, 15), time(8, 30), tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
    return Article.objects.create(
        title=ARTICLE_TITLE,
        slug=ARTICLE_SLUG,
        category=category,
        status=Article.Status.PUBLISHED,
        published_at=published,
        byline="Văn phòng Đảng ủy",
        summary="Hai chi bộ và tám đảng viên được Đảng ủy Sở tặng Giấy khen vì thành tích năm 2020.",
        body=ARTICLE_BODY,
    )


def _spread(member: Member, year: int) -> int:
    # A stable pseudo-random number per member and year, so reruns give the same sheet.
    return zlib.crc32(f"{member.card_number or member.pk}-{year}".encode())


def _rate_members(by_cell, year) -> list[Member]:
    """Rate each cell within the quota; returns the members rated HTXSNV."""
    excellent_all = []
    budget = EXCELLENT_MEMBERS_2020 if year == 2020 else None
    for members in by_cell.values():
        rateable = sorted(_rateable(members, year), key=lambda m: _spread(m, year))
        cap = _excellent_cap(len(rateable))
        take = cap if budget is None else min(cap, budget - len(excellent_all))
        if budget is None:
            take = min(cap, 1 + year % 2)
        for i, member in enumerate(rateable):
            if i < take:
                level, score = L.EXCELLENT, 90 + _spread(member, year) % 7
                excellent_all.append(member)
            elif i == len(rateable) - 1 and len(rateable) > 6:
                level, score = L.DONE, 60 + _spread(member, year) % 8
            else:
                level, score = L.GOOD, 75 + _spread(member, year) % 12
            QualityRating.objects.get_or_create(member=member, year=year, defaults={"level": level, "score": score})
    return excellent_all


def _rate_cells(cells, year) -> list[PartyCell]:
    excellent = []
    for i, cell in enumerate(cells):
        # The first cell is rated HTXSNV every year (its "5 năm liền" title shows from 2024);
        # in 2020 the first two are.
        is_excellent = i == 0 or (i == 1 and year in (2020, 2022, 2025))
        level = L.EXCELLENT if is_excellent else L.GOOD
        rating, _ = QualityRating.objects.get_or_create(
            cell=cell, year=year, defaults={"level": level, "score": 93 if is_excellent else 84}
        )
        if rating.level == L.EXCELLENT:
            excellent.append(cell)
    return excellent


def _commend(year, number, decided_on, article=None, confirmed=True, **recipient_and_fields):
    # Only confirmed commendations reach the honour roll; the last year's members are left for
    # the office to confirm, so its start page has something waiting.
    fields = {
        "issuer": ISSUER,
        "issuer_level": Commendation.IssuerLevel.COMMITTEE,
        "decision_number": number,
        "decided_on": decided_on,
        "article": article,
        "confirmed_at": timezone.now() if confirmed else None,
    }
    key = {k: recipient_and_fields.pop(k) for k in ("member", "cell") if k in recipient_and_fields}
    fields.update(recipient_and_fields)
    Commendation.objects.get_or_create(
        year=year, form=fields.pop("form"), title=fields.pop("title"), **key, defaults=fields
    )


def seed(stdout):
    cells = _cells()
    by_cell = _members(cells, stdout)
    article = _article()
    for year in YEARS:
        excellent_cells = _rate_cells(cells, year)
        excellent_members = _rate_members(by_cell, year)
        number = f"{5 + year - 2020}-QĐ/ĐU"
        decided_on = date(year + 1, 1, 12)
        for cell in excellent_cells[:2]:
            _commend(
                year,
                number,
                decided_on,
                article if year == 2020 else None,
                cell=cell,
                form=Commendation.Form.CERTIFICATE,
                title=f"Chi bộ trong sạch, vững mạnh, hoàn thành xuất sắc nhiệm vụ năm {year}",
            )
        for member in excellent_members[:EXCELLENT_MEMBERS_2020]:
            _commend(
                year,
                number,
                decided_on,
                article if year == 2020 else None,
                member=member,
                confirmed=year < YEARS[-1],
                form=Commendation.Form.CERTIFICATE,
                title=f"Đảng viên hoàn thành xuất sắc nhiệm vụ năm {year}",
            )
    # A few other forms, so the filter and the issuing-body table have something to show.
    first = next((ms for ms in by_cell.values() if ms), [])
    if first:
        _commend(
            2023,
            "02-QĐ/CB",
            date(2023, 12, 28),
            member=first[0],
            form=Commendation.Form.PRAISE,
            issuer=cells[0].name,
            issuer_level=Commendation.IssuerLevel.CELL,
            title="Có thành tích xuất sắc trong chuyển đổi số năm 2023",
        )
        _commend(
            2024,
            "3120-QĐ/TU",
            date(2025, 2, 3),
            member=first[-1],
            form=Commendation.Form.MERIT,
            issuer="Tỉnh ủy",
            issuer_level=Commendation.IssuerLevel.PROVINCE,
            title="Có thành tích xuất sắc trong công tác xây dựng Đảng năm 2024",
        )
    stdout.write(
        f"Khen thưởng mẫu: {Commendation.objects.count()} khen thưởng, "
        f"{QualityRating.objects.count()} xếp loại (2020–2025).\n"
    )
