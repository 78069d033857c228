"""Start page blocks for the party office: the next badge round, ratings not yet entered,
commendations not yet confirmed (registered in AwardsConfig.ready()).

Counts and cell names only: no member is named here (the linked screens log what they show).
"""

from collections import Counter
from urllib.parse import urlencode

from django.db.models import Exists, OuterRef
from django.urls import reverse

from awards.badges.rules import EARLY, POSTHUMOUS, REGULAR, eligible_for_round
from core import dashboard, roles

from . import ratings
from .models import BadgeAward, BadgeHold, BadgeRound, Commendation, EarlyAwardRequest, QualityRating

dashboard.watch(
    BadgeRound,
    BadgeAward,
    BadgeAward.history.model,
    EarlyAwardRequest,
    EarlyAwardRequest.history.model,
    BadgeHold,
    BadgeHold.history.model,
    QualityRating,
    QualityRating.history.model,
)
CELL_ROWS = 8


def round_summary(round_date) -> dict:
    """What the round screen will show, as counts: proposed by kind, held back, open early requests.

    ``eligible_for_round`` reads the whole registry (about 2 s on 100,000 members): the start
    page keeps this summary until the registry changes (``Viewer.cached``).
    """
    nominations = eligible_for_round(round_date)
    kinds = Counter(n.kind for n in nominations if not n.is_held)
    later_badge = BadgeAward.objects.filter(member=OuterRef("member"), round_date__gte=OuterRef("requested_on"))
    open_requests = EarlyAwardRequest.objects.filter(~Exists(later_badge)).count()
    return {
        REGULAR: kinds[REGULAR],
        EARLY: kinds[EARLY],
        POSTHUMOUS: kinds[POSTHUMOUS],
        "held": sum(1 for n in nominations if n.is_held),
        "open_requests": open_requests,
    }


@dashboard.register("awards.next_round", roles=[roles.OFFICE], section=dashboard.OFFICE, order=10)
def next_round(viewer):
    round_ = BadgeRound.objects.filter(date__gte=viewer.today).order_by("date").first()
    rounds_url = reverse("admin:awards_badgeround_changelist")
    if round_ is None:
        return dashboard.Block(
            title="Đợt Huy hiệu Đảng sắp tới",
            empty="Chưa có đợt nào từ hôm nay trở đi. Tạo các đợt 3/2, 19/5, 2/9, 7/11 của năm.",
            button=("Mở danh sách đợt", rounds_url),
        )
    summary = viewer.cached(f"awards.round:{round_.pk}:{round_.date.isoformat()}", lambda: round_summary(round_.date))
    screen = reverse("admin:awards_badgeround_screen", args=[round_.pk])
    return dashboard.Block(
        title=f"Đợt Huy hiệu Đảng sắp tới: {round_.date:%d/%m/%Y}",
        items=[
            dashboard.Item("đề nghị tặng theo niên hạn", summary[REGULAR], f"{screen}#nhom-{REGULAR}"),
            dashboard.Item("đề nghị tặng sớm", summary[EARLY], f"{screen}#nhom-{EARLY}"),
            dashboard.Item("đề nghị truy tặng", summary[POSTHUMOUS], f"{screen}#nhom-{POSTHUMOUS}"),
            dashboard.Item("tạm dừng xét (kỷ luật, đình chỉ, Văn phòng dừng)", summary["held"], f"{screen}#nhom-held"),
            dashboard.Item(
                "đề nghị tặng sớm đang chờ",
                summary["open_requests"],
                reverse("admin:awards_earlyawardrequest_changelist"),
            ),
        ],
        note=f"{round_} – {round_.get_state_display().lower()}.",
        button=("Mở danh sách đề nghị của đợt", screen),
        link=("Mọi đợt", rounds_url),
    )


@dashboard.register("awards.ratings", roles=[roles.OFFICE], section=dashboard.OFFICE, order=40)
def ratings_missing(viewer):
    year = ratings.current_review_year(viewer.today)
    missing = viewer.cached(
        f"awards.ratings-missing:{year}",
        lambda: [(cell.pk, cell.name, n, cell_missing) for cell, n, cell_missing in ratings.missing_by_cell(year)],
    )
    items = []
    for cell_id, name, n, cell_missing in missing[:CELL_ROWS]:
        note = "Chưa xếp loại tập thể chi bộ." if cell_missing else ""
        url = reverse("admin:awards_qualityrating_rate_cell_year", args=[cell_id, year])
        items.append(dashboard.Item(name, n, url, note))
    more = len(missing) - CELL_ROWS
    return dashboard.Block(
        title=f"Xếp loại năm {year}: đảng viên chưa xếp loại, theo chi bộ",
        items=items,
        empty=f"Đã nhập đủ xếp loại năm {year} cho mọi chi bộ.",
        note=f"Còn {more} chi bộ nữa." if more > 0 else "",
        link=("Xếp loại cả chi bộ", f"{reverse('admin:awards_qualityrating_rate_cell')}?{urlencode({'year': year})}"),
    )


@dashboard.register("awards.commendations", roles=[roles.OFFICE], section=dashboard.OFFICE, order=50)
def commendations_unconfirmed(viewer):
    count = Commendation.objects.unconfirmed().count()
    url = f"{reverse('admin:awards_commendation_changelist')}?xac_nhan=chua"
    return dashboard.Block(
        title="Khen thưởng chờ xác nhận",
        items=[dashboard.Item("khen thưởng đã nhập, chưa xác nhận (chưa hiện trên bảng vinh danh)", count, url)],
    )
