"""The sweep's ledger of DOM changes (ledger.js): which changes during the run the page's own
scripts made, told apart from the toolbar's by the call stack, so that the DOM after 退出 is
compared with the DOM before plus exactly the page's own changes. See ledger.js."""

from __future__ import annotations

import json
from pathlib import Path

LEDGER_JS = (Path(__file__).resolve().parent / "ledger.js").read_text(encoding="utf-8")

# the state before, from which changes are attributed: the names of the wrapped entry points
# the page has replaced with functions of its own (then a change whose stack holds any frame
# of the toolbar is the toolbar's)
MARK = "() => window.__bfLedger ? window.__bfLedger.mark() : null"

# {diff: the first difference of the DOM now from the DOM before with the page's own changes
# applied, or null; counts: changes by "page", "toolbar", "unknown"; unknown: a few of the
# latter} (null where the ledger is not there)
COMPARE = "() => window.__bfLedger ? window.__bfLedger.compare() : null"


def init_script(service: str) -> str:
    """ledger.js for a browser context, knowing the toolbar's scripts by `service`'s URL."""
    return LEDGER_JS.replace('"%SERVICE%"', json.dumps(service.rstrip("/") + "/"))
