/**
 * 视图: the whole page as plain text (纯文本), in reading order — no images (their
 * alternative text instead), no columns, no layout; headings, paragraphs, list items and
 * table rows one per line, in the order they come in the page.
 *
 * It is built in the browser from the page as it is now (menus and footers included: this
 * is the page, not the article; 轻松阅读 is the article) and shown in the same view as
 * 轻松阅读, with the same scheme, text size, read-aloud, Esc and 退出.
 */

import { unseen } from "../speech/textmap.js";
import { View } from "../view.js";

const SKIP = new Set([
  "script", "style", "noscript", "template", "svg", "canvas", "iframe", "object", "embed",
  "select", "textarea", "video", "audio", "map", "head", "rt", "rp",
]);
const BLOCK = new Set([
  "address", "article", "aside", "blockquote", "caption", "dd", "details", "dialog", "div", "dl",
  "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6",
  "header", "hr", "legend", "li", "main", "nav", "ol", "p", "pre", "section", "summary", "table",
  "tbody", "thead", "tfoot", "tr", "ul", "center", "br", "td", "th",
]);

const LAYOUT_CELL = "p,div,table,ul,ol,li,h1,h2,h3,h4,h5,h6,br,section,article";

const STRINGS = {
  image: { zh: "图片", en: "Image" },
  read: { zh: "朗读", en: "Read aloud" },
  readTitle: { zh: "从头朗读，再按一次停止", en: "Read from the top; press again to stop" },
  empty: { zh: "这个页面没有文字。", en: "This page has no text." },
};

/**
 * The page's text as lines in reading order.
 * @param {Element} root
 * @param {{isOurs?: (n: Node) => boolean, imageLabel?: string}} opts
 * @returns {Array<{kind: "h"|"li"|"p", level?: number, text: string}>}
 */
export function pageLines(root, { isOurs = () => false, imageLabel = "图片" } = {}) {
  const lines = [];
  let current = "";
  let kind = "p";
  let level = 0;
  const flush = () => {
    // table cells were marked with CELL: one full-width space between them survives
    const text = current.replace(/\s+/g, " ").replace(/\s*\u0001[\s\u0001]*/g, "\u3000").trim().replace(/^\u3000+|\u3000+$/g, "");
    if (text) lines.push(kind === "h" ? { kind, level, text } : { kind, text });
    current = "";
    kind = "p";
  };
  const walk = (node) => {
    if (node.nodeType === Node.TEXT_NODE) {
      current += node.data;
      return;
    }
    if (node.nodeType !== Node.ELEMENT_NODE) return;
    const el = /** @type {Element} */ (node);
    const name = el.localName;
    if (SKIP.has(name) || isOurs(el) || name === "bf-reading-view") return;
    if (el.hidden || el.getAttribute("aria-hidden") === "true") return;
    // (拼音's rubies not drawn yet have no box of their own: their text is shown)
    if (unseen(el)) return;
    if (name === "img" || (name === "input" && el.type === "image")) {
      const alt = (el.getAttribute("alt") || "").trim();
      if (alt) current += ` [${imageLabel}：${alt}] `;
      return;
    }
    if (name === "input" || name === "button") {
      const label = name === "button" ? el.textContent : el.value || el.placeholder || "";
      if (label && label.trim()) current += ` ${label.trim()} `;
      return;
    }
    const block = BLOCK.has(name);
    if (block) flush();
    if (/^h[1-6]$/.test(name)) {
      kind = "h";
      level = Number(name[1]);
    } else if (name === "li" || name === "dt") {
      kind = "li";
    }
    if (name === "td" || name === "th") {
      // cells of one row stay on one line
      for (const c of el.childNodes) walk(c);
      current += "\u0001";
      return;
    }
    if (name === "tr") {
      for (const c of el.childNodes) {
        if (c.nodeType === Node.ELEMENT_NODE && (c.localName === "td" || c.localName === "th")) {
          if (c.querySelector(LAYOUT_CELL)) {
            // a layout table (old CMS templates): the cell holds blocks of its own
            flush();
            for (const cc of c.childNodes) walk(cc);
            flush();
          } else {
            for (const cc of c.childNodes) walkInline(cc);
            current += "\u0001";
          }
        } else {
          walk(c);
        }
      }
      flush();
      return;
    }
    if (el.shadowRoot && !isOurs(el)) for (const c of el.shadowRoot.childNodes) walk(c);
    for (const c of el.childNodes) walk(c);
    if (block) flush();
  };
  // inside a table cell, blocks do not break the row's line
  const walkInline = (node) => {
    if (node.nodeType === Node.TEXT_NODE) {
      current += node.data;
      return;
    }
    if (node.nodeType !== Node.ELEMENT_NODE) return;
    const el = /** @type {Element} */ (node);
    if (SKIP.has(el.localName) || isOurs(el)) return;
    if (el.hidden || unseen(el)) return;
    if (el.localName === "img") {
      const alt = (el.getAttribute("alt") || "").trim();
      if (alt) current += ` [${imageLabel}：${alt}] `;
      return;
    }
    current += " ";
    for (const c of el.childNodes) walkInline(c);
    current += " ";
  };
  walk(root);
  flush();
  return lines;
}

/** @param {import('../core.js').Ctx} ctx */
export function create(ctx) {
  const view = new View(ctx, {
    name: ctx.t("textview"),
    onClose: () => {
      hide();
      if (ctx.settings.get("textview")) ctx.settings.set("textview", false);
    },
  });
  const say = (s) => view.say(s);

  function show() {
    // read the page before the view covers it (and before body turns inert)
    const lines = pageLines(document.body, { isOurs: ctx.isOurs, imageLabel: say(STRINGS.image) });
    view.show();
    const main = document.createElement("div");
    main.className = "text";
    let list = null;
    for (const line of lines) {
      if (line.kind === "li") {
        if (!list) {
          list = document.createElement("ul");
          main.append(list);
        }
        const li = document.createElement("li");
        li.textContent = line.text;
        list.append(li);
        continue;
      }
      list = null;
      // h1 of the page becomes h2: the view's own name is its top heading
      const el = document.createElement(line.kind === "h" ? `h${Math.min(6, Math.max(2, line.level + 1))}` : "p");
      el.textContent = line.text;
      main.append(el);
    }
    if (!lines.length) {
      view.status(say(STRINGS.empty));
    } else {
      view.page.replaceChildren(main);
    }
    view.readAloud(STRINGS.read, STRINGS.readTitle, () => [...view.page.querySelectorAll("h2,h3,h4,p,li")]);
  }

  function hide() {
    view.close();
  }

  return {
    /** @param {string} id @param {unknown} value */
    command(id, value) {
      if (id !== "textview") return undefined;
      return value ? show() : hide();
    },
    destroy() {
      hide();
    },
  };
}
