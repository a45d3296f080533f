"""The production settings, plus one bare view to measure the site against."""

from forus.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
