/**
 * The reading view 轻松阅读 (reader.js) and 视图 (textview.js) share: drawn over the page in
 * its own shadow root, in large type and the chosen colour scheme, with A− / A＋, a
 * read-aloud button and 退出. The page itself is only made `inert` underneath (so Tab and
 * screen readers stay in the view), and that one attribute is undone on Esc, on the view's
 * 退出 and on the toolbar's 退出: the page and its scroll position come back exactly.
 *
 * One view is open at a time: showing one closes the other through its `onClose`, so the
 * two features never need each other.
 *
 * The view's host element deliberately does not carry the `barrierfree-` prefix: the
 * speech module skips our own UI when it collects text, and the view's text is exactly
 * what it must read (via `readElements`).
 */

import { builtInDefault } from "./settings.js";
import { SCHEMES } from "./features/colors.js";

/** Base font sizes (px) the A− / A＋ buttons step through (the default is in settings.js). */
export const SIZES = [18, 20, 22, 24, 28, 32, 36, 40];

const STRINGS = {
  close: { zh: "退出", en: "Exit" },
  closeTitle: { zh: "返回原网页（Esc）", en: "Back to the page (Esc)" },
  smaller: { zh: "A−", en: "A−" },
  smallerTitle: { zh: "缩小文字", en: "Smaller text" },
  larger: { zh: "A＋", en: "A+" },
  largerTitle: { zh: "放大文字", en: "Larger text" },
  opened: { zh: "按 Esc 返回原网页", en: "Press Esc to go back to the page" },
  closed: { zh: "已返回原网页", en: "Back to the page" },
  size: { zh: "文字大小", en: "Text size" },
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

/** The view on screen now (one at a time). */
let shown = null;

/**
 * A full-window reading view over the page (used by 轻松阅读 and 视图).
 * @param {import('./core.js').Ctx} ctx
 * @param {{name: string, onClose: () => void}} opts `name`: the view's label
 */
export class View {
  constructor(ctx, { name, onClose }) {
    this.ctx = ctx;
    this.name = name;
    this.onClose = onClose;
    this.journal = ctx.journal.scope(`view:${name}`);
    this.unsubscribe = null;
    this.reading = false;
    this.speech = null;
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
    // the other view gives way, as its own 退出 would close it
    if (shown && shown !== this) shown.onClose();
    shown = this;
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

  /**
   * Put a read-aloud button in the view's bar: a press reads `elements()` sentence by
   * sentence through the speech module, highlighting each; a second press stops.
   * @param {{zh: string, en?: string}} label
   * @param {{zh: string, en?: string}} title
   * @param {() => Element[]} elements what to read, in reading order
   */
  readAloud(label, title, elements) {
    const b = this.button(label, title, async () => {
      if (this.reading) return this.stopReading();
      this.speech = await this.ctx.load("speech");
      this.reading = true;
      b.setAttribute("aria-pressed", "true");
      try {
        await this.speech.readElements(elements(), { highlight: true });
      } catch (err) {
        this.ctx.announce(String((err && err.message) || err));
      } finally {
        this.reading = false;
        b.setAttribute("aria-pressed", "false");
      }
    });
    b.setAttribute("aria-pressed", "false");
    this.tools.replaceChildren(b);
  }

  /** Stop what the read-aloud button started. */
  stopReading() {
    if (this.reading && this.speech) this.speech.stop();
    this.reading = false;
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
    if (shown === this) shown = null;
    this.stopReading();
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

