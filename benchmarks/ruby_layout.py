"""What the browser pays for 拼音's markup: 10,080 Chinese characters made rubies in one go.

    .venv/bin/python benchmarks/ruby_layout.py [--runs 5]

In Debian's chromium (Playwright), on the synthetic page of benchmarks/pinyin_browser.py (90
paragraphs), every Chinese character is given the markup of a variant in one task, then the
browser's style and layout are forced (``document.body.offsetHeight``) and timed, and then the
next frame (paint included). A fresh page per variant and run; variants interleaved; min and
median of the runs. No service: the readings are all "háng" (their length hardly matters).

Variants: the toolbar's markup and CSS (one ruby per character, the reading drawn by
``rt::before{content:attr(data-py)}``), a few cheaper CSS and markup choices, and the markup
the toolbar gives readings far from view (``bf-far``: the ruby makes no box, its rt is hidden).
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from pinyin_browser import page_html, paragraphs_of  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
RT = (
    "font-size:.55em;line-height:1;font-weight:normal;font-style:normal;letter-spacing:0;"
    "padding:0 .2em;text-transform:none;-webkit-user-select:none;user-select:none"
)


def css(
    ruby: str = "ruby-position:over;ruby-align:center",
    rt: str = RT,
    before: str = "content:attr(data-py)",
    extra: str = "",
) -> str:
    return f"ruby.bf-py{{{ruby}}}ruby.bf-py>rt{{{rt}}}ruby.bf-py>rt::before{{{before}}}{extra}"


FAR = "ruby.bf-py.bf-far{display:contents}ruby.bf-py.bf-far>rt{display:none}"
# name → (markup, CSS); markup: "char" one ruby per character, "text" the reading as the rt's
# text, "run" one ruby per run of characters (a base and rt pair per character), "far"
VARIANTS = {
    "toolbar (one ruby per character, rt::before)": ("char", css()),
    "no rt padding": ("char", css(rt=RT.replace("padding:0 .2em;", ""))),
    "no ruby-align": ("char", css(ruby="ruby-position:over")),
    "rt: font-size and line-height only": ("char", css(rt="font-size:.55em;line-height:1")),
    "reading as the rt's text (no ::before)": ("text", css(before="")),
    "one ruby per run of characters": ("run", css()),
    "far from view (bf-far)": ("far", css(extra=FAR)),
}

RUN = """async ([markup, css]) => {
  const sheet = new CSSStyleSheet(); sheet.replaceSync(css); document.adoptedStyleSheets = [sheet];
  document.body.offsetHeight;
  await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
  const han = /[\\u4e00-\\u9fff]/;
  const t0 = performance.now();
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const nodes = [];
  for (let n = walker.nextNode(); n; n = walker.nextNode()) if (han.test(n.data)) nodes.push(n);
  for (const n of nodes) {
    const out = [];
    let ruby = null;
    for (const ch of Array.from(n.data)) {
      if (!han.test(ch)) { out.push(ch); ruby = null; continue; }
      if (markup !== 'run' || !ruby) {
        ruby = document.createElement('ruby');
        ruby.className = markup === 'far' ? 'bf-py bf-far' : 'bf-py';
        out.push(ruby);
      }
      const rt = document.createElement('rt');
      if (markup === 'text') rt.textContent = 'háng'; else rt.dataset.py = 'háng';
      ruby.append(ch, rt);
    }
    n.replaceWith(...out);
  }
  const t1 = performance.now();
  document.body.offsetHeight;
  const t2 = performance.now();
  await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
  return [t1 - t0, t2 - t1, performance.now() - t1];
}"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    html = page_html(paragraphs_of(90, False))
    results: dict[str, list[list[float]]] = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=["--no-sandbox", "--disable-gpu"]
        )
        for _ in range(args.runs):
            for name, variant in VARIANTS.items():
                page = browser.new_page(viewport={"width": 1280, "height": 900})
                page.route("**/assist.js", lambda r: r.abort())
                page.set_content(html)
                results.setdefault(name, []).append(page.evaluate(RUN, list(variant)))
                page.close()
        browser.close()
    print(f"{args.runs} runs; ms: DOM building, style+layout (min / median), to the next frame")
    for name, runs in results.items():
        dom = statistics.median(r[0] for r in runs)
        layout = [r[1] for r in runs]
        frame = [r[2] for r in runs]
        print(
            f"{name:46} {dom:5.0f} {min(layout):6.0f} / {statistics.median(layout):6.0f}"
            f" {min(frame):6.0f} / {statistics.median(frame):6.0f}"
        )


if __name__ == "__main__":
    main()
