"""Benchmark: ``eligible_for_round`` over 100,000 members.

Run from the project root:
    .venv/bin/python bench/bench_badges.py                  # SQLite (a temporary file)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ps_x .venv/bin/python bench/bench_badges.py
Options: --members N (default 100000), --runs R (default 3), --keep NAME (keep and reuse the
database), --profile.

It builds a throw-away database (SQLite: a temporary file; PostgreSQL: ``bench_<name>``,
dropped at the end), bulk-inserts members with gaps, disciplines, badges, early-award
requests and holds for some of them, and prints the median time and the query count.
Target: under 2 s on each database.
"""

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "partysite.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

ROUND = date(2027, 2, 3)
BATCH = 5000


def build(count: int, rng: random.Random) -> dict:
    from awards.models import BadgeAward, BadgeHold, EarlyAwardRequest
    from core.regulations import BADGES
    from members import party_age
    from members.models import Discipline, Member, MembershipGap, PartyCell

    cells = [PartyCell.objects.create(name=f"Chi bộ Đo tải {i}") for i in range(20)]
    given = ["An", "Bình", "Cường", "Dũng", "Đức", "Hà", "Hải", "Lan", "Minh", "Nga", "Quyết", "Tâm", "Thu", "Vinh"]
    family = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Đỗ", "Vũ", "Đặng", "Bùi", "Lữ"]
    statuses = ["chinh_thuc"] * 80 + ["mien_sinh_hoat"] * 6 + ["sinh_hoat_tam_thoi"] * 3 + ["du_bi"] * 3
    statuses += ["chuyen_di"] * 3 + ["tu_tran"] * 3 + ["ra_khoi_dang"] + ["dinh_chi"]
    start = date(1950, 1, 1).toordinal()
    span = date(2024, 12, 31).toordinal() - start

    members = []
    for i in range(count):
        admission = date.fromordinal(start + rng.randrange(span))
        status = rng.choice(statuses)
        status_date = (
            admission + timedelta(days=rng.randrange(365 * 2, 365 * 40))
            if status in ("chuyen_di", "tu_tran", "ra_khoi_dang", "dinh_chi")
            else None
        )
        member = Member(
            full_name=f"{rng.choice(family)} Văn {rng.choice(given)} {i}",
            card_number=f"{i:012d}",
            admission_date=admission,
            official_date=admission + timedelta(days=366),
            cell=cells[i % len(cells)],
            status=status,
            status_date=status_date,
        )
        member.fill_derived_fields()
        members.append(member)
    for offset in range(0, count, BATCH):
        Member.objects.bulk_create(members[offset : offset + BATCH])
    members = list(Member.objects.order_by("id").only("id", "admission_date"))

    gaps, disciplines, awards, requests, holds = [], [], [], [], []
    forms = list(BADGES.discipline_deferral_months)
    for member in members:
        roll = rng.random()
        if roll < 0.05:
            gap_start = member.admission_date + timedelta(days=rng.randrange(400, 5000))
            gaps.append(
                MembershipGap(
                    member=member,
                    start=gap_start,
                    end=gap_start + timedelta(days=rng.randrange(30, 900)),
                    reason="mat_lien_lac",
                )
            )
        if rng.random() < 0.02:
            decided = ROUND - timedelta(days=rng.randrange(0, 500))
            disciplines.append(Discipline(member=member, form=rng.choice(forms), decided_on=decided))
        if rng.random() < 0.005:
            requests.append(EarlyAwardRequest(member=member, requested_on=ROUND - timedelta(days=60), reason="Đo tải"))
        if rng.random() < 0.002:
            holds.append(BadgeHold(member=member, reason="Đo tải", until=None))
        # Most members received the badges they reached before 2026.
        if rng.random() < 0.7:
            for years in BADGES.milestones:
                reached = party_age.add_months(member.admission_date, 12 * years)
                if reached >= date(2026, 1, 1):
                    break
                awards.append(
                    BadgeAward(
                        member=member,
                        years=years,
                        round_date=reached + timedelta(days=90),
                        badge_number=f"B{member.pk}-{years}",
                    )
                )
    for model, rows in (
        (MembershipGap, gaps),
        (Discipline, disciplines),
        (BadgeAward, awards),
        (EarlyAwardRequest, requests),
        (BadgeHold, holds),
    ):
        for offset in range(0, len(rows), BATCH):
            model.objects.bulk_create(rows[offset : offset + BATCH])
    return {
        "gaps": len(gaps),
        "disciplines": len(disciplines),
        "awards": len(awards),
        "early requests": len(requests),
        "holds": len(holds),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--keep",
        metavar="NAME",
        help="Keep the database (SQLite: a file path; PostgreSQL: a database name) and reuse it next time.",
    )
    parser.add_argument("--profile", action="store_true", help="Print where the time goes (cProfile).")
    args = parser.parse_args()

    db = settings.DATABASES["default"]
    vendor = connection.vendor
    tmpdir = None
    if args.keep:
        db["TEST"]["NAME"] = args.keep
    elif vendor == "sqlite":
        tmpdir = tempfile.mkdtemp(prefix="bench-badges-")
        db["TEST"]["NAME"] = str(Path(tmpdir) / "bench.sqlite3")
    else:
        db["TEST"]["NAME"] = f"bench_{db['NAME']}"
    old_name = connection.creation.create_test_db(
        verbosity=0, autoclobber=True, serialize=False, keepdb=bool(args.keep)
    )
    try:
        from members.models import Member

        if not Member.objects.exists():
            started = time.perf_counter()
            sizes = build(args.members, random.Random(20270203))
            if vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("ANALYZE")
            print(
                f"{vendor}: built {args.members:,} members in {time.perf_counter() - started:.1f} s; "
                + ", ".join(f"{k} {v:,}" for k, v in sizes.items())
            )
        measure(args, vendor)
    finally:
        if not args.keep:
            connection.creation.destroy_test_db(old_name, verbosity=0)
        if tmpdir:
            import shutil

            shutil.rmtree(tmpdir, ignore_errors=True)


def measure(args, vendor):
    from awards.badges.rules import eligible_for_round

    timings, cpu, queries, listed = [], [], 0, 0
    for _ in range(args.runs):
        with CaptureQueriesContext(connection) as ctx:
            t0, c0 = time.perf_counter(), time.process_time()
            nominations = eligible_for_round(ROUND)
            timings.append(time.perf_counter() - t0)
            cpu.append(time.process_time() - c0)
        queries, listed = len(ctx.captured_queries), len(nominations)
    if args.profile:
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        profiler.runcall(eligible_for_round, ROUND)
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
    held = sum(1 for n in nominations if n.is_held)
    print(
        f"{vendor}: eligible_for_round({ROUND:%d/%m/%Y}) over {args.members:,} members: "
        f"median {statistics.median(timings):.2f} s (runs: {', '.join(f'{t:.2f}' for t in timings)}), "
        f"this process's CPU median {statistics.median(cpu):.2f} s (the machine is shared: wall time varies), "
        f"{queries} queries, {listed:,} listed ({held:,} held back)"
    )


if __name__ == "__main__":
    main()
