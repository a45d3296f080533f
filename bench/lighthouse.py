"""Lighthouse's scores of the public pages, with staff images, under gunicorn.

    npm install --no-save -E lighthouse@12.2.3     # once; it runs on Node 20
    .venv/bin/python bench/lighthouse.py [--runs 3]

Serves the site with the production settings (bench database `forus_bench`
or BENCH_DATABASE_URL, sample content, a staff image on the home page, each
pillar and each webinar) and runs Lighthouse in its default mobile mode,
with Debian's Chromium (CHROME_PATH, default /usr/bin/chromium), `--runs`
times per page; prints each category's median. Goals: performance 98 or
more, accessibility, best practices and SEO 100.
"""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.harness import BASE_DIR, BIN, bench_environment, gunicorn, prepare_database

CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
PAGES = {
    "home": "/",
    "pillar": "/pillars/workforce-diversification/",
    "webinar": None,  # the first upcoming webinar, found after the sample content exists
    "nomination form": "/champions/nominate/",
    "get involved": "/get-involved/",
}


def lighthouse_command() -> list[str]:
    local = BASE_DIR / "node_modules" / ".bin" / "lighthouse"
    if explicit := os.environ.get("LIGHTHOUSE"):
        return [explicit]
    if local.exists():
        return [str(local)]
    if found := shutil.which("lighthouse"):
        return [found]
    sys.exit("Lighthouse is missing: npm install --no-save -E lighthouse@12.2.3")


def manage(environment: dict[str, str], *arguments: str) -> str:
    return subprocess.run(
        [BIN / "python", "manage.py", *arguments],
        cwd=BASE_DIR,
        env=environment,
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def scores(url: str, *, lighthouse: list[str], environment: dict[str, str]) -> dict[str, int]:
    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / "report.json"
        subprocess.run(
            [
                *lighthouse,
                url,
                "--quiet",
                "--output=json",
                f"--output-path={report}",
                "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
            ],
            env=environment,
            check=True,
        )
        categories = json.loads(report.read_text())["categories"]
    return {name: round(categories[name]["score"] * 100) for name in CATEGORIES}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    arguments = parser.parse_args()
    lighthouse = lighthouse_command()

    environment = bench_environment()
    prepare_database(environment)
    manage(environment, "sample_content")
    manage(environment, "shell", "-c", "import bench.staff_images")
    webinar_path = (
        manage(
            environment,
            "shell",
            "-c",
            "from django.utils import timezone; from webinars.models import Webinar; "
            "print(Webinar.objects.for_public_display().filter(starts_at__gt=timezone.now())"
            ".order_by('starts_at').first().get_absolute_url())",
        )
        .strip()
        .splitlines()[-1]
    )  # after the shell's own line about what it imported
    lighthouse_environment = {
        **os.environ,
        "CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium"),
    }

    with gunicorn(environment) as base_url:
        print(f"{'page':<18}" + "".join(f"{name:>16}" for name in CATEGORIES))
        for label, path in PAGES.items():
            url = base_url + (path or webinar_path)
            runs = [
                scores(url, lighthouse=lighthouse, environment=lighthouse_environment)
                for _ in range(arguments.runs)
            ]
            medians = {name: statistics.median(run[name] for run in runs) for name in CATEGORIES}
            print(f"{label:<18}" + "".join(f"{medians[name]:>16.0f}" for name in CATEGORIES))
            print(
                " " * 18
                + "runs: "
                + "; ".join(", ".join(str(run[name]) for name in CATEGORIES) for run in runs)
            )


if __name__ == "__main__":
    main()
