"""Print who is due a party badge at a round (and write the official .xlsx)."""

from datetime import datetime

from django.core.management.base import BaseCommand, CommandError

from awards.badges import lists as badge_lists
from awards.badges.rules import counts_by_milestone, eligible_for_round
from awards.models import BadgeRound
from core.audit import Action, log_command_access
from core.models import SiteProfile
from members.models import Member


def parse_day(value: str):
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    raise CommandError(f"Ngày không hợp lệ: {value!r}; dùng YYYY-MM-DD, ví dụ 2027-02-03.")


class Command(BaseCommand):
    help = "In danh sách đề nghị tặng Huy hiệu Đảng của một đợt; --xlsx ghi tệp theo mẫu 4-HHĐ, 4B-HHĐ."

    def add_arguments(self, parser):
        parser.add_argument("--round", required=True, help="Ngày của đợt, YYYY-MM-DD (ví dụ 2027-02-03).")
        parser.add_argument("--xlsx", metavar="FILE", help="Ghi danh sách chính thức ra tệp .xlsx.")

    def handle(self, *args, **options):
        day = parse_day(options["round"])
        round_ = BadgeRound.objects.filter(date=day).first()
        name = str(round_) if round_ else badge_lists.round_label(day)
        nominations = eligible_for_round(day)
        profile = SiteProfile.current()
        out = self.stdout
        out.write(f"{profile.name}")
        out.write(f"{badge_lists.TITLE} – {name} (ngày {day:%d/%m/%Y})")
        if round_ is None:
            out.write("(Chưa có đợt này trong hệ thống; danh sách tính theo ngày đã nhập.)")
        for key, title in badge_lists.GROUPS:
            rows = [n for n in nominations if n.group == key]
            out.write("")
            out.write(f"== {title}: {len(rows)}")
            for index, n in enumerate(rows, start=1):
                member = n.member
                line = (
                    f"{index:>4}. {member.full_name:<28} {n.years:>2} năm  đủ {n.milestone_date:%d/%m/%Y}  "
                    f"tuổi Đảng {n.party_age_display:<16} {member.cell.name}"
                )
                if key == "held":
                    until = f"đến {n.deferred_until:%d/%m/%Y}" if n.deferred_until else "chưa xác định ngày kết thúc"
                    line += f"  | {n.hold_reason} ({until})"
                elif n.note:
                    line += f"  | {n.note}"
                out.write(line)
        counts = ", ".join(f"{years} năm: {count}" for years, count in counts_by_milestone(nominations))
        out.write("")
        out.write(f"Số lượng đề nghị theo huy hiệu: {counts or 'không có'}")
        member_ids = [n.member.pk for n in nominations]
        # Printing and writing member data are recorded like the admin's list and export;
        # the operating-system account stands for the user (Luật Bảo vệ dữ liệu cá nhân).
        log_command_access("badge_list", Action.VIEWED, Member, member_ids)
        if options.get("xlsx"):
            workbook = badge_lists.build_workbook(
                nominations, day, committee=profile.name, parent_body=profile.parent_body, name=name
            )
            workbook.save(options["xlsx"])
            log_command_access("badge_list", Action.EXPORTED, Member, member_ids)
            out.write(self.style.SUCCESS(f"Đã ghi {options['xlsx']}."))
