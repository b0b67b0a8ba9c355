/**
 * 轻松阅读: the page's article alone — title, date, 来源, paragraphs — in large type, in the
 * chosen colour scheme, with its own read-aloud button.
 *
 * The article comes from the service (POST /api/read with the page's HTML and address), so
 * the view shows exactly what the junk-free extraction kept and nothing of the page's menus,
 * share bars or footers. The view is drawn over the page in its own shadow root; the page
 * itself is only made `inert` underneath (so Tab and screen readers stay in the view), and
 * that one attribute is undone on Esc, on the view's 退出 and on the toolbar's 退出: the
 * page and its scroll position come back exactly as they were.
 *
 * The view's host element deliberately does not carry the `barrierfree-` prefix: the
 * speech module skips our own UI when it collects text, and the view's article is exactly
 * what it must read (via `readElements`).
 *
 * `View` is exported for 视图 (textview.js), which shows the whole page as text the same way.
 */

import { builtInDefault } from "../settings.js";
import { SCHEMES } from "./colors.js";

/** Base font sizes (px) the A− / A＋ buttons step through; the view starts at 20 px. */
export const SIZES = [18, 20, 22, 24, 28, 32, 36, 40];

const STRINGS = {
  close: { zh: "退出", en: "Exit" },
  closeTitle: { zh: "返回原网页（Esc）", en: "Back to the page (Esc)" },
  smaller: { zh: "A−", en: "A−" },
  smallerTitle: { zh: "缩小文字", en: "Smaller text" },
  larger: { zh: "A＋", en: "A+" },
  largerTitle: { zh: "放大文字", en: "Larger text" },
  read: { zh: "朗读", en: "Read aloud" },
  readTitle: { zh: "朗读全文，再按一次停止", en: "Read the article aloud; press again to stop" },
  loading: { zh: "正在提取正文……", en: "Finding the article…" },
  failed: { zh: "无法提取正文：", en: "Could not read the article: " },
  empty: { zh: "这个页面没有找到正文。", en: "No article was found on this page." },
  opened: { zh: "按 Esc 返回原网页", en: "Press Esc to go back to the page" },
  closed: { zh: "已返回原网页", en: "Back to the page" },
  size: { zh: "文字大小", en: "Text size" },
  source: { zh: "来源：", en: "Source: " },
  date: { zh: "发布日期：", en: "Published: " },
};

const VIEW_CSS = `
:host{all:initial}
*{box-sizing:border-box}
.view{position:fixed;left:0;right:0;bottom:0;top:var(--top,0px);z-index:2147483640;overflow:auto;
  overscroll-behavior:contain;background:var(--bg);color:var(--fg);
  font:var(--size,20px)/1.8 system-ui,"PingFang SC","Microsoft YaHei","Noto Sans CJK SC",sans-serif}
.view:focus{outline:none}
.bar{position:sticky;top:0;z-index:1;display:flex;flex-wrap:wrap;align-items:center;gap:8px;
  padding:8px 16px;background:var(--bg);border-bottom:2px solid var(--fg)}
.bar .name{font-weight:bold;margin-right:auto;font-size:18px}
button{font:inherit;font-size:18px;line-height:1.2;min-height:44px;min-width:44px;padding:6px 14px;
  border:2px solid var(--fg);border-radius:6px;background:var(--bg);color:var(--fg);cursor:pointer}
button[aria-pressed=true]{background:var(--fg);color:var(--bg)}
button:focus-visible{outline:3px solid var(--link);outline-offset:2px}
.page{max-width:42em;margin:0 auto;padding:20px 20px 80px}
h1{font-size:1.6em;line-height:1.45;margin:.4em 0 .6em}
h2,h3,h4,h5,h6{font-size:1.2em;line-height:1.5;margin:1.2em 0 .4em}
p,li,pre,blockquote,figure,table{margin:0 0 .9em}
.meta{margin-bottom:1.4em;padding-bottom:.6em;border-bottom:1px solid var(--fg)}
.meta span+span{margin-left:1.5em}
a{color:var(--link);text-decoration:underline}
img{max-width:100%;height:auto}
figure{margin-left:0;margin-right:0}
table{border-collapse:collapse;max-width:100%;display:block;overflow-x:auto}
th,td{border:1px solid var(--fg);padding:.2em .6em;text-align:left;vertical-align:top}
pre{white-space:pre-wrap}
.status{font-size:1.1em}
::highlight(bf-speech){background-color:var(--fg);color:var(--bg)}
@media (forced-colors:active){button{border-color:ButtonText}}
@media (prefers-reduced-motion:reduce){*{scroll-behavior:auto!important}}
`;

/**
 * A full-window reading view over the page (used by 轻松阅读 and 视图).
 * @param {import('../core.js').Ctx} ctx
 * @param {{name: string, onClose: () => void}} opts `name`: the view's label
 */
export class View {
  constructor(ctx, { name, onClose }) {
    this.ctx = ctx;
    this.name = name;
    this.onClose = onClose;
    this.journal = ctx.journal.scope(`view:${name}`);
    this.unsubscribe = null;
    this.onKey = (e) => {
      if (e.key === "Escape" && this.host) {
        e.preventDefault();
        this.onClose();
      }
    };
  }

  /** String in the page language (Chinese where it has no English). */
  say(s) {
    return this.ctx.text(s);
  }

  get open() {
    return !!this.host;
  }

  /** Draw the view (empty) over the page and move focus into it. */
  show() {
    if (this.host) return;
    const ctx = this.ctx;
    // focus to give back when the view closes (a toolbar button, or a page element)
    this.returnFocus = (ctx.shadow && ctx.shadow.activeElement) || document.activeElement;
    this.host = document.createElement("bf-reading-view");
    const shadow = this.host.attachShadow({ mode: "open" });
    ctx.adopt(shadow, VIEW_CSS);
    this.view = document.createElement("div");
    this.view.className = "view";
    this.view.tabIndex = -1;
    this.view.setAttribute("role", "region");
    this.view.setAttribute("aria-label", this.name);
    this.view.lang = ctx.lang === "en" ? "en" : "zh-CN";
    const bar = document.createElement("div");
    bar.className = "bar";
    const name = document.createElement("span");
    name.className = "name";
    name.textContent = this.name;
    this.tools = document.createElement("div");
    this.tools.style.display = "contents";
    const smaller = this.button(STRINGS.smaller, STRINGS.smallerTitle, () => this.resize(-1));
    const larger = this.button(STRINGS.larger, STRINGS.largerTitle, () => this.resize(+1));
    const close = this.button(STRINGS.close, STRINGS.closeTitle, () => this.onClose());
    close.dataset.role = "close";
    bar.append(name, this.tools, smaller, larger, close);
    this.page = document.createElement("div");
    this.page.className = "page";
    this.view.append(bar, this.page);
    shadow.append(this.view);
    this.applyScheme(ctx.settings.get("scheme"));
    this.applySize();
    this.view.style.setProperty("--top", `${ctx.toolbarHeight || 0}px`);
    this.unsubscribe = ctx.settings.onChange((k, v) => {
      if (k === "scheme") this.applyScheme(v);
    });
    this.journal.insertBefore(document.documentElement, this.host, null);
    // the page stays where it is, unreachable by Tab and screen readers while we cover it
    if (document.body) this.journal.setAttribute(document.body, "inert", "");
    document.addEventListener("keydown", this.onKey, true);
    this.view.focus({ preventScroll: true });
    ctx.announce(`${this.name}：${this.say(STRINGS.opened)}`);
  }

  /**
   * A button of the view's bar.
   * @returns {HTMLButtonElement}
   */
  button(label, title, onClick) {
    const b = document.createElement("button");
    b.type = "button";
    b.textContent = this.say(label);
    b.title = this.say(title);
    b.addEventListener("click", onClick);
    return b;
  }

  applyScheme(name) {
    // 页面原始配色 has no colours of its own to offer a reading view: black on white then
    const s = SCHEMES[name] || SCHEMES.white;
    this.view.style.setProperty("--bg", s.bg);
    this.view.style.setProperty("--fg", s.fg);
    this.view.style.setProperty("--link", s.link);
  }

  get size() {
    const v = Number(this.ctx.settings.get("readerSize"));
    return SIZES.includes(v) ? v : builtInDefault("readerSize");
  }

  applySize() {
    this.view.style.setProperty("--size", `${this.size}px`);
  }

  resize(direction) {
    const i = SIZES.indexOf(this.size);
    const next = SIZES[Math.max(0, Math.min(SIZES.length - 1, i + direction))];
    this.ctx.settings.set("readerSize", next);
    this.applySize();
    this.ctx.announce(`${this.say(STRINGS.size)} ${next}px`);
  }

  /** Replace the view's content with a status line (loading, error). */
  status(text) {
    const p = document.createElement("p");
    p.className = "status";
    p.setAttribute("role", "status");
    p.textContent = text;
    this.page.replaceChildren(p);
  }

  /** Remove the view and give the page back exactly as it was. */
  close() {
    if (!this.host) return;
    document.removeEventListener("keydown", this.onKey, true);
    if (this.unsubscribe) this.unsubscribe();
    this.unsubscribe = null;
    this.journal.undo();
    this.host = null;
    const back = this.returnFocus;
    this.returnFocus = null;
    if (back && back.isConnected && back !== document.body && typeof back.focus === "function") {
      back.focus({ preventScroll: true });
    }
    this.ctx.announce(this.say(STRINGS.closed));
  }
}

/**
 * The page's HTML as the visitor has it now, without the toolbar's own elements (and
 * without pinyin annotations, which are not the page's text).
 * @returns {string}
 */
export function pageHtml() {
  const clone = document.documentElement.cloneNode(true);
  for (const el of clone.querySelectorAll("*")) {
    const name = el.localName;
    if (name.startsWith("barrierfree-") || name === "bf-reading-view" || el.id === "barrierfree-page-style") {
      el.remove();
    } else if (name === "rt" || name === "rp") {
      el.remove();
    }
  }
  return `<!DOCTYPE html>\n${clone.outerHTML}`;
}

/**
 * The page's own address; on a page shown through the service's proxy (/browse?url=…),
 * the proxied page's address.
 * @returns {string}
 */
export function pageUrl() {
  const here = new URL(location.href);
  const proxied = here.pathname.endsWith("/browse") ? here.searchParams.get("url") : null;
  return proxied && /^https?:\/\//i.test(proxied) ? proxied : location.href;
}

/**
 * Parse the service's (already sanitised) article HTML into nodes, dropping anything
 * active a second time: the view lives in the visitor's page.
 * @param {string} html
 * @returns {DocumentFragment}
 */
export function safeFragment(html) {
  const tpl = document.createElement("template");
  tpl.innerHTML = html;
  for (const el of tpl.content.querySelectorAll("script,style,iframe,object,embed,form,link,meta,base")) el.remove();
  for (const el of tpl.content.querySelectorAll("*")) {
    for (const attr of [...el.attributes]) {
      const value = attr.value.replace(/[\u0000-\u0020]/g, "").toLowerCase();
      if (attr.name.startsWith("on") || attr.name === "style" || /^(javascript|vbscript|data):/.test(value)) {
        el.removeAttribute(attr.name);
      }
    }
  }
  return tpl.content;
}

/**
 * The article's date as precisely as the page gave it: the service sends a full ISO date
 * (on the 1st when the page states only a month or year) and `date_precision`.
 * @param {string} iso "YYYY-MM-DD"
 * @param {(s: {zh: string, en?: string}) => string} text the strings picker (ctx.text)
 * @param {"day"|"month"|"year"|null|undefined} precision
 */
function formatDate(iso, text, precision) {
  if (!iso) return "";
  const [y, m, d] = iso.split("-").map(Number);
  if (precision === "year") return text({ zh: `${y}年`, en: String(y) });
  if (precision === "month") return text({ zh: `${y}年${m}月`, en: iso.slice(0, 7) });
  return text({ zh: `${y}年${m}月${d}日`, en: iso });
}

/** @param {import('../core.js').Ctx} ctx */
export function create(ctx) {
  let request = 0;
  let reading = false;
  let readButton = null;
  let speech = null;

  const view = new View(ctx, {
    name: ctx.t("reader"),
    onClose: () => {
      hide();
      if (ctx.settings.get("reader")) ctx.settings.set("reader", false);
    },
  });
  const say = (s) => view.say(s);

  function blocks() {
    return [...view.page.querySelectorAll("h1,.meta,h2,h3,h4,h5,h6,p,li,tr,pre,figcaption")].filter(
      (el) => el.textContent.trim() && !el.closest("li p, tr p") && !(el.localName === "p" && el.closest("li")),
    );
  }

  async function toggleReading() {
    if (reading) {
      if (speech) speech.stop();
      return;
    }
    speech = await ctx.load("speech");
    reading = true;
    readButton.setAttribute("aria-pressed", "true");
    try {
      await speech.readElements(blocks(), { highlight: true });
    } catch (err) {
      ctx.announce(String((err && err.message) || err));
    } finally {
      reading = false;
      if (readButton) readButton.setAttribute("aria-pressed", "false");
    }
  }

  function render(article) {
    const page = view.page;
    page.replaceChildren();
    const main = document.createElement("article");
    if (article.lang) main.lang = article.lang === "zh" ? "zh-CN" : article.lang;
    if (article.title) {
      const h1 = document.createElement("h1");
      h1.textContent = article.title;
      main.append(h1);
    }
    if (article.date || article.source) {
      const meta = document.createElement("p");
      meta.className = "meta";
      if (article.date) {
        const s = document.createElement("span");
        s.textContent = say(STRINGS.date) + formatDate(article.date, ctx.text, article.date_precision);
        meta.append(s);
      }
      if (article.source) {
        const s = document.createElement("span");
        s.textContent = say(STRINGS.source) + article.source;
        meta.append(s);
      }
      main.append(meta);
    }
    const body = document.createElement("div");
    body.className = "body";
    if (article.html && article.paragraphs && article.paragraphs.length) {
      body.append(safeFragment(article.html));
    } else {
      const p = document.createElement("p");
      p.className = "status";
      p.textContent = say(STRINGS.empty);
      body.append(p);
    }
    main.append(body);
    page.append(main);
    readButton = view.button(STRINGS.read, STRINGS.readTitle, () => toggleReading());
    readButton.setAttribute("aria-pressed", "false");
    view.tools.replaceChildren(readButton);
  }

  async function show() {
    if (ctx.settings.get("textview")) {
      // one reading view at a time
      const other = await ctx.load("textview");
      other.command("textview", false);
      ctx.settings.set("textview", false);
    }
    view.show();
    view.status(say(STRINGS.loading));
    const mine = ++request;
    try {
      const article = await ctx.postJSON("/api/read", { html: pageHtml(), url: pageUrl() });
      if (mine !== request || !view.open) return;
      render(article);
    } catch (err) {
      if (mine !== request || !view.open) return;
      view.status(say(STRINGS.failed) + String((err && err.message) || err));
    }
  }

  function hide() {
    request++;
    if (reading && speech) speech.stop();
    reading = false;
    readButton = null;
    view.close();
  }

  return {
    /** @param {string} id @param {unknown} value */
    command(id, value) {
      if (id !== "reader") return undefined;
      return value ? show() : hide();
    },
    destroy() {
      hide();
    },
  };
}
