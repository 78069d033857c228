"""Bulk Vietnamese data for the benchmark: categories, articles, cells, members, badges, commendations, documents.

    manage.py bench_data --articles 10000 --members 100000 --awards 5000 --documents 2000 [--reset] [--seed 1]

Fast (``bulk_create`` in batches, one transaction) and idempotent: a second run adds nothing
unless ``--reset`` first removes what an earlier run made. Rows are marked so that ``--reset``
never touches real data: articles belong to the inactive user ``bench-data``, party cells have a
slug starting with ``bench-``, members a card number starting with ``99``, documents the author
``bench-data`` (data made before the library existed gets its documents on the next run). Meant for a database
of its own (``make bench`` uses ``var/bench/``), never for production.
"""

import random
import time
from datetime import UTC, date, datetime, timedelta

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import connection, transaction

from awards.models import BadgeAward, BadgeRound, Commendation, QualityRating
from core.cache import bump_content_version
from core.regulations import BADGES
from core.text import slugify_vi
from documents.models import Document, DocumentType, IssuingBody
from members.models import Discipline, Member, MembershipGap, PartyCell
from news.models import Article, Category

BENCH_USER = "bench-data"
CELL_SLUG_PREFIX = "bench-"
CARD_PREFIX = "99"
BATCH = 500

CATEGORIES = [
    "Tin hoạt động",
    "Xây dựng Đảng",
    "Học tập và làm theo Bác",
    "Văn bản chỉ đạo",
    "Chuyển đổi số",
    "Gương người tốt việc tốt",
    "Thi đua khen thưởng",
    "Công đoàn, Đoàn thanh niên",
]
UNITS = [
    "Văn phòng",
    "Báo chí – Xuất bản",
    "Viễn thông",
    "Công nghệ thông tin",
    "Trung tâm Chuyển đổi số",
    "Thanh tra",
    "Bưu chính",
    "Kế hoạch – Tài chính",
    "Trung tâm Giám sát an toàn thông tin",
    "Tổ chức cán bộ",
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
    "Lương",
    "Trịnh",
    "Mai",
]
MIDDLE_MALE = ["Văn", "Hữu", "Đức", "Minh", "Quang", "Công", "Thành", "Xuân", "Ngọc", "Đình", "Mạnh", "Tiến"]
MIDDLE_FEMALE = ["Thị", "Thu", "Ngọc", "Thanh", "Minh", "Phương", "Kim", "Hồng", "Diệu", "Bích", "Hải", "Mỹ"]
GIVEN_MALE = [
    "An",
    "Bình",
    "Cường",
    "Dũng",
    "Đạt",
    "Hải",
    "Hiếu",
    "Hùng",
    "Huy",
    "Khoa",
    "Khánh",
    "Long",
    "Minh",
    "Nam",
    "Phong",
    "Quân",
    "Quyết",
    "Sơn",
    "Tâm",
    "Thắng",
    "Thành",
    "Trung",
    "Tuấn",
    "Việt",
]
GIVEN_FEMALE = [
    "Anh",
    "Chi",
    "Dung",
    "Giang",
    "Hà",
    "Hạnh",
    "Hằng",
    "Hoa",
    "Hương",
    "Lan",
    "Liên",
    "Linh",
    "Loan",
    "Mai",
    "Nga",
    "Ngọc",
    "Nhung",
    "Oanh",
    "Phương",
    "Thảo",
    "Trang",
    "Tuyết",
    "Vân",
    "Yến",
]
PROVINCES = [
    "Nghệ An",
    "Hà Tĩnh",
    "Thanh Hóa",
    "Quảng Bình",
    "Thái Bình",
    "Nam Định",
    "Hải Dương",
    "Bắc Ninh",
    "Quảng Nam",
    "Bình Định",
    "Đắk Lắk",
    "Cần Thơ",
    "Hà Nội",
    "Huế",
]
JOBS = [
    "Chuyên viên",
    "Chuyên viên chính",
    "Phó Trưởng phòng",
    "Trưởng phòng",
    "Phó Giám đốc Trung tâm",
    "Kỹ sư",
    "Biên tập viên",
    "Thanh tra viên",
    "Kế toán viên",
]
TITLE_TEMPLATES = [
    "Chi bộ {unit} tổ chức sinh hoạt chuyên đề tháng {month}/{year}",
    "Trao Huy hiệu {years} năm tuổi Đảng cho đảng viên Chi bộ {unit}",
    "Đảng ủy Sở quán triệt Nghị quyết Hội nghị Trung ương lần thứ {n}",
    "Hội nghị sơ kết công tác xây dựng Đảng {half} năm {year}",
    "Kết nạp đảng viên mới tại Chi bộ {unit}",
    "Đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh năm {year}",
    "Chuyển đổi số trong công tác đảng: kết quả bước đầu tại Chi bộ {unit}",
    "Kỷ niệm {n} năm Ngày thành lập Đảng Cộng sản Việt Nam",
    "Đại hội Chi bộ {unit} nhiệm kỳ {year}–{year5}",
    "Tổng kết công tác kiểm tra, giám sát năm {year}",
]
SENTENCES = [
    "Đảng ủy Sở đã lãnh đạo, chỉ đạo các chi bộ trực thuộc thực hiện nghiêm túc các nghị quyết, chỉ thị của cấp trên",
    "hội nghị đánh giá cao sự nỗ lực của tập thể cán bộ, đảng viên trong việc hoàn thành nhiệm vụ chính trị được giao",
    "công tác giáo dục chính trị tư tưởng được chú trọng, đảng viên giữ vững lập trường, bản lĩnh chính trị",
    "các chi bộ duy trì nền nếp sinh hoạt định kỳ, nâng cao chất lượng sinh hoạt chuyên đề theo hướng dẫn",
    "đồng chí Bí thư Đảng ủy Sở phát biểu chỉ đạo, đề nghị các chi bộ tiếp tục phát huy tinh thần đoàn kết",
    "việc học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh được gắn với nhiệm vụ chuyên môn",
    "công tác phát triển đảng viên được quan tâm, nhiều quần chúng ưu tú được giới thiệu tham gia lớp bồi dưỡng",
    "ứng dụng công nghệ thông tin trong quản lý hồ sơ đảng viên giúp tiết kiệm thời gian và nâng cao hiệu quả",
    "Ủy ban Kiểm tra Đảng ủy đã tiến hành kiểm tra, giám sát theo chương trình đã đề ra, không phát hiện vi phạm",
    "buổi lễ diễn ra trang trọng, ấm cúng, thể hiện sự tri ân đối với những đảng viên lão thành",
    "các đảng viên được trao Huy hiệu Đảng bày tỏ niềm vinh dự, tự hào và hứa tiếp tục giữ gìn phẩm chất",
    "năm qua, Đảng bộ có nhiều chi bộ đạt danh hiệu hoàn thành xuất sắc nhiệm vụ, trong sạch, vững mạnh",
    "hội nghị đã thảo luận, thống nhất các giải pháp trọng tâm cho thời gian tới, trong đó chú trọng chuyển đổi số",
    "công tác dân vận được triển khai đồng bộ, góp phần xây dựng khối đại đoàn kết trong cơ quan",
    "Đảng ủy yêu cầu các chi bộ rà soát, đánh giá, xếp loại chất lượng đảng viên đúng thực chất, khách quan",
]
COMMENDATION_TITLES = [
    "Hoàn thành xuất sắc nhiệm vụ năm {year}",
    "Trong sạch, vững mạnh tiêu biểu năm {year}",
    "Hoàn thành xuất sắc nhiệm vụ 5 năm liền ({first}–{year})",
    "Có thành tích xuất sắc trong công tác xây dựng Đảng",
]
DOCUMENT_ISSUERS = [("Đảng ủy Sở", "ĐU"), ("Tỉnh ủy", "TU"), ("Ban Chấp hành Trung ương", "TW")]
DOCUMENT_SIGNS = [
    (DocumentType.NGHI_QUYET, "NQ"),
    (DocumentType.CHI_THI, "CT"),
    (DocumentType.KE_HOACH, "KH"),
    (DocumentType.THONG_BAO, "TB"),
    (DocumentType.BAO_CAO, "BC"),
    (DocumentType.QUYET_DINH, "QĐ"),
    (DocumentType.HUONG_DAN, "HD"),
]
ISSUERS = {"bieu_duong": "Chi bộ", "giay_khen": "Đảng ủy Sở", "bang_khen": "Tỉnh ủy", "co": "Tỉnh ủy"}


def _body(rng: random.Random, syllables: int = 700) -> str:
    """Paragraphs of about ``syllables`` syllables, as the editor stores them."""
    paragraphs, count = [], 0
    while count < syllables:
        sentences = []
        for _ in range(rng.randint(3, 5)):
            sentence = rng.choice(SENTENCES)
            sentences.append(sentence[0].upper() + sentence[1:] + ".")
            count += len(sentence.split())
        paragraphs.append(f"<p>{' '.join(sentences)}</p>")
    return "\n".join(paragraphs)


def _name(rng: random.Random, female: bool) -> str:
    middle = rng.choice(MIDDLE_FEMALE if female else MIDDLE_MALE)
    given = rng.choice(GIVEN_FEMALE if female else GIVEN_MALE)
    return f"{rng.choice(FAMILY)} {middle} {given}"


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _rounds_between(start: int, end: int) -> list[date]:
    return [date(y, m, d) for y in range(start, end + 1) for (m, d) in ((2, 3), (5, 19), (9, 2), (11, 7))]


class Command(BaseCommand):
    help = "Tạo dữ liệu thử tải (tin bài, chi bộ, đảng viên, huy hiệu, khen thưởng) bằng bulk insert."

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=int, default=10000)
        parser.add_argument("--members", type=int, default=100000)
        parser.add_argument("--awards", type=int, default=5000, help="Số huy hiệu đã trao (khen thưởng: 1/5 số này).")
        parser.add_argument("--documents", type=int, default=2000, help="Số văn bản trong thư viện văn bản.")
        parser.add_argument("--reset", action="store_true", help="Xóa dữ liệu thử tải cũ rồi tạo lại.")
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, articles, members, awards, documents, reset, seed, **options):
        started = time.monotonic()
        rng = random.Random(seed)
        with transaction.atomic():
            if reset:
                self.remove()
            elif self.present():
                # Data made before the library existed gets its documents on the next run.
                added = self.make_documents(random.Random(seed), documents)
                self.stdout.write(f"Dữ liệu thử tải đã có (thêm {added} văn bản); dùng --reset để tạo lại.")
                return
            categories = self.make_categories()
            self.make_articles(rng, categories, articles)
            cells = self.make_cells(members)
            member_ids = self.make_members(rng, cells, members)
            self.make_awards(rng, member_ids, awards)
            self.make_commendations(rng, cells, member_ids, max(1, awards // 5) if awards else 0)
            self.make_documents(rng, documents)
        # bulk_create sends no signal: drop cached pages ourselves.
        bump_content_version()
        # Fresh statistics, as autovacuum would give them later: without them PostgreSQL
        # plans 10,000 articles as a handful of rows and sorts instead of reading the index.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        self.stdout.write(
            f"Đã tạo {articles} tin bài, {members} đảng viên, {awards} huy hiệu "
            f"trong {time.monotonic() - started:.1f} giây."
        )

    # --- markers -----------------------------------------------------------------------
    def bench_user(self):
        user, _ = get_user_model().objects.get_or_create(
            username=BENCH_USER, defaults={"is_active": False, "first_name": "Dữ liệu thử tải"}
        )
        return user

    def present(self) -> bool:
        return (
            Article.objects.filter(author__username=BENCH_USER).exists()
            or PartyCell.objects.filter(slug__startswith=CELL_SLUG_PREFIX).exists()
        )

    def remove(self):
        bench_members = Member.objects.filter(card_number__startswith=CARD_PREFIX)
        bench_cells = PartyCell.objects.filter(slug__startswith=CELL_SLUG_PREFIX)
        BadgeAward.objects.filter(member__in=bench_members).delete()
        Commendation.objects.filter(member__in=bench_members).delete()
        Commendation.objects.filter(cell__in=bench_cells).delete()
        QualityRating.objects.filter(cell__in=bench_cells).delete()
        QualityRating.objects.filter(member__in=bench_members).delete()
        # Raw deletes: 100,000 members through the ORM's collector (history, cascades) take minutes.
        MembershipGap.objects.filter(member__in=bench_members)._raw_delete(MembershipGap.objects.db)
        Discipline.objects.filter(member__in=bench_members)._raw_delete(Discipline.objects.db)
        Member.history.model.objects.filter(card_number__startswith=CARD_PREFIX).delete()
        bench_members._raw_delete(Member.objects.db)
        bench_cells.delete()
        Article.objects.filter(author__username=BENCH_USER)._raw_delete(Article.objects.db)
        Document.objects.filter(author__username=BENCH_USER).delete()

    # --- news ----------------------------------------------------------------------------
    def make_categories(self):
        categories = []
        for order, name in enumerate(CATEGORIES):
            category, _ = Category.objects.get_or_create(slug=slugify_vi(name), defaults={"name": name, "order": order})
            categories.append(category)
        return categories

    def make_articles(self, rng, categories, count):
        author = self.bench_user()
        now = datetime.now(UTC)
        fill = getattr(Article, "fill_derived_fields", None)
        batch = []
        for i in range(count):
            year = rng.randint(2019, now.year)
            title = rng.choice(TITLE_TEMPLATES).format(
                unit=rng.choice(UNITS),
                month=rng.randint(1, 12),
                year=year,
                year5=year + 5,
                years=rng.choice(BADGES.milestones[:6]),
                n=rng.randint(3, 14),
                half="6 tháng đầu",
            )
            roll = rng.random()
            if roll < 0.9:
                age = timedelta(minutes=rng.randint(60, 6 * 365 * 1440))
                status, published_at = Article.Status.PUBLISHED, now - age
            elif roll < 0.905:
                # Scheduled: published in the coming days.
                status, published_at = Article.Status.PUBLISHED, now + timedelta(minutes=rng.randint(60, 14 * 1440))
            elif roll < 0.95:
                status, published_at = Article.Status.DRAFT, None
            elif roll < 0.97:
                status, published_at = Article.Status.REVIEW, None
            else:
                status, published_at = Article.Status.ARCHIVED, now - timedelta(days=rng.randint(400, 2000))
            body = _body(rng)
            article = Article(
                title=title,
                slug=f"{slugify_vi(title)[:230]}-{i + 1}",
                summary=body[3 : body.index(".") + 1],
                body=body,
                byline=f"Chi bộ {rng.choice(UNITS)}",
                category=rng.choice(categories),
                status=status,
                published_at=published_at,
                is_featured=status == Article.Status.PUBLISHED and rng.random() < 0.02,
                view_count=rng.randint(0, 5000),
                author=author,
            )
            if fill:
                article.fill_derived_fields()
            batch.append(article)
            if len(batch) >= BATCH:
                Article.objects.bulk_create(batch)
                batch = []
        Article.objects.bulk_create(batch)

    # --- documents -----------------------------------------------------------------------
    def make_documents(self, rng, count) -> int:
        """``count`` documents of three issuers, numbered in sequence per issuer and year, no files."""
        author = self.bench_user()
        if not count or Document.objects.filter(author=author).exists():
            return 0
        issuers = [
            IssuingBody.objects.get_or_create(name=name, defaults={"sign": sign})[0] for name, sign in DOCUMENT_ISSUERS
        ]
        now = datetime.now(UTC)
        next_number, batch = {}, []
        for i in range(count):
            issuer = rng.choice(issuers)
            doc_type, sign = rng.choice(DOCUMENT_SIGNS)
            issued_on = date(rng.randint(2015, now.year), rng.randint(1, 12), rng.randint(1, 28))
            if issued_on > now.date():
                issued_on = now.date()
            n = next_number[issuer.pk, issued_on.year] = next_number.get((issuer.pk, issued_on.year), 0) + 1
            public = rng.random() < 0.9
            document = Document(
                number=f"{n:02d}-{sign}/{issuer.sign}",
                doc_type=doc_type,
                issuer=issuer,
                issued_on=issued_on,
                signer=f"Bí thư {_name(rng, rng.random() < 0.4)}",
                summary=rng.choice(SENTENCES)[0].upper() + rng.choice(SENTENCES)[1:] + ".",
                is_public=public,
                status=Document.Status.PUBLISHED,
                published_at=datetime.combine(issued_on, datetime.min.time(), UTC) + timedelta(days=2),
                author=author,
                # Given here, so that fill_derived_fields() does not look up a free slug per row.
                slug=f"{slugify_vi(f'{n:02d} {sign} {issuer.sign} {issued_on.year}')}-b{i + 1}",
            )
            document.fill_derived_fields()
            batch.append(document)
        Document.objects.bulk_create(batch, batch_size=BATCH)
        return count

    # --- members -------------------------------------------------------------------------
    def make_cells(self, members):
        count = max(1, min(400, members // 250))
        cells = [
            PartyCell(name=f"Chi bộ {UNITS[i % len(UNITS)]} số {i // len(UNITS) + 1}", order=i) for i in range(count)
        ]
        for cell in cells:
            cell.slug = f"{CELL_SLUG_PREFIX}{slugify_vi(cell.name)}"
            cell.search_name = cell.name.lower()
        PartyCell.objects.bulk_create(cells, batch_size=BATCH)
        return list(PartyCell.objects.filter(slug__startswith=CELL_SLUG_PREFIX))

    def make_members(self, rng, cells, count):
        today = date.today()
        statuses = [
            (Member.Status.FULL, 0.85),
            (Member.Status.PROBATIONARY, 0.05),
            (Member.Status.EXCUSED, 0.03),
            (Member.Status.DECEASED, 0.02),
            (Member.Status.TRANSFERRED, 0.02),
            (Member.Status.SUSPENDED, 0.01),
            (Member.Status.TEMPORARY, 0.01),
            (Member.Status.LEFT, 0.01),
        ]
        codes, weights = zip(*statuses, strict=True)
        batch = []
        for i in range(count):
            female = rng.random() < 0.45
            status = rng.choices(codes, weights)[0]
            if status == Member.Status.PROBATIONARY:
                admitted = today - timedelta(days=rng.randint(10, 360))
            else:
                # Older members are rarer: a triangular spread from 1955 to two years ago.
                admitted = date(
                    int(rng.triangular(1955, today.year - 2, today.year - 8)), rng.randint(1, 12), rng.randint(1, 28)
                )
            born = _add_years(admitted, -rng.randint(19, 35))
            member = Member(
                full_name=_name(rng, female),
                gender=Member.Gender.FEMALE if female else Member.Gender.MALE,
                date_of_birth=born,
                place_of_birth=rng.choice(PROVINCES),
                hometown=rng.choice(PROVINCES),
                education_level="12/12",
                theory_level=rng.choice(["Sơ cấp", "Trung cấp", "Cao cấp"]),
                professional_level=rng.choice(["Cử nhân", "Kỹ sư", "Thạc sĩ", "Tiến sĩ"]),
                job_title=rng.choice(JOBS),
                card_number=f"{CARD_PREFIX}{i:010d}",
                dossier_number=f"LL-{i:06d}",
                admission_date=admitted,
                admission_ceremony_date=admitted + timedelta(days=rng.randint(0, 30)),
                official_date=None if status == Member.Status.PROBATIONARY else _add_years(admitted, 1),
                cell=cells[i % len(cells)],
                status=status,
                status_date=(
                    today - timedelta(days=rng.randint(30, 3000)) if status in Member.DATED_STATUSES else None
                ),
            )
            member.fill_derived_fields()
            batch.append(member)
            if len(batch) >= BATCH:
                Member.objects.bulk_create(batch)
                batch = []
        Member.objects.bulk_create(batch)

        rows = list(
            Member.objects.filter(card_number__startswith=CARD_PREFIX).values_list("id", "admission_date", "status")
        )
        with_gaps = self.make_gaps_and_disciplines(rng, rows)
        # Badges go to members without gaps, so that the milestone is simply the anniversary.
        return [row for row in rows if row[0] not in with_gaps]

    def make_gaps_and_disciplines(self, rng, rows):
        today = date.today()
        gaps, disciplines = [], []
        for member_id, admitted, _status in rows:
            roll = rng.random()
            if roll < 0.01 and (today - admitted).days > 3 * 365:
                start = admitted + timedelta(days=rng.randint(365, (today - admitted).days - 400))
                gaps.append(
                    MembershipGap(
                        member_id=member_id,
                        start=start,
                        end=start + timedelta(days=rng.randint(60, 700)),
                        reason=rng.choice(["mat_lien_lac", "chuyen_sinh_hoat", "xoa_ten"]),
                    )
                )
            elif roll < 0.015:
                disciplines.append(
                    Discipline(
                        member_id=member_id,
                        form=rng.choice(["khien_trach", "canh_cao", "cach_chuc"]),
                        decided_on=today - timedelta(days=rng.randint(10, 700)),
                        decision_number=f"{rng.randint(1, 99):02d}-QĐ/ĐU",
                    )
                )
        MembershipGap.objects.bulk_create(gaps, batch_size=BATCH)
        Discipline.objects.bulk_create(disciplines, batch_size=BATCH)
        return {gap.member_id for gap in gaps}

    # --- awards --------------------------------------------------------------------------
    def make_awards(self, rng, member_rows, count):
        today = date.today()
        rounds = {}
        for day in _rounds_between(2010, today.year):
            if day <= today:
                state = BadgeRound.State.DECIDED
                rounds[day], _ = BadgeRound.objects.get_or_create(
                    date=day, defaults={"state": state, "decision_number": f"{rng.randint(100, 999)}-QĐ/TU"}
                )
        round_days = sorted(rounds)
        candidates = [row for row in member_rows if (today - row[1]).days > 31 * 365]
        rng.shuffle(candidates)
        awards = []
        for member_id, admitted, _status in candidates:
            if len(awards) >= count:
                break
            age_years = (today - admitted).days // 365
            reached = [y for y in BADGES.milestones if y <= age_years and _add_years(admitted, y) >= round_days[0]]
            for years in reached[-2:]:
                milestone = _add_years(admitted, years)
                round_day = next((d for d in round_days if d >= milestone), None)
                if round_day is None or len(awards) >= count:
                    continue
                awards.append(
                    BadgeAward(
                        member_id=member_id,
                        years=years,
                        round=rounds[round_day],
                        round_date=round_day,
                        badge_number=f"{len(awards) + 1:06d}",
                        decision_number=rounds[round_day].decision_number,
                    )
                )
        BadgeAward.objects.bulk_create(awards, batch_size=BATCH)

    def make_commendations(self, rng, cells, member_rows, count):
        year_now = date.today().year
        items = []
        for i in range(count):
            form = rng.choice(list(ISSUERS))
            year = rng.randint(year_now - 8, year_now - 1)
            title = rng.choice(COMMENDATION_TITLES).format(year=year, first=year - 4)
            to_cell = i % 2 == 0 or form == "co"
            items.append(
                Commendation(
                    member_id=None if to_cell else rng.choice(member_rows)[0],
                    cell=rng.choice(cells) if to_cell else None,
                    form=form,
                    title=title,
                    year=year,
                    issuer=ISSUERS[form],
                    decision_number=f"{rng.randint(1, 300)}-QĐ/{'TU' if ISSUERS[form] == 'Tỉnh ủy' else 'ĐU'}",
                    decided_on=date(year + 1, rng.randint(1, 3), rng.randint(1, 28)),
                )
            )
        Commendation.objects.bulk_create(items, batch_size=BATCH)
        ratings = [
            QualityRating(cell=cell, year=year, level=rng.choice(["htxsnv", "httnv", "httnv", "htnv"]))
            for cell in cells
            for year in range(year_now - 3, year_now)
        ]
        QualityRating.objects.bulk_create(ratings, batch_size=BATCH)
