"""gunicorn's --max-requests under a fast page: how often workers restart and what it costs at p99.

Run: ``python bench/bench_max_requests.py [--duration 5]`` (not part of ``make bench``'s default
run; bench/run.py belongs to the load benchmark). It starts gunicorn twice on 127.0.0.1 with the
production settings, once with the old ``--max-requests 2000`` and once with the recommended
``--max-requests 100000 --max-requests-jitter 10000``, loads ``/bench/trivial/`` (the speed of a
page-cache hit) with wrk, and prints requests/s, p50, p99, answers that were not 2xx/3xx and how
many times a worker was restarted during the run.
"""

import argparse
import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import BENCH_DIR, ROOT, environment, free_port, manage, wrk  # noqa: E402

CONFIGS = {
    "--max-requests 2000 (before)": ["--max-requests", "2000"],
    "--max-requests 100000 --max-requests-jitter 10000 (docs/deploy.md)": [
        "--max-requests",
        "100000",
        "--max-requests-jitter",
        "10000",
    ],
}


def measure(env, options, duration, connections, workers):
    port = free_port()
    log_path = BENCH_DIR / "gunicorn-max-requests.log"
    log_path.write_text("")
    with open(log_path, "a") as log:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "partysite.wsgi",
                "--workers",
                str(workers),
                "--worker-class",
                "sync",
                "--bind",
                f"127.0.0.1:{port}",
                "--log-level",
                "info",
                *options,
            ],
            cwd=ROOT,
            env=env,
            start_new_session=True,
            stdout=log,
            stderr=log,
        )
        try:
            url = f"http://127.0.0.1:{port}/bench/trivial/"
            deadline = time.monotonic() + 60
            while True:
                try:
                    urllib.request.urlopen(url, timeout=2).read()
                    break
                except OSError:
                    if time.monotonic() > deadline:
                        raise SystemExit("gunicorn did not start") from None
                    time.sleep(0.3)
            result = wrk(url, duration, connections)
        finally:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=20)
    result["restarts"] = log_path.read_text().count("Autorestarting worker")
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--duration", type=int, default=5)
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    env = environment()
    manage(env, "migrate", "--noinput", "-v0")
    print(
        f"gunicorn --max-requests: {args.workers} sync workers, wrk {args.connections} connections, "
        f"{args.duration} s on /bench/trivial/"
    )
    for label, options in CONFIGS.items():
        r = measure(env, options, args.duration, args.connections, args.workers)
        print(
            f"  {label}: {r['rps']:.0f} req/s, p50 {r['p50']:.1f} ms, p99 {r['p99']:.1f} ms, "
            f"errors {r['errors']}, worker restarts {r['restarts']}",
            flush=True,
        )


if __name__ == "__main__":
    main()
