/**
 * barrierfree entry script — the one file a site loads:
 *   <script type="module" src="https://HOST/assist.js" data-lang="zh" data-allow="*.gov.cn"></script>
 *
 * It draws the closed 无障碍 button, re-applies the saved page settings before first paint
 * (one constructed stylesheet, adopted by the page and its same-origin frames), wires the article-page components found on the page, and imports
 * the toolbar (core.js) when the visitor opens it. Everything else loads on demand.
 */

const VERSION = "__BF_VERSION__";
const KEY = "barrierfree:v1";
const SELF = new URL(import.meta.url);
const tag =
  [...document.querySelectorAll("script[src]")].find((s) => s.src === SELF.href) ||
  document.querySelector('script[src*="assist.js"]');
const data = (tag && tag.dataset) || {};

let lang = /^en/i.test(data.lang || document.documentElement.lang || "") ? "en" : "zh";
const base = new URL(data.api ? data.api.replace(/\/?$/, "/") : ".", SELF);

/** The site's own pinyin readings, data-pinyin-words='{"单于": "chán yú"}'. */
function pinyinWords(raw) {
  if (!raw) return null;
  try {
    const words = JSON.parse(raw);
    if (words && typeof words === "object" && !Array.isArray(words)) return words;
  } catch {
    /* fall through */
  }
  console.warn("barrierfree: data-pinyin-words must be a JSON object of word → reading");
  return null;
}

/** Options of the script tag (data-* attributes). */
const options = {
  lang,
  position: data.position === "bottom" ? "bottom" : "top",
  allow: (data.allow || "").split(/[\s,]+/).filter(Boolean),
  shortcuts: data.shortcuts !== "off",
  api: base.href,
  pinyinWords: pinyinWords(data.pinyinWords),
  /** Defaults of this site from the service's configuration (/api/site): {scheme, voice}. */
  defaults: {},
};

/* ---------- settings: localStorage of the site's origin ---------- */

let saved = {};
try {
  saved = JSON.parse(localStorage.getItem(KEY) || "{}") || {};
} catch {
  saved = {};
}
const listeners = new Set();

const settings = {
  /** @param {string} k */
  get: (k) => saved[k],
  /** Persist one setting and tell listeners. */
  set(k, v) {
    if (saved[k] === v) return;
    saved[k] = v;
    try {
      localStorage.setItem(KEY, JSON.stringify(saved));
    } catch {
      /* private mode or quota: the setting lasts for this page only */
    }
    for (const fn of listeners) fn(k, v);
  },
  /** @param {(key: string, value: unknown) => void} fn */
  onChange(fn) {
    listeners.add(fn);
    return () => listeners.delete(fn);
  },
};

/* ---------- stylesheets without inline <style> (a strict CSP allows these) ---------- */

/**
 * Adopt a constructed stylesheet with `css` into `root` (a Document or a ShadowRoot).
 * A site whose Content-Security-Policy has no 'unsafe-inline' refuses <style> elements and
 * style attributes, but not constructed stylesheets. The sheet must be made in the realm of
 * the document it is adopted by (a same-origin frame has its own CSSStyleSheet).
 * @returns {{sheet: CSSStyleSheet, textContent: string, remove: () => void}}
 */
function adopt(root, css = "") {
  const doc = root.ownerDocument || root;
  const Sheet = (doc.defaultView && doc.defaultView.CSSStyleSheet) || CSSStyleSheet;
  const sheet = new Sheet();
  sheet.replaceSync(css);
  root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
  let text = css;
  return {
    sheet,
    get textContent() {
      return text;
    },
    set textContent(value) {
      if (value === text) return;
      text = value;
      sheet.replaceSync(value);
    },
    /** Adopt it again when the page replaced its list of adopted sheets. */
    keep() {
      if (!root.adoptedStyleSheets.includes(sheet)) root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
    },
    remove() {
      if (root.adoptedStyleSheets.includes(sheet)) root.adoptedStyleSheets = root.adoptedStyleSheets.filter((s) => s !== sheet);
    },
  };
}

/* ---------- the page's documents: its own and those of its same-origin frames ---------- */

/** document → {frame: the <iframe>/<frame> element showing it (null for the page), cleanups} */
const docs = new Map();
/** callbacks of eachDocument(), run for every document tracked */
const watchers = new Set();
const FRAMES = "iframe,frame";

/** The document inside a frame element when we may touch it (same origin), else null. */
function frameDocument(el) {
  try {
    const d = el.contentDocument;
    return d && d.documentElement ? d : null;
  } catch {
    return null; // cross-origin: left alone
  }
}

const holdsFrame = (n) =>
  n.nodeType === 1 && (n.localName === "iframe" || n.localName === "frame" || (!!n.firstElementChild && !!n.querySelector(FRAMES)));

function runWatcher(rec, doc, fn) {
  try {
    const cleanup = fn(doc, rec.frame);
    rec.cleanups.set(fn, typeof cleanup === "function" ? cleanup : null);
  } catch (err) {
    console.warn("barrierfree: could not reach a frame", err);
  }
}

function attach(doc, frame) {
  if (docs.has(doc)) return;
  const rec = { frame, cleanups: new Map(), mo: null, onLoad: null };
  docs.set(doc, rec);
  // a frame that (re)loads swaps its document: load events reach the capturing document
  rec.onLoad = (e) => {
    if (e.target && e.target.nodeType === 1 && /^i?frame$/.test(e.target.localName)) sync(doc);
  };
  doc.addEventListener("load", rec.onLoad, true);
  rec.mo = new MutationObserver((records) => {
    for (const r of records) {
      for (const n of r.addedNodes) if (holdsFrame(n)) return sync(doc);
      for (const n of r.removedNodes) if (holdsFrame(n)) return sync(doc);
    }
  });
  rec.mo.observe(doc, { childList: true, subtree: true });
  for (const fn of watchers) runWatcher(rec, doc, fn);
  sync(doc);
}

function detach(doc) {
  const rec = docs.get(doc);
  if (!rec) return;
  docs.delete(doc);
  for (const [d, r] of [...docs]) if (r.frame && r.frame.ownerDocument === doc) detach(d);
  rec.mo.disconnect();
  doc.removeEventListener("load", rec.onLoad, true);
  for (const cleanup of rec.cleanups.values()) {
    try {
      if (cleanup) cleanup();
    } catch {
      /* the frame's document is gone */
    }
  }
}

/** Follow the frames of `doc`: new ones are attached, removed or navigated ones detached. */
function sync(doc) {
  for (const [d, r] of [...docs]) {
    if (r.frame && r.frame.ownerDocument === doc && (!r.frame.isConnected || frameDocument(r.frame) !== d)) detach(d);
  }
  for (const el of doc.querySelectorAll(FRAMES)) {
    const d = frameDocument(el);
    if (d && !docs.has(d)) attach(d, el);
  }
}

/**
 * Run `fn(doc, frameElement)` for the page's document and for every same-origin frame's
 * document (nested ones too), now and whenever a frame is added or loads another page.
 * `fn` may return a cleanup, called when that document goes away or on unsubscribe.
 * Cross-origin frames are never touched.
 * @returns {() => void} unsubscribe (runs the cleanups)
 */
function eachDocument(fn) {
  watchers.add(fn);
  if (!docs.size) attach(document, null);
  else for (const [doc, rec] of docs) runWatcher(rec, doc, fn);
  return () => {
    if (!watchers.delete(fn)) return;
    for (const rec of docs.values()) {
      const cleanup = rec.cleanups.get(fn);
      rec.cleanups.delete(fn);
      try {
        if (cleanup) cleanup();
      } catch {
        /* the frame's document is gone */
      }
    }
    if (!watchers.size) detach(document);
  };
}

/* ---------- the page-level stylesheet, in named sections ---------- */

const sections = new Map();
// sections for the page alone: the room the toolbar takes
const PAGE_ONLY = new Set(["pushdown"]);
// sections a frame inherits from the page around it (CSS zoom on <body> scales an <iframe>'s
// content too), applied inside a frame only where no <body> is around it (a <frameset>)
const INHERITED = new Set(["zoom"]);
/** document → adopted sheet handle */
const pageSheets = new Map();
let unwatchStyle = null;

function cssFor(frame) {
  const out = [];
  for (const [name, css] of sections) {
    if (frame && PAGE_ONLY.has(name)) continue;
    if (frame && INHERITED.has(name) && frame.closest("body")) continue;
    out.push(css);
  }
  return out.join("\n");
}

function renderStyle() {
  if (!sections.size) {
    if (unwatchStyle) unwatchStyle();
    unwatchStyle = null;
    return;
  }
  if (!unwatchStyle) {
    unwatchStyle = eachDocument((doc, frame) => {
      const handle = adopt(doc, cssFor(frame));
      pageSheets.set(doc, { handle, frame });
      return () => {
        pageSheets.delete(doc);
        handle.remove();
      };
    });
    return;
  }
  for (const { handle, frame } of pageSheets.values()) {
    handle.textContent = cssFor(frame);
    handle.keep();
  }
}

/** Sections of the page stylesheet (a constructed sheet adopted by the page and by its
 *  same-origin frames); while the toolbar is open they are saved so the next page can apply
 *  them before its first paint. */
const pageStyle = {
  set(name, css) {
    if (css) sections.set(name, css);
    else sections.delete(name);
    renderStyle();
    if (saved.open) settings.set("css", Object.fromEntries(sections));
  },
  delete(name) {
    pageStyle.set(name, "");
  },
  clear() {
    sections.clear();
    renderStyle();
  },
  names: () => [...sections.keys()],
};

/* ---------- the light context shared with components and core ---------- */

/** Absolute URL of a service path (the service may live under a path prefix). */
const url = (path) => new URL(String(path).replace(/^\//, ""), base).href;

/**
 * POST JSON to the service.
 * @returns {Promise<any>} the parsed answer; throws an Error carrying the service's message.
 */
async function postJSON(path, body, init = {}) {
  const r = await fetch(url(path), {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
    ...init,
  });
  const json = await r.json().catch(() => null);
  if (!r.ok) {
    const err = new Error((json && json.error && json.error.message) || `HTTP ${r.status}`);
    err.status = r.status;
    throw err;
  }
  return json;
}

const BASE_CSS = ":host{all:initial}*{box-sizing:border-box}";

/** Attach an open shadow root to `host` with our base styles and `css` (adopted sheets). */
function createShadow(host, css = "") {
  const root = host.attachShadow({ mode: "open" });
  adopt(root, css ? `${BASE_CSS}\n${css}` : BASE_CSS);
  return root;
}

const moduleUrl = (path) => new URL(`static/${VERSION}/toolbar/${path}`, base).href;

const lite = {
  version: VERSION,
  lang,
  options,
  settings,
  pageStyle,
  url,
  postJSON,
  createShadow,
  adopt,
  eachDocument,
  moduleUrl,
  /** The one way every module picks a string: from {zh, en}, for the page language
   *  (Chinese where there is no English). */
  text: (o) => (lang === "en" && o.en) || o.zh,
  entry: null,
};

/* ---------- this site's settings, from the service's configuration ---------- */

/**
 * The service may list this site in its configuration file (docs/deploy.md): its leave-site
 * allow-list, pinyin words, language, voice and colour scheme. What the script tag says wins.
 * The page's origin is sent explicitly: a same-origin GET carries no Origin header.
 */
const siteReady = fetch(url(`api/site?origin=${encodeURIComponent(location.origin)}`), { credentials: "omit" })
  .then((r) => (r.ok ? r.json() : null))
  .then((answer) => {
    const site = answer && answer.site;
    if (!site) return null;
    if (!data.allow) options.allow.push(...site.link_allow);
    if (!options.pinyinWords && Object.keys(site.pinyin_words).length) options.pinyinWords = site.pinyin_words;
    if (!data.lang && !document.documentElement.lang) lite.lang = lang = site.lang === "en" ? "en" : "zh";
    options.defaults = { scheme: site.scheme };
    // the site's voice is the default of 女声/男声 (a visitor's own choice still wins)
    if (site.voice === "female" || site.voice === "male") options.defaults.voice = site.voice;
    return site;
  })
  .catch(() => null);
lite.siteReady = siteReady;

/* ---------- our hosts: out of reach of the page's CSS ---------- */

// Page CSS such as `* {position: relative !important; z-index: 2147483647 !important}` or
// `* {display: none !important}` reaches our host elements (not what is inside their shadow
// roots). This sheet comes after the page's own, so at equal importance it wins; the hosts are
// fixed stacking contexts at the top z-index, last in the document, so nothing of the page
// covers them. The reading view stays one below the toolbar (whose menus open over it).
const HOSTS_CSS = `barrierfree-toolbar,barrierfree-entry,bf-reading-view{all:initial!important;display:block!important;
position:fixed!important;top:0!important;left:0!important;width:0!important;height:0!important;z-index:2147483647!important}
bf-reading-view{z-index:2147483646!important}`;
const hostsSheet = adopt(document, HOSTS_CSS);

/* ---------- the closed entry button ---------- */

const LABEL = lite.text({ zh: "无障碍", en: "Accessibility" });
const HINT = lite.text({ zh: "打开无障碍工具条（Alt+Shift+W）", en: "Open the accessibility toolbar (Alt+Shift+W)" });
const entryHost = document.createElement("barrierfree-entry");
const entryRoot = createShadow(
  entryHost,
  `button{position:fixed;${options.position === "bottom" ? "bottom" : "top"}:8px;right:8px;z-index:2147483646;
display:flex;align-items:center;gap:6px;min-height:44px;padding:6px 14px;border:2px solid #fff;border-radius:22px;
background:#0b4f9c;color:#fff;font:bold 16px/1.2 system-ui,"PingFang SC","Microsoft YaHei",sans-serif;cursor:pointer;
box-shadow:0 2px 8px rgba(0,0,0,.35)}
button:hover{background:#083b75}button:focus-visible{outline:3px solid #ffbf00;outline-offset:2px}
button[hidden]{display:none}svg{width:22px;height:22px;fill:currentColor}
@media (forced-colors:active){button{border-color:ButtonText}}`,
);
entryRoot.innerHTML = `<button type="button" aria-keyshortcuts="Alt+Shift+W" title="${HINT}"><svg viewBox="0 0 24 24" aria-hidden="true"><circle cx="12" cy="4" r="2.2"/><path d="M4 7.5l8 1.6 8-1.6.5 2-5.5 1.4V14l2.6 7.2-1.9.7L12 15.6l-3.7 6.3-1.9-.7L9 14v-3.1L3.5 9.5z"/></svg><span>${LABEL}</span></button>`;
const entryButton = entryRoot.querySelector("button");

let core = null;

/** Open the toolbar (imports core.js the first time). */
async function openToolbar({ focus = true } = {}) {
  entryButton.hidden = true;
  if (!core) core = import(moduleUrl("core.js"));
  const [mod] = await Promise.all([core, siteReady]);
  await mod.open(lite, { focus });
}

lite.entry = {
  show() {
    entryButton.hidden = false;
  },
  focus() {
    entryButton.focus();
  },
  open: openToolbar,
};

entryButton.addEventListener("click", () => openToolbar());

document.addEventListener("keydown", (e) => {
  if (
    options.shortcuts &&
    e.altKey &&
    e.shiftKey &&
    !e.ctrlKey &&
    !e.metaKey &&
    e.code === "KeyW" &&
    !entryButton.hidden
  ) {
    e.preventDefault();
    openToolbar();
  }
});

/* ---------- before first paint: the saved page styles ---------- */

if (saved.open && saved.css && typeof saved.css === "object") {
  for (const [name, css] of Object.entries(saved.css)) if (typeof css === "string") sections.set(name, css);
  renderStyle();
}
document.documentElement.append(entryHost);
hostsSheet.keep();
if (saved.open) openToolbar({ focus: false });

/* ---------- article-page components ---------- */

const COMPONENTS = [
  ["[data-bf-fontsize]", "features/fontsize.js"],
  ["[data-bf-speak]", "features/speakbutton.js"],
  ["[data-bf-qrcode]", "features/qrcode.js"],
];

function mountComponents() {
  for (const [selector, path] of COMPONENTS) {
    const els = document.querySelectorAll(selector);
    if (!els.length) continue;
    import(moduleUrl(path))
      .then((m) => els.forEach((el) => m.mount(el, lite)))
      .catch((err) => console.warn(`barrierfree: ${path} could not load`, err));
  }
}
if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", mountComponents);
else mountComponents();

/* ---------- leave-site confirmation for links to other hosts ---------- */

/** Does `host` match the operator's allow-list (exact names or `*.example.gov.cn`)? */
function allowed(host) {
  host = host.toLowerCase().replace(/\.$/, "");
  if (host === location.hostname.toLowerCase()) return true;
  return options.allow.some((p) => {
    p = p.toLowerCase();
    return p.startsWith("*.") ? host === p.slice(2) || host.endsWith(p.slice(1)) : host === p;
  });
}

function onLinkActivate(e) {
  if (e.defaultPrevented || (e.type === "auxclick" && e.button !== 1)) return;
  if (e.type === "click" && e.button !== 0) return;
  const path = e.composedPath ? e.composedPath() : [];
  if (path.includes(entryHost) || path.some((n) => n && n.localName === "barrierfree-toolbar")) return;
  const a = e.target instanceof Element ? e.target.closest("a[href]") : null;
  if (!a || a.hasAttribute("download")) return;
  let target;
  try {
    target = new URL(a.href, location.href);
  } catch {
    return;
  }
  if (!/^https?:$/.test(target.protocol) || allowed(target.hostname)) return;
  e.preventDefault();
  const newTab = e.type === "auxclick" || e.ctrlKey || e.metaKey || e.shiftKey || a.target === "_blank";
  import(moduleUrl("features/links.js")).then((m) => m.confirmLeave(target.href, lite, { newTab, link: a }));
}
document.addEventListener("click", onLinkActivate);
document.addEventListener("auxclick", onLinkActivate);
