"""How fast the Champion Spotlight pages are, against a bare Django view.

    .venv/bin/python bench/champions.py [--requests N] [--seconds S]

Like bench/pages.py: gunicorn with the production settings on localhost,
loaded from this process. It first publishes 24 sample spotlights (with
photos) in the bench database, then loads the index, its second page, one
spotlight's page, the feed, the home page and one card photo (photos are
not page-cached: each is a query and a storage read).
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
    gunicorn,
    prepare_database,
    print_against_minimal,
)

SEED = """
from io import BytesIO
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image
from campaign.models import Pillar
from champions import services
from champions.models import Spotlight
from forus.images import image_decode

pillars = list(Pillar.objects.order_by("number"))
buffer = BytesIO()
Image.new("RGB", (1600, 1200), "teal").save(buffer, format="JPEG")
for number in range(24):
    spotlight, created = Spotlight.objects.get_or_create(
        slug=f"bench-spotlight-{number}",
        defaults={
            "title": f"Bench spotlight {number}",
            "champion_name": f"Bench Champion {number}",
            "summary": "A sample for the benchmark.",
            "body": "Some **Markdown** for the benchmark.\\n\\n" * 20,
            "status": Spotlight.Status.PUBLISHED,
            "published_at": timezone.now(),
        },
    )
    if created:
        spotlight.pillars.set([pillars[number % 5]])
        upload = SimpleUploadedFile("photo.jpg", buffer.getvalue())
        services.spotlight_photo_replace(
            spotlight=spotlight, image=image_decode(upload), photo_alt="A teal square"
        )
print(Spotlight.objects.get(slug="bench-spotlight-23").photo_card_url)
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=2000, help="per URL, at most")
    parser.add_argument("--seconds", type=float, default=15.0, help="per URL, at most")
    parser.add_argument("--concurrency", type=int, default=4)
    options = parser.parse_args()

    environment = bench_environment()
    prepare_database(environment)
    photo_path = subprocess.run(
        [BIN / "python", "manage.py", "shell", "-v", "0", "-c", SEED],
        cwd=BASE_DIR,
        env=environment,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    pages = {
        "spotlight index": "/champions/",
        "index, page 2": "/champions/?page=2",
        "index by pillar": "/champions/?pillar=centering-community-power",
        "spotlight page": "/champions/bench-spotlight-23/",
        "RSS feed": "/champions/feed/",
        "home page": "/",
        "card photo": photo_path,
    }
    with gunicorn(environment) as base_url:
        print_against_minimal(
            base_url,
            pages,
            requests=options.requests,
            seconds=options.seconds,
            concurrency=options.concurrency,
        )


if __name__ == "__main__":
    main()
