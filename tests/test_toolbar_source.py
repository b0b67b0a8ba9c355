"""Rules the toolbar's JavaScript keeps, read from its source: each concern has one place.

The toolbar has no build step and no JavaScript test runner; these checks read the modules
as text, the way a reviewer would, and fail on the parallel mechanisms that crept in before.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

TOOLBAR = Path(__file__).resolve().parent.parent / "src" / "barrierfree" / "static" / "toolbar"
MODULES = sorted(p.relative_to(TOOLBAR).as_posix() for p in TOOLBAR.rglob("*.js"))


def source(module: str) -> str:
    return (TOOLBAR / module).read_text("utf-8")


def test_the_modules_are_found() -> None:
    assert {"assist.js", "core.js", "features/speech.js"} <= set(MODULES)


# a string picked by hand: `s.en`, or a ternary on the language whose result is not itself
# a language code (`lang === "en" ? "en" : "zh-CN"` names a language, it is no string)
PICKS_A_STRING = re.compile(r"\b\w+\.en\b|===\s*\"en\"\s*\?\s*(?!\s)(?![\"'`](?:en|zh))")


@pytest.mark.parametrize("module", MODULES)
def test_strings_are_picked_by_the_one_text_function(module: str) -> None:
    """Every string is a {zh, en} pair picked by `text()` (assist.js: English falls back to
    Chinese); no module picks a language by itself (the reading view once returned
    `undefined` for a string without English)."""
    lines = source(module).splitlines()
    found = [
        f"{module}:{n}: {line.strip()}"
        for n, line in enumerate(lines, 1)
        if PICKS_A_STRING.search(line) and not line.strip().startswith("text: (o) =>")
    ]
    if module == "assist.js":
        assert sum("text: (o) =>" in line for line in lines) == 1
    assert found == []


def declared_settings() -> dict[str, str]:
    """name → its row, from the one table of client settings (settings.js)."""
    rows = re.findall(r"^  (\w+): (\{[^}]*\}),", source("settings.js"), re.M)
    return dict(rows)


SETTING_USES = [
    re.compile(r"settings\.(?:get|set)\(\s*\"(\w+)\""),  # ctx.settings / lite.settings
    re.compile(r"\bsetting: \"(\w+)\""),  # a control's row in CONTROLS
    re.compile(r"\bsaved\.(\w+)"),  # assist.js, before any context exists
    re.compile(r"builtInDefault\(\"(\w+)\"\)"),
]


def test_settings_table_has_defaults_and_valid_flags() -> None:
    table = declared_settings()
    assert {"speech", "voice", "rate", "zoom", "scheme", "readerSize", "fontsize"} <= set(table)
    for name, row in table.items():
        assert "default:" in row, name
        restores = re.search(r"restores: \"(\w+)\"", row)
        if restores:
            assert (TOOLBAR / "features" / f"{restores[1]}.js").exists(), name
            assert "persist: false" not in row, f"{name}: a page-only setting is never restored"


@pytest.mark.parametrize("module", MODULES)
def test_every_setting_used_is_in_the_one_table(module: str) -> None:
    table = declared_settings()
    used = {name for pattern in SETTING_USES for name in pattern.findall(source(module))}
    assert sorted(used - set(table)) == []


def uses(module: str) -> set[str]:
    """The modules `module` loads: its static imports, and the features it asks core for
    with ctx.load("name")."""
    # without comments (a block comment starts its line here; so does a line comment)
    text = re.sub(r"^\s*/\*.*?\*/|^\s*//[^\n]*", "", source(module), flags=re.S | re.M)
    here = (TOOLBAR / module).parent
    out = set()
    for target in re.findall(r"^import [^;]*? from \"(\.[^\"]+)\";", text, re.M | re.S):
        out.add((here / target).resolve().relative_to(TOOLBAR).as_posix())
    for name in re.findall(r"\bload\(\"(\w+)\"\)", text):
        out.add(f"features/{name}.js")
    return out


def test_imports_name_modules_that_exist() -> None:
    for module in MODULES:
        for target in uses(module):
            assert (TOOLBAR / target).exists(), f"{module} → {target}"


def test_no_module_loads_one_that_loads_it_back() -> None:
    """No cycles, direct or round about (轻松阅读 and 视图 once loaded each other to take
    turns; the shared view now closes the other itself)."""
    graph = {m: uses(m) for m in MODULES}

    def reaches(start: str, goal: str, seen: set[str]) -> bool:
        for nxt in graph.get(start, set()):
            if nxt == goal or (nxt not in seen and reaches(nxt, goal, seen | {nxt})):
                return True
        return False

    assert [m for m in MODULES if reaches(m, m, {m})] == []
