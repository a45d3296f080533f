"""Whether a web worker's memory grows with the requests it serves.

    .venv/bin/python bench/memory.py [--rounds 8] [--seconds 4]

Needs wrk (`apt-get install -y wrk`). Starts the site as bench/pages.py
does, with worker recycling off (--max-requests 0), and loads a mix of
pages in rounds: cached pages, the same pages rendered afresh (an unknown
query string bypasses the cache), the webinar page and a 404. After each
round it prints every worker's resident memory and the requests served so
far. A leak shows as memory that keeps rising round after round; a worker
that settles after its first rounds (templates, translations, URL and
query caches filled) has none, and needs no recycling
(forus/gunicorn_conf.py's max_requests).
"""

import argparse
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.harness import (
    BASE_DIR,
    BIN,
    bench_environment,
    gunicorn_server,
    prepare_database,
    wrk_load,
)
from bench.pages import PAGES, SEED

MIX = [*PAGES.values(), *(f"{path}?utm_source=bench" for path in PAGES.values())]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=8)
    parser.add_argument("--seconds", type=int, default=1, help="per URL and round")
    parser.add_argument("--connections", type=int, default=8)
    options = parser.parse_args()

    environment = bench_environment()
    environment["GUNICORN_CMD_ARGS"] = "--max-requests 0"
    prepare_database(environment)
    subprocess.run(
        [BIN / "python", "manage.py", "shell", "-v", "0", "-c", SEED],
        cwd=BASE_DIR,
        env=environment,
        check=True,
    )
    served = 0
    with gunicorn_server(environment) as site:
        print(f"round {0:>2}: {served:>7} requests, RSS KiB {site.worker_rss_kib()}")
        for number in range(1, options.rounds + 1):
            for path in MIX:
                run = wrk_load(
                    path,
                    site.base_url + path,
                    seconds=options.seconds,
                    connections=options.connections,
                )
                served += run.requests
            print(f"round {number:>2}: {served:>7} requests, RSS KiB {site.worker_rss_kib()}")


if __name__ == "__main__":
    main()
