/**
 * 字号 大/中/小: three buttons drawn inside the site's `[data-bf-fontsize]` element that
 * set the text size of the article container, remembered across the site's pages.
 *
 * The container is the element the attribute's value selects (data-bf-fontsize="#zoom"),
 * else the page's main content (`[data-bf-article]`, or what `content.js` finds). Headings
 * keep their own sizes; body text (paragraphs, list items, table cells and the inline
 * elements inside them) gets the chosen size. The
 * rule lives in one constructed stylesheet of ours adopted by the page (no <style> element,
 * so a strict Content-Security-Policy allows it), removed again when the page's own size is
 * chosen back, so the page is changed only while a size is chosen.
 */

import { mainSelector } from "../content.js";

const SIZES = [
  { id: "large", px: 20, label: { zh: "大", en: "Large" } },
  { id: "medium", px: 16, label: { zh: "中", en: "Medium" } },
  { id: "small", px: 14, label: { zh: "小", en: "Small" } },
];
/** our constructed stylesheet on the page while a size is chosen (a strict CSP allows it) */
let sheet = null;
let adoptSheet = null;
const TEXT_TAGS = "p,li,td,th,dd,dt,blockquote,span,font,a,strong,b,em,i,u,div,section,label,figcaption";

const CSS = `
:host{display:inline}
span{display:inline-flex;gap:4px;align-items:center;vertical-align:middle}
button{font:16px/1.2 system-ui,"PingFang SC","Microsoft YaHei","Noto Sans CJK SC",sans-serif;min-width:32px;min-height:32px;
  padding:2px 8px;border:2px solid #0b3d78;border-radius:5px;background:#fff;color:#0b3d78;cursor:pointer}
button[aria-pressed=true]{background:#0b3d78;color:#fff;text-decoration:underline;text-underline-offset:3px}
button:focus-visible{outline:3px solid #b34700;outline-offset:2px}
@media (forced-colors:active){button{border-color:ButtonText}button[aria-pressed=true]{border-width:4px}}`;

const instances = new Set();

/** The selector of the container `el` controls: its own value, else the main content's (null: none). */
function targetSelector(el) {
  const wanted = (el.dataset.bfFontsize || "").trim();
  if (wanted) {
    try {
      if (document.querySelector(wanted)) return wanted;
    } catch {
      /* not a selector: fall through */
    }
  }
  return mainSelector();
}

function apply(size) {
  const chosen = SIZES.find((s) => s.id === size);
  if (!chosen) {
    if (sheet) sheet.remove();
    sheet = null;
  } else {
    const selectors = [...new Set([...instances].map((i) => i.target).filter(Boolean))];
    const css = selectors
      .map((sel) => `:is(${sel}), :is(${sel}) :is(${TEXT_TAGS}) { font-size: ${chosen.px}px !important; }`)
      .join("\n");
    if (!sheet) sheet = adoptSheet(document, css);
    else sheet.textContent = css;
  }
  for (const i of instances) i.render(size);
}

/**
 * Draw 大/中/小 inside `el` and apply the saved size.
 * @param {HTMLElement} el the site's [data-bf-fontsize] element
 * @param {object} lite assist.js's light context (settings, text, createShadow)
 */
export function mount(el, lite) {
  if (el.querySelector(":scope > barrierfree-fontsize")) return;
  adoptSheet = lite.adopt;
  const host = document.createElement("barrierfree-fontsize");
  const root = lite.createShadow(host, CSS);
  const group = document.createElement("span");
  group.setAttribute("role", "group");
  group.setAttribute("aria-label", lite.text({ zh: "字号", en: "Text size" }));
  const buttons = SIZES.map((s) => {
    const b = document.createElement("button");
    b.type = "button";
    b.textContent = lite.text(s.label);
    b.setAttribute("aria-pressed", "false");
    b.addEventListener("click", () => lite.settings.set("fontsize", s.id));
    group.append(b);
    return b;
  });
  root.append(group);
  el.append(host);

  const instance = {
    target: targetSelector(el),
    render(size) {
      SIZES.forEach((s, i) => buttons[i].setAttribute("aria-pressed", String(s.id === size)));
    },
  };
  instances.add(instance);
  if (instances.size === 1) {
    // one listener for every instance: another 字号 group (or another tab's page) changed it
    lite.settings.onChange((k, v) => {
      if (k === "fontsize") apply(v);
    });
  }
  const saved = lite.settings.get("fontsize");
  instance.render(saved);
  if (saved) apply(saved);
}
