/**
 * barrierfree entry script — the one file a site loads:
 *   <script type="module" src="https://HOST/assist.js" data-lang="zh" data-allow="*.gov.cn"></script>
 *
 * It draws the closed 无障碍 button, re-applies the saved page settings before first paint
 * (one <style> element), wires the article-page components found on the page, and imports
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

/* ---------- the one page-level stylesheet, in named sections ---------- */

let styleEl = null;
const sections = new Map();

function renderStyle() {
  const css = [...sections.values()].join("\n");
  if (!css) {
    if (styleEl) styleEl.remove();
    styleEl = null;
    return;
  }
  if (!styleEl) {
    styleEl = document.createElement("style");
    styleEl.id = "barrierfree-page-style";
  }
  if (styleEl.textContent !== css) styleEl.textContent = css;
  // last in <head> (or <html> before the head exists) so it wins over the page's own rules
  const parent = document.head || document.documentElement;
  if (styleEl.parentNode !== parent || styleEl.nextElementSibling) parent.append(styleEl);
}

/** Sections of the page stylesheet; while the toolbar is open they are saved so the next
 *  page can apply them before its first paint. */
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

/** Attach an open shadow root with our base styles to `host`. */
function createShadow(host) {
  const root = host.attachShadow({ mode: "open" });
  root.innerHTML = `<style>:host{all:initial}*{box-sizing:border-box}</style>`;
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
  moduleUrl,
  /** Pick the string for the page language from {zh, en}. */
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

/* ---------- the closed entry button ---------- */

const LABEL = lang === "en" ? "Accessibility" : "无障碍";
const HINT = lang === "en" ? "Open the accessibility toolbar (Alt+Shift+W)" : "打开无障碍工具条（Alt+Shift+W）";
const entryHost = document.createElement("barrierfree-entry");
const entryRoot = createShadow(entryHost);
entryRoot.innerHTML += `<style>
button{position:fixed;${options.position === "bottom" ? "bottom" : "top"}:8px;right:8px;z-index:2147483646;
display:flex;align-items:center;gap:6px;min-height:44px;padding:6px 14px;border:2px solid #fff;border-radius:22px;
background:#0b4f9c;color:#fff;font:bold 16px/1.2 system-ui,"PingFang SC","Microsoft YaHei",sans-serif;cursor:pointer;
box-shadow:0 2px 8px rgba(0,0,0,.35)}
button:hover{background:#083b75}button:focus-visible{outline:3px solid #ffbf00;outline-offset:2px}
button[hidden]{display:none}svg{width:22px;height:22px;fill:currentColor}
@media (forced-colors:active){button{border-color:ButtonText}}
</style><button type="button" aria-keyshortcuts="Alt+Shift+W" title="${HINT}"><svg viewBox="0 0 24 24" aria-hidden="true"><circle cx="12" cy="4" r="2.2"/><path d="M4 7.5l8 1.6 8-1.6.5 2-5.5 1.4V14l2.6 7.2-1.9.7L12 15.6l-3.7 6.3-1.9-.7L9 14v-3.1L3.5 9.5z"/></svg><span>${LABEL}</span></button>`;
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
    saved.shortcuts !== false &&
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
