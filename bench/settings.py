"""The production settings, plus one bare view to measure the site against."""

import os
from pathlib import Path

from forus.settings import *  # noqa: F403
from forus.settings import BASE_DIR

ROOT_URLCONF = "bench.urls"

# Staff images uploaded for a benchmark stay apart from a developer's own.
MEDIA_ROOT = Path(os.environ.get("BENCH_MEDIA_ROOT", BASE_DIR / "var" / "bench-media"))
