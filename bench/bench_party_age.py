"""Party age and next badge milestone for 100,000 members, timed.

Usage: .venv/bin/python bench/bench_party_age.py [--db] [--count N]

Without --db the members and their gaps are generated in memory (the computation
alone, members.party_age). With --db they are bulk-inserted into a temporary test
database first and read back with ``prefetch_related("gaps")``, as the admin list
and the export do. Target: under 2 s for 100,000 members.
"""

import argparse
import os
import random
import sys
import time
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "partysite.settings")

TODAY = date(2026, 11, 28)


@dataclass
class Gap:
    start: date
    end: date | None


def generate(count, seed=1):
    rng = random.Random(seed)
    members = []
    for _ in range(count):
        admission = date(1935, 1, 1) + timedelta(days=rng.randint(0, 33000))
        gaps = []
        if rng.random() < 0.1:  # one member in ten has an interruption
            start = admission + timedelta(days=rng.randint(30, 6000))
            end = None if rng.random() < 0.05 else start + timedelta(days=rng.randint(10, 1500))
            gaps.append(Gap(start, end))
        members.append((admission, gaps))
    return members


def compute(members):
    from core.regulations import BADGES
    from members.party_age import party_age_and_next_milestone

    milestones = BADGES.milestones
    total = 0
    with_next = 0
    for admission, gaps in members:
        months, upcoming = party_age_and_next_milestone(admission, gaps, TODAY, milestones)
        total += months
        if upcoming is not None:
            with_next += 1
    return total, with_next


def in_memory(count):
    import django

    django.setup()
    members = generate(count)
    start = time.perf_counter()
    total, with_next = compute(members)
    elapsed = time.perf_counter() - start
    print(
        f"{count} thành viên (trong bộ nhớ): {elapsed:.3f} s; tổng tuổi Đảng {total} tháng, "
        f"{with_next} người còn mốc tiếp theo"
    )
    return elapsed


def from_database(count):
    import django
    from django.test.utils import get_runner, setup_test_environment

    django.setup()
    from django.conf import settings

    setup_test_environment()
    runner = get_runner(settings)(verbosity=0, interactive=False)
    old = runner.setup_databases()
    try:
        from members.models import Member, MembershipGap, PartyCell

        cell = PartyCell.objects.create(name="Chi bộ Đo tốc độ")
        rows = []
        gap_rows = []
        for i, (admission, gaps) in enumerate(generate(count)):
            member = Member(
                full_name=f"Đảng Viên Số {i}", admission_date=admission, cell=cell, card_number=f"{900000000000 + i}"
            )
            member.fill_derived_fields()
            rows.append(member)
            gap_rows.append(gaps)
        t0 = time.perf_counter()
        created = Member.objects.bulk_create(rows, batch_size=2000)
        MembershipGap.objects.bulk_create(
            (
                MembershipGap(member_id=m.pk, start=g.start, end=g.end, reason="khac")
                for m, gaps in zip(created, gap_rows, strict=True)
                for g in gaps
            ),
            batch_size=2000,
        )
        print(f"chèn {count} đảng viên: {time.perf_counter() - t0:.2f} s")
        # Two plain queries (no model instances): members' admission dates, then all gaps.
        start = time.perf_counter()
        by_member = {}
        for member_id, gap_start, gap_end in MembershipGap.objects.values_list("member_id", "start", "end"):
            by_member.setdefault(member_id, []).append(Gap(gap_start, gap_end))
        members = [
            (admission, by_member.get(pk, ()))
            for pk, admission in Member.objects.values_list("pk", "admission_date").iterator(chunk_size=10000)
        ]
        read = time.perf_counter() - start
        start = time.perf_counter()
        compute(members)
        elapsed = time.perf_counter() - start
        engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
        print(
            f"{count} đảng viên từ CSDL ({engine}): đọc {read:.3f} s, tính {elapsed:.3f} s, tổng {read + elapsed:.3f} s"
        )
        return read + elapsed
    finally:
        runner.teardown_databases(old)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--db", action="store_true", help="chèn vào CSDL thử rồi đọc lại")
    args = parser.parse_args()
    elapsed = from_database(args.count) if args.db else in_memory(args.count)
    print("ĐẠT (< 2 s)" if elapsed < 2 else "CHƯA ĐẠT (>= 2 s)")


if __name__ == "__main__":
    main()
