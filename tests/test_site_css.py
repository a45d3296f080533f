"""static/css/site.css: one look is declared in one rule."""

import re
from pathlib import Path

from django.conf import settings

SITE_CSS = Path(settings.BASE_DIR) / "static" / "css" / "site.css"
RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")
PANEL_LOOK = {
    "background: var(--card)",
    "border: 1px solid var(--line)",
    "border-radius: var(--radius)",
    "box-shadow: var(--shadow)",
}


def test_the_panel_look_is_one_rule_shared_by_every_panel():
    css = re.sub(r"/\*.*?\*/", "", SITE_CSS.read_text(), flags=re.S)
    rules = [
        (selectors.strip(), {part.strip() for part in body.split(";") if part.strip()})
        for selectors, body in RULE.findall(css)
    ]
    panel_rules = [selectors for selectors, declarations in rules if declarations >= PANEL_LOOK]

    assert len(panel_rules) == 1
    assert {selector.strip() for selector in panel_rules[0].split(",")} == {
        ".card",
        ".newsletter-form",
        ".registration",
        ".next-webinar__card",
    }
