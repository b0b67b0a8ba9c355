"""The sweep's ledger (ledger.js): the page's own DOM changes during a run are left out of the
before/after comparison, the toolbar's are not. The "toolbar" here is a script served from
another origin given to the ledger as the service's URL (fixtures/site/ledger-toolbar.js); the
page's own script is fixtures/site/ledger-page.js."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from .fixtures.site import SiteServer
from .ledger import COMPARE, MARK, init_script


@pytest.fixture(scope="module")
def servers() -> Iterator[tuple[SiteServer, SiteServer]]:
    service = SiteServer("http://127.0.0.1:9").start()  # plays the service: our scripts
    site = SiteServer(service.url).start()
    yield site, service
    site.stop()
    service.stop()


@pytest.fixture(scope="module")
def one_tab(browser: Any, servers: tuple[SiteServer, SiteServer]) -> Iterator[Any]:
    ctx = browser.new_context()
    ctx.add_init_script(init_script(servers[1].url))
    yield ctx.new_page()
    ctx.close()


@pytest.fixture
def tab(one_tab: Any, servers: tuple[SiteServer, SiteServer]) -> Any:
    """The fixture page, loaded afresh (a new document, a new ledger) for each test."""
    one_tab.goto(f"{servers[0].url}/ledger.html")
    one_tab.wait_for_function(
        "() => !!window.toolbarDo && !!window.pageDo && "
        "!!document.getElementById('frame').contentDocument?.getElementById('inner')"
    )
    return one_tab


def run(tab: Any, *steps: str) -> dict[str, Any]:
    """Mark, run `steps` ("page.attr", "toolbar.insert", …) each in a task of its own, and
    compare."""
    assert tab.evaluate(MARK) == []
    for step in steps:
        who, what = step.split(".")
        tab.evaluate(f"() => {who}Do.{what}()")
    result: dict[str, Any] = tab.evaluate(COMPARE)
    return result


PAGE = ["attr", "remove", "cls", "token", "dataset", "style", "html", "append", "text",
        "rotate", "drop", "evaled", "grow", "frame"]  # fmt: skip


@pytest.mark.parametrize("what", PAGE)
def test_the_pages_own_change_is_left_out(tab: Any, what: str) -> None:
    result = run(tab, f"page.{what}")
    assert result["diff"] is None
    assert result["counts"]["page"] > 0


def test_all_the_pages_changes_together_are_left_out(tab: Any) -> None:
    result = run(tab, *(f"page.{w}" for w in PAGE), "page.attr", "page.host")
    assert result["diff"] is None
    assert result["counts"]["toolbar"] == 0


TOOLBAR = ["attr", "remove", "token", "dataset", "style", "html", "insert", "text", "drop", "frame"]


@pytest.mark.parametrize("what", TOOLBAR)
def test_a_change_by_the_toolbar_left_behind_is_caught(tab: Any, what: str) -> None:
    result = run(tab, f"toolbar.{what}")
    assert result["diff"], result
    assert result["counts"]["toolbar"] > 0


@pytest.mark.parametrize("what", TOOLBAR)
def test_the_toolbars_leak_is_caught_among_the_pages_changes(tab: Any, what: str) -> None:
    # the page changes the same nodes before and after: the toolbar's change still shows
    around = ["page.attr", "page.cls", "page.token", "page.dataset", "page.style"]
    result = run(tab, *around, f"toolbar.{what}", *around, "page.append")
    assert result["diff"], result
    assert result["counts"]["toolbar"] > 0


def test_the_toolbar_changing_a_node_the_page_added_is_caught(tab: Any) -> None:
    assert run(tab, "page.host", "toolbar.inside")["diff"]


def test_the_toolbar_taking_away_a_node_the_page_added_is_caught(tab: Any) -> None:
    diff = run(tab, "page.host", "toolbar.takeHost")["diff"]
    assert diff and "taken out" in diff


def test_our_class_beside_the_pages_class_undone_is_no_change(tab: Any) -> None:
    # ours added, the page rewrites className (keeping ours), ours removed: the page's own
    # class stays, and that is the page's change
    result = run(tab, "toolbar.ownClass", "page.cls", "toolbar.ownClassOff")
    assert result["diff"] is None
    result = tab.evaluate(COMPARE)
    assert result["counts"]["toolbar"] == 2


def test_our_class_left_beside_the_pages_is_caught(tab: Any) -> None:
    assert run(tab, "toolbar.ownClass", "page.cls")["diff"]


def test_the_page_reacting_to_a_click_of_our_code_is_the_pages_change(tab: Any) -> None:
    # a page's handler run inside our call (its frame on top, ours below) is the page's
    result = run(tab, "toolbar.click")
    assert result["diff"] is None
    assert result["counts"]["page"] == 1


def test_changes_through_a_page_override_count_as_the_toolbars(tab: Any) -> None:
    # the page wrapped setAttribute: the stack of our call shows the page's frame first,
    # and any frame of ours below it makes the change ours
    tab.evaluate("() => pageOverride()")
    assert tab.evaluate(MARK) == ["Element.setAttribute"]
    tab.evaluate("() => toolbarDo.attr()")
    assert tab.evaluate(COMPARE)["diff"]


def test_a_change_nobody_wrapped_counts(tab: Any) -> None:
    # made outside any wrapped call (here: DevTools' evaluate, a frame of no URL)
    assert tab.evaluate(MARK) == []
    tab.evaluate("() => document.body.setAttribute('data-who', '?')")
    result = tab.evaluate(COMPARE)
    assert result["diff"] and result["counts"]["unknown"] == 1
