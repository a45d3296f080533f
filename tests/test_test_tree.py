"""The tests' own shape: helpers live in conftest.py files or helper modules, once."""

import ast
from pathlib import Path

TESTS = Path(__file__).parent


def _modules() -> list[tuple[str, ast.Module]]:
    return [
        (path.relative_to(TESTS).as_posix(), ast.parse(path.read_text()))
        for path in sorted(TESTS.rglob("*.py"))
    ]


def test_no_test_module_is_imported_by_another():
    imports = [
        (name, node.module)
        for name, tree in _modules()
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom)
        and node.module
        and node.module.startswith("tests.")
        and node.module.rsplit(".", 1)[-1].startswith("test_")
    ]
    assert imports == []


def _autouse_fixtures(tree: ast.Module) -> set[str]:
    return {
        node.name
        for node in tree.body
        if isinstance(node, ast.FunctionDef)
        for decorator in node.decorator_list
        if isinstance(decorator, ast.Call)
        and any(
            keyword.arg == "autouse" and getattr(keyword.value, "value", False)
            for keyword in decorator.keywords
        )
    }


def _calls(function: ast.FunctionDef) -> set[str]:
    return {
        ast.dump(node)
        for statement in function.body
        for node in ast.walk(statement)
        if isinstance(node, ast.Call)
    }


def test_no_conftest_repeats_an_autouse_fixture_of_the_whole_suite():
    conftests = {name: tree for name, tree in _modules() if name.endswith("conftest.py")}
    suite = conftests.pop("conftest.py")
    suite_fixtures = [
        node
        for node in suite.body
        if isinstance(node, ast.FunctionDef) and node.name in _autouse_fixtures(suite)
    ]
    assert "_default_language" in {fixture.name for fixture in suite_fixtures}
    repeated = [
        (name, node.name)
        for name, tree in conftests.items()
        for node in tree.body
        if isinstance(node, ast.FunctionDef)
        and node.name in _autouse_fixtures(tree)
        and _calls(node)
        and any(_calls(node) <= _calls(fixture) for fixture in suite_fixtures)
    ]
    assert repeated == []


def test_each_helper_function_is_defined_in_one_helper_module():
    helpers: dict[str, list[str]] = {}
    for name, tree in _modules():
        if Path(name).name.startswith("test_"):
            continue
        for node in tree.body:
            if isinstance(node, ast.FunctionDef) and not node.name.startswith("_"):
                helpers.setdefault(node.name, []).append(name)
    assert "started" in helpers
    assert helpers["started"] == ["forus/public_form_data.py"]
