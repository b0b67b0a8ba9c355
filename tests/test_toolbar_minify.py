"""The toolbar's JavaScript is served minified (``toolbar_minify``, on by default).

The browser tests load the minified modules in chromium, so they show the result runs; these
tests show it is smaller, keeps every token, is versioned by what is served, and that the
setting off serves the files as written.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from barrierfree.settings import Settings
from barrierfree.web.app import create_app
from barrierfree.web.assets import STATIC_DIR, static_bytes, static_version
from barrierfree.web.minify import LexError, minify_js, tokens

JS_FILES = sorted(p.relative_to(STATIC_DIR).as_posix() for p in STATIC_DIR.rglob("*.js"))


@pytest.fixture
def source_client(tmp_path: Path):  # type: ignore[no-untyped-def]
    # espeak-ng, as in tests/conftest.py's settings: the app warms its speech engine as it
    # starts and waits for that as it stops (the neural voice would load its model)
    settings = Settings(
        {
            "cache_backend": "memory",
            "cache_dir": str(tmp_path),
            "toolbar_minify": False,
            "speech_engine": "espeak",
        },
        environ={},
    )
    with TestClient(create_app(settings)) as c:
        yield c


def test_every_module_is_minified_and_keeps_its_tokens() -> None:
    assert "toolbar/features/cursor.js" in JS_FILES
    for name in JS_FILES:
        source = (STATIC_DIR / name).read_text("utf-8")
        served = static_bytes(STATIC_DIR / name, minify=True).decode()
        # minify_js falls back to the source when a token changed: none may fall back
        assert len(served) < len(source), (
            f"{name} is served as written: rjsmin changed its tokens (a template literal "
            "nested in another one's ${…}?)"
        )
        assert tokens(served) == tokens(source), name


def test_module_syntax_and_template_text_survive() -> None:
    cursor = static_bytes(STATIC_DIR / "toolbar" / "features" / "cursor.js", minify=True).decode()
    assert 'import{isDark}from"./colors.js"' in cursor
    assert "export function cursorCss(" in cursor
    # text inside template literals is kept byte for byte, spaces and all
    assert "`:where(html,body,body *){cursor:${arrow}!important}\\n`" in cursor
    assert "/**" not in cursor and "//" not in cursor.replace("http://", "")


def test_a_change_the_minifier_gets_wrong_is_served_as_written(caplog) -> None:
    # rjsmin squeezes the spaces out of a template nested in another's ${…}
    source = "export const a = `x  ${`in  ${1}  y`}  z`; // note\n"
    with caplog.at_level(logging.WARNING):
        assert minify_js(source, "nested.js") == source
    assert "not minifying nested.js" in caplog.text
    assert minify_js("export const b = `x  ${1}  y`; // note\n") == "export const b=`x  ${1}  y`;"


@pytest.mark.parametrize(
    "a,b",
    [
        ("a + +b", "a++b"),
        ("x = `a  b`", "x=`a b`"),
        ("f('a  b')", "f('a b')"),
        ("return /a b/g", "return/ab/g"),
        ("x = `${ {a: 1} }  y`", "x=`${ {a: 1} } y`"),
    ],
)
def test_tokens_tell_a_changed_program(a: str, b: str) -> None:
    assert tokens(a) != tokens(b)


def test_tokens_skip_comments_and_read_regular_expressions() -> None:
    assert tokens("a / b // c\n/* d */ x") == tokens("a/b\nx")
    assert tokens("return /\\/[/]/g.test(s)")[1] == "R/\\/[/]/g"
    assert tokens("x = `${`${y}`}`") == ["Wx", "P=", "T`${", "T`${", "Wy", "T}`", "T}`"]
    with pytest.raises(LexError):
        tokens("x = `open")


def test_minified_is_served_smaller_and_versioned_by_its_bytes(client, source_client) -> None:
    minified = client.get("/assist.js")
    sources = source_client.get("/assist.js")
    assert minified.status_code == sources.status_code == 200
    assert len(minified.content) < 0.8 * len(sources.content)
    v_min, v_src = static_version(minify=True), static_version(minify=False)
    assert v_min != v_src
    assert v_min in minified.text and v_src in sources.text
    assert minified.headers["etag"] == f'"{v_min}"'
    assert "max-age=300" in minified.headers["cache-control"]

    core = client.get(f"/static/{v_min}/toolbar/core.js")
    assert "immutable" in core.headers["cache-control"]
    assert core.content == static_bytes(STATIC_DIR / "toolbar" / "core.js", minify=True)
    assert len(core.content) < 0.8 * (STATIC_DIR / "toolbar" / "core.js").stat().st_size


def test_setting_off_serves_the_sources_uncached(source_client) -> None:
    assist = source_client.get("/assist.js")
    assert assist.headers["cache-control"] == "no-cache"
    assert "etag" not in assist.headers
    v = static_version(minify=False)
    written = (STATIC_DIR / "toolbar" / "assist.js").read_text("utf-8")
    assert assist.text == written.replace("__BF_VERSION__", v)
    assert re.search(r"^ \* ", assist.text, re.M)  # the doc comments are there

    core = source_client.get(f"/static/{v}/toolbar/core.js")
    assert core.headers["cache-control"] == "no-cache"
    assert core.content == (STATIC_DIR / "toolbar" / "core.js").read_bytes()
    # the demo page names the same version
    assert f"/static/{v}/demo/site.css" in source_client.get("/").text


def test_non_javascript_files_are_served_as_they_are(client) -> None:
    v = static_version(minify=True)
    svg = client.get(f"/static/{v}/demo/emblem.svg")
    assert svg.content == (STATIC_DIR / "demo" / "emblem.svg").read_bytes()
