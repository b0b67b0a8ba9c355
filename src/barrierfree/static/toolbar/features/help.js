/**
 * 帮助: a modal dialog that lists every control of the toolbar, what it does and its
 * keyboard shortcut, built from the controls table so it can never fall out of date.
 *
 * A native <dialog> opened with showModal() makes the page behind it inert and closes on Esc;
 * Tab and Shift+Tab are additionally kept inside the dialog (Chromium otherwise lets focus
 * leave a modal dialog for the browser's own UI), and focus goes back to where it was.
 */

import { accessibleName } from "../labels.js";

const TEXT = {
  title: { zh: "帮助：无障碍工具条", en: "Help: accessibility toolbar" },
  intro: {
    zh: "每个按钮都可以用鼠标点击，也可以用 Tab 键移到按钮上再按回车或空格键。快捷键是同时按下 Alt、Shift 和一个字母键。",
    en: "Click any button, or move to it with Tab and press Enter or Space. Shortcuts are Alt, Shift and a letter pressed together.",
  },
  control: { zh: "按钮", en: "Button" },
  does: { zh: "作用", en: "What it does" },
  key: { zh: "快捷键", en: "Shortcut" },
  none: { zh: "无", en: "none" },
  open: { zh: "打开工具条或回到工具条", en: "Open the toolbar or go back to it" },
  esc: { zh: "关闭菜单和对话框，停止朗读", en: "Close menus and dialogs, stop reading aloud" },
  off: {
    zh: "快捷键不会占用读屏软件和浏览器需要的按键；网站也可以关闭快捷键。",
    en: "Shortcuts never take keys that screen readers or the browser need; a site can turn them off.",
  },
  close: { zh: "关闭", en: "Close" },
};

const CSS = `
.bf-help{pointer-events:auto;box-sizing:border-box;width:min(46rem,calc(100vw - 16px));max-height:calc(100vh - 32px);
  overflow:auto;padding:0;border:3px solid #0b3d78;border-radius:8px;background:#fff;color:#111;
  font:16px/1.5 system-ui,"PingFang SC","Microsoft YaHei","Noto Sans CJK SC",sans-serif}
.bf-help::backdrop{background:rgba(0,0,0,.55)}
.bf-help header{position:sticky;top:0;display:flex;justify-content:space-between;align-items:center;gap:8px;
  padding:10px 14px;background:#0b3d78;color:#fff}
.bf-help h2{margin:0;font-size:1.2rem}
.bf-help .body{padding:4px 14px 14px}
.bf-help table{border-collapse:collapse;width:100%}
.bf-help tbody th{white-space:nowrap}
.bf-help th,.bf-help td{border:1px solid #767676;padding:5px 8px;text-align:left;vertical-align:top}
.bf-help thead th{background:#e8eef6}
.bf-help kbd{font:inherit;font-family:ui-monospace,monospace;white-space:nowrap;border:1px solid #555;border-radius:3px;padding:0 4px}
.bf-help button{font:inherit;min-height:40px;min-width:44px;padding:4px 14px;border:2px solid #fff;border-radius:6px;
  background:#fff;color:#0b3d78;cursor:pointer}
.bf-help .body button{border-color:#0b3d78}
.bf-help button:focus-visible{outline:3px solid #b34700;outline-offset:2px}
.bf-help .footer{text-align:right;margin-top:12px}
@media (forced-colors:active){.bf-help{border-color:CanvasText}}`;

const FOCUSABLE = 'button,[href],input,select,textarea,[tabindex]:not([tabindex="-1"])';

/** The shortcut of a controls-table row as text, e.g. "Alt+Shift+Z". */
export function shortcutOf(control) {
  return control.key ? `Alt+Shift+${control.key}` : "";
}

/** @param {import('../core.js').Ctx} ctx */
export function create(ctx) {
  const say = (k) => ctx.text(TEXT[k]);
  let dialog = null;
  let style = null;
  let returnTo = null;

  const el = (tag, props = {}, ...children) => {
    const e = document.createElement(tag);
    Object.assign(e, props);
    e.append(...children);
    return e;
  };
  const kbd = (text) => (text ? el("kbd", { textContent: text }) : say("none"));

  const build = () => {
    const tbody = el("tbody");
    const row = (label, what, key) =>
      tbody.append(el("tr", {}, el("th", { scope: "row", textContent: label }), el("td", {}, ...what), el("td", {}, kbd(key))));
    row(ctx.text({ zh: "无障碍", en: "Accessibility" }), [say("open")], "Alt+Shift+W");
    for (const c of ctx.controls) {
      const what = [ctx.t(`${c.id}.title`) === `${c.id}.title` ? ctx.t(c.id) : ctx.t(`${c.id}.title`)];
      if (c.kind === "choice") what.push(el("br"), c.values.map((v) => ctx.t(`${c.id}.${v}`)).join(ctx.text({ zh: "、", en: ", " })));
      // the fuller name where a control has one (声音 is also known as 读屏)
      row(accessibleName(ctx.t, c.id), what, shortcutOf(c));
    }
    row("Esc", [say("esc")], "Esc");

    const title = el("h2", { id: "bf-help-title", textContent: say("title") });
    const closeTop = el("button", { type: "button", textContent: say("close") });
    const closeBottom = el("button", { type: "button", textContent: say("close") });
    const d = el(
      "dialog",
      { className: "bf-help" },
      el("header", {}, title, closeTop),
      el(
        "div",
        { className: "body" },
        el("p", { textContent: say("intro") }),
        el(
          "table",
          {},
          el("thead", {}, el("tr", {}, ...["control", "does", "key"].map((k) => el("th", { scope: "col", textContent: say(k) })))),
          tbody,
        ),
        el("p", { textContent: say("off") }),
        el("div", { className: "footer" }, closeBottom),
      ),
    );
    d.setAttribute("aria-labelledby", title.id);
    for (const b of [closeTop, closeBottom]) b.addEventListener("click", () => d.close());
    d.addEventListener("keydown", trap);
    d.addEventListener("close", restoreFocus);
    return d;
  };

  // keep Tab inside the dialog: wrap from the last control to the first and back
  function trap(e) {
    if (e.key !== "Tab") return;
    const items = [...dialog.querySelectorAll(FOCUSABLE)].filter((n) => !n.disabled && n.getClientRects().length);
    if (!items.length) return;
    const first = items[0];
    const last = items[items.length - 1];
    const active = ctx.shadow.activeElement;
    if (e.shiftKey && (active === first || !dialog.contains(active))) {
      e.preventDefault();
      last.focus();
    } else if (!e.shiftKey && (active === last || !dialog.contains(active))) {
      e.preventDefault();
      first.focus();
    }
  }

  function restoreFocus() {
    const target = returnTo;
    returnTo = null;
    if (target && target.isConnected && typeof target.focus === "function") target.focus();
  }

  const show = () => {
    if (!style) style = ctx.css(CSS);
    if (!dialog) {
      dialog = build();
      ctx.layer.append(dialog);
    }
    if (dialog.open) return;
    // the button that opened us lives in the shadow root: document.activeElement is only its host
    returnTo = ctx.shadow.activeElement || document.activeElement;
    dialog.showModal();
    dialog.querySelector("button").focus();
  };

  return {
    command() {
      show();
    },
    /** Is the dialog showing? (for tests and other modules) */
    get open() {
      return !!(dialog && dialog.open);
    },
    destroy() {
      if (dialog) {
        dialog.removeEventListener("close", restoreFocus);
        if (dialog.open) dialog.close();
        dialog.remove();
      }
      if (style) style.remove();
      dialog = style = returnTo = null;
    },
  };
}
