"""HTML → HTML for the proxy: links through the proxy, resources from the origin, no
page scripts.

What it does to a page:

* navigation (``a``/``area`` ``href``, GET ``form``s, ``<meta http-equiv=refresh>``) goes
  through the proxy; POST forms submit straight to the site, in the site's own charset;
* every other URL (images, styles, frames, CSS ``url()`` in ``<style>`` and ``style=``,
  ``srcset``, lazy-loading ``data-src``) is made absolute against the page's URL (or its
  ``<base href>``), so the browser loads it from the site itself;
* the page's own scripts are removed — ``<script>``, ``on*`` handlers, ``javascript:`` URLs,
  plugins, ``srcdoc`` — and ``<noscript>`` content is shown instead.  The proxied page is
  served from the service's origin, so a page script would run with the service's
  privileges; the response's Content-Security-Policy (see :mod:`.service`) enforces the
  same rule, and removing them here keeps the page free of blocked-script console errors;
* the page is declared and serialised as UTF-8, whatever it was written in;
* our toolbar script and the proxy bar are added.
"""

from __future__ import annotations

import re
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass

import lxml.html
from lxml import etree

# Tags removed with their content: scripts and plugins (plugins can script the page too).
_DROP = frozenset({"script", "object", "embed", "applet"})
# Attributes holding a URL the browser loads as part of the page (made absolute).
_RESOURCE_ATTRS = {
    "img": ("src", "longdesc", "lowsrc"),
    "source": ("src",),
    "link": ("href",),
    "video": ("src", "poster"),
    "audio": ("src",),
    "track": ("src",),
    "input": ("src",),
    "iframe": ("src",),
    "frame": ("src",),
    "body": ("background",),
    "table": ("background",),
    "td": ("background",),
    "th": ("background",),
    "tr": ("background",),
    "blockquote": ("cite",),
    "q": ("cite",),
    "del": ("cite",),
    "ins": ("cite",),
    "image": ("href", "xlink:href"),
    "use": ("href", "xlink:href"),
}
# JavaScript lazy loaders keep the real image here; with scripts gone we promote it.
_LAZY_SRC = ("data-original", "data-src", "data-lazy-src", "data-lazyload", "data-echo")
_KEEP_SCHEMES = frozenset({"mailto", "tel", "sms", "callto"})
_RESOURCE_SCHEMES = frozenset({"http", "https", "data"})
_LINK_RELS_DROPPED = frozenset({"modulepreload", "manifest", "serviceworker", "import"})
_META_DROPPED = frozenset(
    {"content-security-policy", "content-security-policy-report-only", "set-cookie", "content-type"}
)
_CSS_URL = re.compile(r"""url\(\s*(["']?)([^"')]*)\1\s*\)""", re.IGNORECASE)
_CSS_IMPORT = re.compile(r"""@import\s+(["'])([^"']*)\1""", re.IGNORECASE)
_REFRESH = re.compile(
    r"""^\s*([\d.]*)\s*[;,]?\s*(?:url\s*=\s*)?(["']?)(.*?)\2\s*$""", re.IGNORECASE | re.DOTALL
)
# ASCII whitespace and controls browsers ignore inside a URL scheme ("java\tscript:")
_DOCTYPE = re.compile(r"^\ufeff?\s*(?:<!--.*?-->\s*)*<!doctype", re.IGNORECASE | re.DOTALL)
_URL_JUNK = re.compile(r"[\x00-\x20\x7f]")

FORM_URL_FIELD = "_bf_url"
FORM_CHARSET_FIELD = "_bf_cs"


@dataclass(frozen=True)
class RewriteOptions:
    page_url: str  # the final URL the page was fetched from
    charset: str  # the codec the page was written in (forms submit in it)
    proxy_href: Callable[[str], str | None]  # absolute http(s) URL → proxy URL, None: link directly
    form_endpoint: str  # where GET forms submit (the proxy's form handler)
    head_html: str = ""  # added at the end of <head> (our script)
    body_html: str = ""  # added at the start of <body> (the proxy bar)


def _scheme(url: str) -> str:
    cleaned = _URL_JUNK.sub("", url)
    m = re.match(r"^([a-zA-Z][a-zA-Z0-9+.-]*):", cleaned)
    return m.group(1).lower() if m else ""


class _Page:
    def __init__(self, opts: RewriteOptions) -> None:
        self.opts = opts
        self.base = opts.page_url

    def absolute(self, value: str) -> str | None:
        """A resource URL made absolute, or None when it must not be loaded."""
        value = value.strip()
        if not value:
            return None
        scheme = _scheme(value)
        if scheme and scheme not in _RESOURCE_SCHEMES:
            return None
        try:
            return urllib.parse.urljoin(self.base, value)
        except ValueError:
            return None

    def nav(self, value: str) -> str | None:
        """An ``href``: through the proxy, kept (#fragment, mailto:), or None (dropped)."""
        value = value.strip()
        if value.startswith("#"):
            return value
        scheme = _scheme(value)
        if scheme in _KEEP_SCHEMES:
            return value
        if scheme and scheme not in ("http", "https"):
            return None  # javascript:, data:, vbscript:, file: …
        try:
            absolute = urllib.parse.urljoin(self.base, value)
        except ValueError:
            return None
        proxied = self.opts.proxy_href(absolute)
        return proxied if proxied is not None else absolute

    def css(self, text: str) -> str:
        def url_sub(m: re.Match[str]) -> str:
            target = self.absolute(m.group(2))
            return f'url("{target}")' if target else "url()"

        def import_sub(m: re.Match[str]) -> str:
            target = self.absolute(m.group(2))
            return f'@import "{target}"' if target else ""

        return _CSS_IMPORT.sub(import_sub, _CSS_URL.sub(url_sub, text))

    def srcset(self, value: str) -> str:
        out = []
        for candidate in value.split(","):
            parts = candidate.strip().split(None, 1)
            if not parts:
                continue
            target = self.absolute(parts[0])
            if target:
                out.append(" ".join([target.replace(",", "%2C"), *parts[1:]]))
        return ", ".join(out)


def _find_base(root: lxml.html.HtmlElement, page_url: str) -> str:
    for base in root.iter("base"):
        href = str(base.get("href") or "").strip()
        if href and _scheme(href) in ("", "http", "https"):
            return urllib.parse.urljoin(page_url, href)
    return page_url


def _refresh(page: _Page, content: str) -> str | None:
    m = _REFRESH.match(content)
    if not m:
        return None
    delay, target = m.group(1) or "0", m.group(3).strip()
    if not target:
        return f"{delay}"
    if _scheme(target) not in ("", "http", "https"):
        return None
    href = page.nav(target)
    return f"{delay}; url={href}" if href else None


def _rewrite_form(page: _Page, form: lxml.html.HtmlElement) -> None:
    action = (form.get("action") or "").strip()
    scheme = _scheme(action)
    if scheme and scheme not in ("http", "https"):
        del form.attrib["action"]  # javascript: and friends
        return
    target = urllib.parse.urljoin(page.base, action) if action else page.opts.page_url
    method = (form.get("method") or "get").strip().lower()
    if method == "post":
        # the proxy only proxies GET: a POST goes to the site itself, in its charset
        form.set("action", target)
        if page.opts.charset != "utf-8" and not form.get("accept-charset"):
            form.set("accept-charset", page.opts.charset)
        return
    if page.opts.proxy_href(target) is None:
        form.set("action", target)
        return
    # A GET form's query replaces the action's query, so the target travels in a field;
    # the browser submits UTF-8 (the page now is UTF-8) and the proxy re-encodes.
    form.set("action", page.opts.form_endpoint)
    form.set("method", "get")
    for name, value in ((FORM_CHARSET_FIELD, page.opts.charset), (FORM_URL_FIELD, target)):
        hidden = etree.Element("input", type="hidden", name=name, value=value)
        form.insert(0, hidden)


def _clean_element(page: _Page, el: lxml.html.HtmlElement) -> None:
    tag = el.tag
    for name in list(el.attrib):
        low = name.lower()
        if low.startswith("on") or low in ("srcdoc", "formaction"):
            del el.attrib[name]
        elif low == "style":
            el.set(name, page.css(el.get(name) or ""))
    if tag in ("a", "area"):
        for attr in ("href", "xlink:href"):  # SVG links use xlink:href
            if el.get(attr) is None:
                continue
            href = page.nav(el.get(attr) or "")
            if href is None:
                del el.attrib[attr]
            else:
                el.set(attr, href)
    for attr in _RESOURCE_ATTRS.get(tag, ()):
        value = el.get(attr)
        if value is not None:
            target = page.absolute(value)
            if target is None:
                del el.attrib[attr]
            else:
                el.set(attr, target)
    if tag in ("img", "source"):
        if el.get("srcset"):
            el.set("srcset", page.srcset(el.get("srcset") or ""))
        for lazy in _LAZY_SRC:
            if el.get(lazy):
                target = page.absolute(el.get(lazy) or "")
                if target:
                    el.set("src", target)
                    break
    if tag == "style" and el.text:
        el.text = page.css(el.text)


def _should_drop(el: lxml.html.HtmlElement) -> bool:
    tag = el.tag
    if tag in _DROP or tag == "base":
        return True
    if tag == "meta":
        equiv = (el.get("http-equiv") or "").strip().lower()
        return equiv in _META_DROPPED or el.get("charset") is not None
    if tag == "link":
        rels = set((el.get("rel") or "").lower().split())
        if rels & _LINK_RELS_DROPPED:
            return True
        if rels & {"preload", "prefetch"} and (el.get("as") or "").lower() in (
            "script",
            "worker",
            "",
        ):
            return True
    return False


def _fragment(html: str) -> list[lxml.html.HtmlElement]:
    if not html.strip():
        return []
    return list(lxml.html.fragments_fromstring(html))


def rewrite_html(text: str, opts: RewriteOptions) -> str:
    """Rewrite one page (``text`` already decoded); returns HTML to serve as UTF-8."""
    parser = lxml.html.HTMLParser(encoding="utf-8", remove_blank_text=False, no_network=True)
    try:
        root = lxml.html.document_fromstring(text.encode("utf-8"), parser=parser)
    except (etree.ParserError, ValueError):
        root = lxml.html.document_fromstring("<html><body></body></html>")
    # libxml2 invents an HTML 4 doctype for pages without one; keep the page's own choice
    # (its doctype decides standards or quirks mode, and so the layout)
    doctype = root.getroottree().docinfo.doctype if _DOCTYPE.match(text) else ""
    page = _Page(opts)
    page.base = _find_base(root, opts.page_url)

    elements = [el for el in root.iter() if isinstance(el.tag, str)]
    for el in elements:
        if el.tag == "noscript":
            el.drop_tag()  # scripts do not run here: show what the page shows without them
    for el in elements:
        if el.getparent() is None and el is not root:
            continue
        if el.tag == "noscript":
            continue
        if _should_drop(el):
            el.drop_tree()
            continue
        if el.tag == "meta" and (el.get("http-equiv") or "").strip().lower() == "refresh":
            content = _refresh(page, el.get("content") or "")
            if content is None:
                el.drop_tree()
            else:
                el.set("content", content)
            continue
        if el.tag == "form":
            _rewrite_form(page, el)
        _clean_element(page, el)

    head = root.find("head")
    if head is None:
        head = etree.Element("head")
        root.insert(0, head)
    head.insert(0, etree.Element("meta", charset="utf-8"))
    if not any("icon" in (link.get("rel") or "").lower().split() for link in head.iter("link")):
        # without one the browser asks *our* origin for /favicon.ico; the site's is meant
        icon = urllib.parse.urljoin(opts.page_url, "/favicon.ico")
        head.insert(1, etree.Element("link", rel="icon", href=icon))
    for node in _fragment(opts.head_html):
        head.append(node)
    body = root.find("body")
    if body is not None:
        for i, node in enumerate(_fragment(opts.body_html)):
            body.insert(i, node)
    html = str(lxml.html.tostring(root, encoding="unicode", method="html"))
    return (doctype + "\n" if doctype else "") + html
