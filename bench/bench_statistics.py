"""Benchmark: the year's statistics report (``members.statistics.build_report``) over 100,000 members.

Run from the project root (same data and options as bench_badges.py, whose builder it reuses):
    .venv/bin/python bench/bench_statistics.py [--members N] [--runs R] [--keep NAME]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ps_x .venv/bin/python bench/bench_statistics.py
Targets (issue 14): under 2 s on PostgreSQL, under 5 s on SQLite; the query count is fixed.
"""

import statistics
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_badges  # noqa: E402  (sets up Django)

AS_OF = date(2026, 12, 31)


def measure(args, vendor):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from members.statistics import build_report

    timings, cpu = [], []
    for _ in range(args.runs):
        started, started_cpu = time.perf_counter(), time.process_time()
        with CaptureQueriesContext(connection) as captured:
            report = build_report(AS_OF)
        timings.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    print(
        f"{vendor}: build_report({AS_OF:%d/%m/%Y}) over {args.members:,} members: "
        f"median {statistics.median(timings):.2f} s, CPU {statistics.median(cpu):.2f} s, "
        f"{len(captured)} queries, {report.table('status').total[0]:,} counted"
    )


if __name__ == "__main__":
    bench_badges.measure = measure
    bench_badges.main()
