"""The arrows between the apps: every feature may use `forus`, `forus` names no feature.

Allowed: a feature → `forus`; `webinars` → `campaign` (the newsletter opt-in);
`champions` → `campaign` (the Pillar foreign key). `forus/urls.py` and
`forus/settings.py` put the site together, so they may name every app.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APPS = ("forus", "campaign", "webinars", "champions")
ASSEMBLY = {"forus/urls.py", "forus/settings.py"}


def _imports() -> dict[str, set[tuple[str, str]]]:
    """For each app, the (app it imports, file that does) pairs, lazy imports included."""
    found: dict[str, set[tuple[str, str]]] = {app: set() for app in APPS}
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            relative = path.relative_to(ROOT).as_posix()
            for node in ast.walk(ast.parse(path.read_text(), filename=relative)):
                if isinstance(node, ast.Import):
                    names = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    names = [node.module]
                else:
                    continue
                for name in names:
                    target = name.split(".")[0]
                    if target in APPS and target != app:
                        found[app].add((target, relative))
    return found


@pytest.fixture(scope="module")
def imports() -> dict[str, set[tuple[str, str]]]:
    found = _imports()
    # The scan sees the arrows that must be there, so an empty result means a broken scan.
    assert ("forus", "webinars/models.py") in found["webinars"]
    assert ("campaign", "champions/models.py") in found["champions"]
    return found


def test_forus_imports_no_feature_but_in_urls_and_settings(imports):
    assert (
        sorted((target, source) for target, source in imports["forus"] if source not in ASSEMBLY)
        == []
    )


def test_campaign_imports_neither_webinars_nor_champions(imports):
    assert (
        sorted((target, source) for target, source in imports["campaign"] if target != "forus")
        == []
    )


def test_webinars_and_champions_do_not_import_each_other(imports):
    assert sorted(source for target, source in imports["webinars"] if target == "champions") == []
    assert sorted(source for target, source in imports["champions"] if target == "webinars") == []


def test_no_cycle_between_the_apps(imports):
    arrows = {
        app: {target for target, source in imports[app] if source not in ASSEMBLY} for app in APPS
    }
    order: list[str] = []
    remaining = dict(arrows)
    while remaining:
        ready = sorted(app for app, targets in remaining.items() if targets <= set(order))
        assert ready, f"A cycle among {sorted(remaining)}: {remaining}"
        order.extend(ready)
        for app in ready:
            del remaining[app]
    assert order[0] == "forus"
