/**
 * 显示屏 (大字幕): a bar at the bottom of the window showing, in very large type, the text
 * under the pointer or of the focused element. Its own controls: 大 / 小 (type size, kept in
 * the settings as `captionSize`) and 显示拼音 (pinyin over each character, `captionPinyin`).
 *
 * The bar lives in the toolbar's overlay layer, so it changes nothing in the page. It must
 * never cover what is being read: when the element reaches into the bar's strip, the bar
 * moves to the top of the window (under the toolbar) and back again.
 */

import { builtInDefault } from "../settings.js";
import { FAR_TAG } from "./pinyin.js";

const SIZES = [32, 40, 48, 56, 64, 80, 96]; // px
const MAX_CHARS = 120; // a long paragraph is shown around the pointed sentence
const HOVER_DELAY = 120; // ms: the bar follows reading, not every twitch of the mouse

const STRINGS = {
  bigger: { zh: "大", en: "A+" },
  smaller: { zh: "小", en: "A−" },
  pinyin: { zh: "显示拼音", en: "Show pinyin" },
  bar: { zh: "显示屏", en: "Display" },
  biggerTitle: { zh: "字号加大", en: "Larger text" },
  smallerTitle: { zh: "字号减小", en: "Smaller text" },
};

const CSS = `
.bf-cap{position:fixed;left:0;right:0;bottom:0;display:flex;align-items:center;gap:12px;padding:8px 12px;
  min-height:64px;max-height:40vh;background:#111;color:#ffd400;border-top:3px solid #ffd400;
  font-family:system-ui,"PingFang SC","Microsoft YaHei","Noto Sans CJK SC",sans-serif;pointer-events:auto;
  box-shadow:0 -2px 8px rgba(0,0,0,.4)}
.bf-cap.top{bottom:auto;border-top:0;border-bottom:3px solid #ffd400}
.bf-cap-text{flex:1;min-width:0;overflow:hidden;line-height:1.3;font-weight:600;word-break:break-all;
  display:-webkit-box;-webkit-box-orient:vertical;-webkit-line-clamp:3}
.bf-cap-text ruby rt{font-size:.45em;font-weight:normal;color:#fff}
.bf-cap-tools{display:flex;flex-direction:column;gap:4px}
.bf-cap button{font-family:inherit;font-size:16px;line-height:1.2;min-width:44px;min-height:36px;padding:2px 8px;border:2px solid #ffd400;
  border-radius:6px;background:#111;color:#ffd400;cursor:pointer}
.bf-cap button[aria-pressed=true]{background:#ffd400;color:#111}
.bf-cap button:focus-visible{outline:3px solid #5cc8ff;outline-offset:2px}
@media (forced-colors:active){.bf-cap{border-color:CanvasText}.bf-cap button{border-color:ButtonText}}`;

/** The text to show for an element: what a reader would say for it. */
function textOf(el) {
  if (!(el instanceof Element)) return "";
  const label = el.getAttribute("aria-label") || el.getAttribute("alt") || el.getAttribute("title");
  let text = "";
  if (el instanceof HTMLInputElement && el.type === "password") {
    text = label || el.placeholder || ""; // never show a password on a big screen
  } else if (el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement) {
    text = el.value || el.placeholder || label || "";
  } else if (el instanceof HTMLSelectElement) {
    text = el.selectedOptions[0] ? el.selectedOptions[0].text : "";
  } else if (el instanceof HTMLImageElement) {
    text = el.alt || "";
  } else {
    text = (el.innerText || el.textContent || "").trim() || label || "";
  }
  return text.replace(/\s+/g, " ").trim();
}

/** Where `offset` in text node `node` falls in the whole text of `el`. */
function offsetIn(el, node, offset) {
  const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
  let before = 0;
  for (let t = walker.nextNode(); t; t = walker.nextNode()) {
    if (t === node) return before + offset;
    before += t.data.length;
  }
  return 0;
}

/** The sentence of `text` around `offset`, when `text` is too long for the bar. */
function around(text, offset) {
  if (text.length <= MAX_CHARS) return text;
  const stops = /[。！？!?；;\n]/;
  let a = Math.max(0, Math.min(offset, text.length - 1));
  let b = a;
  while (a > 0 && !stops.test(text[a - 1]) && b - a < MAX_CHARS) a -= 1;
  while (b < text.length && !stops.test(text[b]) && b - a < MAX_CHARS) b += 1;
  return text.slice(a, Math.min(text.length, b + 1)).trim();
}

/** @param {import('../core.js').Ctx} ctx */
export function create(ctx) {
  const say = (k) => ctx.text(STRINGS[k]);
  const readings = new Map(); // text → readings, for the pinyin option
  let style = null;
  let bar = null;
  let textBox = null;
  let pinyinBtn = null;
  let shown = "";
  let target = null;
  let timer = 0;
  let request = 0;

  const size = () => {
    const s = Number(ctx.settings.get("captionSize"));
    return SIZES.includes(s) ? s : builtInDefault("captionSize");
  };
  const withPinyin = () => ctx.settings.get("captionPinyin") === true;

  /** Keep the bar off the element being read: bottom unless the element reaches into it. */
  const place = () => {
    if (!bar) return;
    bar.style.top = "";
    bar.classList.remove("top");
    if (!target || !target.isConnected) return;
    const r = target.getBoundingClientRect();
    const overlap = (b) => Math.max(0, Math.min(r.bottom, b.bottom) - Math.max(r.top, b.top));
    const atBottom = overlap(bar.getBoundingClientRect());
    if (!atBottom) return;
    bar.classList.add("top");
    bar.style.top = `${ctx.toolbarHeight || 0}px`;
    // an element taller than the window is covered either way: keep the lesser evil
    if (overlap(bar.getBoundingClientRect()) >= atBottom) {
      bar.classList.remove("top");
      bar.style.top = "";
    }
  };

  const render = () => {
    if (!bar) return;
    textBox.style.fontSize = `${size()}px`;
    const text = shown;
    const r = withPinyin() ? readings.get(text) : null;
    if (!r) {
      textBox.textContent = text;
    } else {
      textBox.textContent = "";
      Array.from(text).forEach((ch, i) => {
        if (!r[i]) {
          textBox.append(ch);
          return;
        }
        const ruby = document.createElement("ruby");
        const rt = document.createElement("rt");
        rt.textContent = r[i];
        ruby.append(ch, rt);
        textBox.append(ruby);
      });
    }
    place();
  };

  const fetchPinyin = async (text) => {
    if (!withPinyin() || !text || readings.has(text) || !/[\u3400-\u9fff]/.test(text)) return;
    const mine = ++request;
    try {
      const words = ctx.options && ctx.options.pinyinWords;
      const body = words && typeof words === "object" ? { segments: [text], words } : { segments: [text] };
      const answer = await ctx.postJSON("/api/pinyin", body);
      readings.set(text, answer.segments[0]);
      if (mine === request && text === shown) render();
    } catch (err) {
      console.warn("barrierfree: caption pinyin failed", err);
    }
  };

  const show = (el, text) => {
    target = el;
    if (text === shown) return place();
    shown = text;
    render();
    fetchPinyin(text);
  };

  const onPointer = (e) => {
    if (e.pointerType === "touch") return;
    clearTimeout(timer);
    const { clientX: x, clientY: y } = e;
    timer = setTimeout(() => {
      let el = document.elementFromPoint(x, y);
      if (!el || ctx.isOurs(el)) return;
      // 拼音 wraps each character in a ruby (or, far from view, a text node in its element):
      // read the text it sits in, not one character
      const ruby = el.closest(`ruby.bf-py, ${FAR_TAG}`);
      if (ruby && ruby.parentElement) el = ruby.parentElement;
      let text = textOf(el);
      // a big container: show the sentence under the pointer, not the whole block
      if (text.length > MAX_CHARS) {
        const range = document.caretRangeFromPoint ? document.caretRangeFromPoint(x, y) : null;
        const node = range && range.startContainer;
        // the offset in the element's whole text (with 拼音 on, each character is its own node)
        const at = node && node.nodeType === Node.TEXT_NODE ? offsetIn(el, node, range.startOffset) : 0;
        text = around(el.textContent || "", at).replace(/\s+/g, " ");
      }
      if (text) show(el, text);
    }, HOVER_DELAY);
  };

  const onFocus = (e) => {
    const el = e.composedPath()[0];
    if (!(el instanceof Element) || ctx.isOurs(el)) return;
    const text = around(textOf(el), 0);
    if (text) show(el, text);
  };

  const onViewport = () => place();

  const button = (label, title, onClick) => {
    const b = document.createElement("button");
    b.type = "button";
    b.textContent = label;
    if (title) b.title = title;
    b.addEventListener("click", onClick);
    return b;
  };

  const step = (dir) => {
    const i = SIZES.indexOf(size());
    const next = SIZES[Math.max(0, Math.min(SIZES.length - 1, i + dir))];
    ctx.settings.set("captionSize", next);
    render();
  };

  const on = () => {
    if (bar) return;
    style = ctx.css(CSS);
    bar = document.createElement("div");
    bar.className = "bf-cap";
    bar.setAttribute("role", "region");
    bar.setAttribute("aria-label", say("bar"));
    textBox = document.createElement("div");
    textBox.className = "bf-cap-text";
    textBox.lang = "zh-CN";
    const tools = document.createElement("div");
    tools.className = "bf-cap-tools";
    pinyinBtn = button(say("pinyin"), "", () => {
      ctx.settings.set("captionPinyin", !withPinyin());
      pinyinBtn.setAttribute("aria-pressed", String(withPinyin()));
      render();
      fetchPinyin(shown);
    });
    pinyinBtn.setAttribute("aria-pressed", String(withPinyin()));
    tools.append(
      button(say("bigger"), say("biggerTitle"), () => step(1)),
      button(say("smaller"), say("smallerTitle"), () => step(-1)),
      pinyinBtn,
    );
    bar.append(textBox, tools);
    ctx.layer.append(bar);
    render();
    document.addEventListener("pointermove", onPointer, { passive: true });
    document.addEventListener("focusin", onFocus);
    window.addEventListener("scroll", onViewport, { passive: true });
    window.addEventListener("resize", onViewport);
    // the pointer may already rest on the page (it got there while this module loaded)
    const at = ctx.pointer;
    if (at && at.doc === document) onPointer({ clientX: at.x, clientY: at.y, pointerType: at.type });
  };

  const off = () => {
    if (!bar) return;
    clearTimeout(timer);
    request += 1;
    document.removeEventListener("pointermove", onPointer);
    document.removeEventListener("focusin", onFocus);
    window.removeEventListener("scroll", onViewport);
    window.removeEventListener("resize", onViewport);
    bar.remove();
    style.remove();
    bar = style = textBox = pinyinBtn = target = null;
    shown = "";
  };

  if (ctx.settings.get("caption")) on();

  return {
    command(id, value) {
      if (value) on();
      else off();
    },
    destroy: off,
  };
}
