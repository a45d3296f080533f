"""How fast anonymous content pages are, against a bare Django view.

    .venv/bin/python bench/pages.py [--requests N] [--seconds S]

Starts gunicorn with the production settings (PostgreSQL, Redis cache) on
localhost and loads the home page, a pillar page and a minimal view from
this process. The ratio says how close a full page comes to the cheapest
response Django can give through the same middleware.
"""

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.harness import bench_environment, gunicorn, prepare_database, print_against_minimal

PAGES = {
    "home page": "/",
    "pillar page": "/pillars/centering-community-power/",
    "newsletter page": "/newsletter/",
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=6000, help="per URL, at most")
    parser.add_argument("--seconds", type=float, default=20.0, help="per URL, at most")
    parser.add_argument("--concurrency", type=int, default=4)
    options = parser.parse_args()

    environment = bench_environment()
    prepare_database(environment)
    with gunicorn(environment) as base_url:
        print_against_minimal(
            base_url,
            PAGES,
            requests=options.requests,
            seconds=options.seconds,
            concurrency=options.concurrency,
        )


if __name__ == "__main__":
    main()
