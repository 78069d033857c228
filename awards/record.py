"""The awards part of a member's record page (``members.record``): badges, early-award
requests, holds, commendations and ratings, each with its date and decision number.

Registered from ``AwardsConfig.ready()``, so that ``members`` never imports ``awards``.
Five queries per member.
"""

from members.record import Section, fmt

from .models import BadgeAward, BadgeHold, Commendation, EarlyAwardRequest, QualityRating


def award_sections(member) -> list[Section]:
    badges = Section("Huy hiệu Đảng", ["Huy hiệu", "Đợt (ngày trao)", "Số huy hiệu", "Số quyết định"])
    for award in BadgeAward.objects.filter(member=member).order_by("round_date", "years"):
        badges.rows.append([f"{award.years} năm", fmt(award.round_date), award.badge_number, award.decision_number])
    requests = Section("Đề nghị tặng sớm", ["Ngày đề nghị", "Lý do"])
    for request in EarlyAwardRequest.objects.filter(member=member).order_by("requested_on"):
        requests.rows.append([fmt(request.requested_on), request.reason])
    holds = Section("Tạm dừng xét huy hiệu", ["Lý do", "Đến ngày"])
    for hold in BadgeHold.objects.filter(member=member).order_by("pk"):
        holds.rows.append([hold.reason, fmt(hold.until) or "chưa xác định"])
    honours = Section(
        "Khen thưởng", ["Năm", "Hình thức", "Danh hiệu / lý do", "Cấp khen", "Số quyết định", "Ngày quyết định"]
    )
    for item in Commendation.objects.filter(member=member).order_by("year", "decided_on"):
        honours.rows.append(
            [
                str(item.year),
                item.get_form_display(),
                item.title,
                item.issuer,
                item.decision_number,
                fmt(item.decided_on),
            ]
        )
    ratings = Section("Đánh giá, xếp loại chất lượng", ["Năm", "Xếp loại", "Điểm", "Ghi chú"])
    for rating in QualityRating.objects.filter(member=member).order_by("year"):
        ratings.rows.append(
            [
                str(rating.year),
                rating.get_level_display(),
                "" if rating.score is None else str(rating.score),
                rating.note,
            ]
        )
    return [badges, requests, holds, honours, ratings]
