"""What visitors see of the awards: the honour roll and the home page block.

Only names, cells and award titles leave this module: the querysets load nothing else of
a member (``only``), so no template can show a birth date, a card number or a home town.
Commendations and badges are merged by one UNION query ordered by year, group and name,
then the page's rows are loaded by id: a fixed number of queries however many awards.
"""

from dataclasses import dataclass, field
from datetime import date

from django.core.cache import cache
from django.db.models import Case, Count, Exists, F, IntegerField, OuterRef, Value, When
from django.db.models.functions import Coalesce

from awards.honours.rules import exemplary_cells
from awards.models import BadgeAward, Commendation
from core.cache import versioned_key
from core.expressions import DateYear
from news.models import Article

COLLECTIVE, INDIVIDUAL, BADGE = 1, 2, 3
GROUP_LABELS = {COLLECTIVE: "Tập thể", INDIVIDUAL: "Cá nhân", BADGE: "Huy hiệu Đảng"}
BADGE_FORM = "huy_hieu"
FORM_CHOICES = [*Commendation.Form.choices, (BADGE_FORM, "Huy hiệu Đảng")]

PUBLIC_MEMBER_FIELDS = ["member__full_name", "member__cell", "member__cell__name"]


@dataclass
class HonourEntry:
    group: int
    year: int
    name: str
    cell_name: str
    title: str
    detail: str = ""
    article_url: str | None = None

    @property
    def group_label(self) -> str:
        return GROUP_LABELS[self.group]


@dataclass
class YearBlock:
    year: int
    groups: list = field(default_factory=list)  # [(label, [HonourEntry])]
    titles: list = field(default_factory=list)  # [CellTitle]


def _commendation_keys(years: range | None = None, form=None):
    rows = Commendation.objects.confirmed()
    if years:
        rows = rows.filter(year__gte=years.start, year__lt=years.stop)
    if form:
        rows = rows.filter(form=form)
    return (
        rows.annotate(
            src=Value("c"),
            grp=Case(
                When(cell__isnull=False, then=Value(COLLECTIVE)), default=Value(INDIVIDUAL), output_field=IntegerField()
            ),
            yr=F("year"),
            sort=Coalesce("member__sort_key", "cell__search_name"),
            obj=F("id"),
        )
        .order_by()
        .values_list("src", "grp", "yr", "sort", "obj")
    )


def _badge_keys(years: range | None = None):
    rows = BadgeAward.objects.all()
    if years:
        rows = rows.filter(round_date__gte=date(years.start, 1, 1), round_date__lt=date(years.stop, 1, 1))
    return (
        rows.annotate(
            src=Value("b"),
            grp=Value(BADGE, output_field=IntegerField()),
            yr=DateYear("round_date"),
            sort=F("member__sort_key"),
            obj=F("id"),
        )
        .order_by()
        .values_list("src", "grp", "yr", "sort", "obj")
    )


def honour_keys(years: range | None = None, form: str | None = None):
    """One ordered queryset of (source, group, year, sort key, id) over commendations and badges."""
    if form == BADGE_FORM:
        keys = _badge_keys(years)
    elif form:
        keys = _commendation_keys(years, form)
    else:
        keys = _commendation_keys(years).union(_badge_keys(years), all=True)
    return keys.order_by("-yr", "grp", "sort", "obj")


def founded_year() -> int | None:
    """The committee's founding year (site settings); the honour roll shows nothing before it."""
    from core.models import SiteProfile

    return SiteProfile.current().founded_year


def year_counts(form: str | None = None) -> dict[int, int]:
    """How many honours each year has (for one form, or all), kept per content version."""

    def compute():
        counts: dict[int, int] = {}
        queries = []
        if form != BADGE_FORM:
            commendations = Commendation.objects.confirmed()
            commendations = commendations.filter(form=form) if form else commendations
            queries.append(commendations.order_by().values("year").annotate(n=Count("id")).values_list("year", "n"))
        if not form or form == BADGE_FORM:
            queries.append(
                BadgeAward.objects.order_by()
                .annotate(yr=DateYear("round_date"))
                .values("yr")
                .annotate(n=Count("id"))
                .values_list("yr", "n")
            )
        founded = founded_year()
        for rows in queries:
            for year, n in rows:
                # Badges a member received before the committee existed stay in the registry
                # but are not the committee's honours: the roll starts at the founding year.
                if founded and year < founded:
                    continue
                counts[year] = counts.get(year, 0) + n
        return counts

    return cache.get_or_set(versioned_key(f"awards:year-counts:{form or 'all'}"), compute, 600)


class HonourPages:
    """The roll's ordered keys as Django's Paginator reads them, cheaply.

    The count is the sum of the years' counts (no query once cached); a page sorts only the
    years it spans. Ordering every award of every year for each page, and counting them
    through the same UNION, was most of the page's time at 5,000 badges.
    """

    def __init__(self, year: int | None = None, form: str | None = None):
        self.form = form
        counts = year_counts(form)
        self.counts = {year: counts.get(year, 0)} if year else counts

    def count(self) -> int:
        return sum(self.counts.values())

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, page: slice) -> list:
        start, stop = page.start or 0, page.stop
        years, before, seen = [], 0, 0
        for year in sorted(self.counts, reverse=True):  # the roll's order: newest year first
            if seen >= stop:
                break
            if seen + self.counts[year] <= start:
                before = seen + self.counts[year]
            elif self.counts[year]:
                years.append(year)
            seen += self.counts[year]
        if not years:
            return []
        span = range(min(years), max(years) + 1)
        return list(honour_keys(span, self.form)[start - before : stop - before])


def _commendations_by_id(ids):
    published = Article.objects.published().filter(pk=OuterRef("article_id"))
    rows = (
        Commendation.objects.confirmed()
        .filter(pk__in=ids)
        .select_related("member__cell", "cell", "article")
        .only(
            "form",
            "title",
            "year",
            "issuer",
            "member_id",
            "cell_id",
            "article_id",
            *PUBLIC_MEMBER_FIELDS,
            "cell__name",
            "article__slug",
        )
        .annotate(article_public=Exists(published))
    )
    return {row.pk: row for row in rows}


def _badges_by_id(ids):
    rows = (
        BadgeAward.objects.filter(pk__in=ids)
        .select_related("member__cell", "round")
        .only("years", "round_date", "round_id", "round__name", "round__date", "member_id", *PUBLIC_MEMBER_FIELDS)
    )
    return {row.pk: row for row in rows}


def _commendation_entry(c) -> HonourEntry:
    if c.member_id:
        name, cell_name, group = c.member.full_name, c.member.cell.name, INDIVIDUAL
    else:
        name, cell_name, group = c.cell.name, "", COLLECTIVE
    article_url = c.article.get_absolute_url() if c.article_id and c.article_public else None
    detail = f"{c.get_form_display()} – {c.issuer}" if c.issuer else c.get_form_display()
    return HonourEntry(group, c.year, name, cell_name, c.title, detail, article_url)


def _badge_entry(b) -> HonourEntry:
    round_name = str(b.round) if b.round_id else f"Đợt {b.round_date:%d/%m/%Y}"
    return HonourEntry(
        BADGE,
        b.round_date.year,
        b.member.full_name,
        b.member.cell.name,
        f"Huy hiệu {b.years} năm tuổi Đảng",
        round_name,
    )


def entries_for(keys) -> list[HonourEntry]:
    """Turn a page of keys into entries: two queries (commendations, badges), none per row."""
    keys = list(keys)
    commendations = _commendations_by_id([k[4] for k in keys if k[0] == "c"])
    badges = _badges_by_id([k[4] for k in keys if k[0] == "b"])
    entries = []
    for src, _grp, _yr, _sort, pk in keys:
        if src == "c" and pk in commendations:
            entries.append(_commendation_entry(commendations[pk]))
        elif src == "b" and pk in badges:
            entries.append(_badge_entry(badges[pk]))
    return entries


def year_blocks(entries: list[HonourEntry], with_titles: bool = True) -> list[YearBlock]:
    """Group a page of entries by year, then collectives, individuals, badges (order kept)."""
    blocks: dict[int, YearBlock] = {}
    for entry in entries:
        block = blocks.setdefault(entry.year, YearBlock(entry.year))
        if not block.groups or block.groups[-1][0] != entry.group_label:
            block.groups.append((entry.group_label, []))
        block.groups[-1][1].append(entry)
    if with_titles and blocks:
        for title in exemplary_cells(sorted(blocks)):
            blocks[title.year].titles.append(title)
    return list(blocks.values())


def honour_years() -> list[int]:
    """Years that have a commendation or a badge, newest first (no query once counted)."""
    return sorted((year for year, n in year_counts().items() if n), reverse=True)


def home_honours(limit: int = 6) -> list[HonourEntry]:
    """The latest honours for the home page: three queries whatever the number of awards,
    kept per content version (ordering every award is slow at thousands of badges: bench/README.md)."""

    def compute():
        founded = founded_year()
        years = range(founded, 9999) if founded else None
        keys = (
            _commendation_keys(years).union(_badge_keys(years), all=True).order_by("-yr", "grp", "sort", "obj")[:limit]
        )
        return entries_for(keys)

    return cache.get_or_set(versioned_key(f"awards:home-honours:{limit}"), compute, 600)
