/**
 * Drawing the open toolbar: its stylesheet, one button per control in groups (a menu for
 * each choice), the polite live region and the overlay layer features draw into; and
 * mirroring a setting on its buttons.
 */

import { CONTROLS } from "./controls.js";
import { accessibleName, LABELS } from "./labels.js";
import { ChoiceMenu } from "./menu.js";

export const TOOLBAR_CSS = `
:host{all:initial}
*{box-sizing:border-box}
.tb{--bg:#0b4f9c;--fg:#fff;--btn:#fff;--btnfg:#0b3d78;--on:#ffd400;--onfg:#111;--focus:#ffbf00;
  position:fixed;left:0;right:0;top:0;z-index:2147483646;background:var(--bg);color:var(--fg);
  font:15px/1.25 system-ui,"PingFang SC","Microsoft YaHei","Noto Sans CJK SC",sans-serif;
  box-shadow:0 2px 6px rgba(0,0,0,.3)}
.tb.bottom{top:auto;bottom:0}
.tb[data-skin=dark]{--bg:#111;--fg:#fff;--btn:#2b2b2b;--btnfg:#ffd400;--on:#ffd400;--onfg:#111;--focus:#5cc8ff}
.tb[data-skin=light]{--bg:#eef2f6;--fg:#111;--btn:#fff;--btnfg:#0b3d78;--on:#0b3d78;--onfg:#fff;--focus:#b34700}
.bar{display:flex;flex-wrap:wrap;align-items:stretch;gap:4px 10px;padding:5px 8px;margin:0}
.group{display:flex;flex-wrap:wrap;gap:4px;margin:0;padding:0;border:0}
.group+.group{padding-left:10px;border-left:1px solid currentColor}
button{font:inherit;min-height:40px;min-width:44px;padding:4px 9px;border:2px solid transparent;border-radius:6px;
  background:var(--btn);color:var(--btnfg);cursor:pointer;white-space:nowrap}
button:hover{border-color:var(--btnfg)}
button[aria-pressed=true],button[aria-expanded=true]{background:var(--on);color:var(--onfg);border-color:var(--fg);
  text-decoration:underline;text-underline-offset:3px}
button:focus-visible{outline:3px solid var(--focus);outline-offset:2px}
.menu{position:fixed;display:flex;flex-direction:column;gap:4px;padding:6px;margin-top:4px;background:var(--bg);
  border:2px solid var(--fg);border-radius:6px;z-index:1}
.menu[hidden]{display:none}
.wrap{position:relative;display:flex}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.layer{position:fixed;inset:0;pointer-events:none;z-index:2147483645}
@media (max-width:640px){.bar{flex-wrap:nowrap;overflow-x:auto;gap:4px 6px;padding:4px;scroll-padding-inline-end:96px}
  .group{flex-wrap:nowrap}.group+.group{padding-left:6px}button{padding:4px 7px}
  .group:last-child{position:sticky;right:0;background:var(--bg);padding-right:2px;box-shadow:-8px 0 8px -4px rgba(0,0,0,.4)}}
@media (forced-colors:active){button{border-color:ButtonText}button[aria-pressed=true]{border-width:4px}}
@media (prefers-reduced-motion:reduce){*{transition:none!important;animation:none!important}}
`;

/**
 * Draw the toolbar into a new <barrierfree-toolbar> host (not yet in the page).
 * @param {object} opts
 * @param {(key: string) => string} opts.t a label of labels.js in the page language
 * @param {(root: ShadowRoot, css: string) => unknown} opts.adopt adopt a constructed stylesheet
 * @param {"top"|"bottom"} opts.position
 * @param {"zh"|"en"} opts.lang
 * @param {(control: object) => void} opts.press a control's button was pressed
 * @param {(control: object, value: string) => void} opts.choose a choice's value was picked
 */
export function drawBar({ t, adopt, position, lang, press, choose }) {
  const host = document.createElement("barrierfree-toolbar");
  const shadow = host.attachShadow({ mode: "open" });
  adopt(shadow, TOOLBAR_CSS);
  const root = document.createElement("div");
  root.className = `tb ${position}`;
  root.lang = lang === "en" ? "en" : "zh-CN";
  const bar = document.createElement("section");
  bar.className = "bar";
  bar.setAttribute("aria-label", t("toolbar"));
  /** @type {Map<string, HTMLButtonElement>} */
  const buttons = new Map();
  /** @type {Map<string, ChoiceMenu>} */
  const menus = new Map();
  const groups = new Map();
  for (const c of CONTROLS) {
    let g = groups.get(c.group);
    if (!g) {
      g = document.createElement("div");
      g.className = "group";
      g.setAttribute("role", "group");
      g.setAttribute("aria-label", t(`group.${c.group}`));
      groups.set(c.group, g);
      bar.append(g);
    }
    const b = document.createElement("button");
    b.type = "button";
    b.dataset.control = c.id;
    b.textContent = t(c.id);
    // a fuller accessible name where the short label has one (it starts with the label)
    const name = accessibleName(t, c.id);
    if (name !== b.textContent) b.setAttribute("aria-label", name);
    if (c.key) b.setAttribute("aria-keyshortcuts", `Alt+Shift+${c.key}`);
    const desc = `${c.id}.title` in LABELS ? t(`${c.id}.title`) : "";
    if (desc) b.title = desc + (c.key ? ` (Alt+Shift+${c.key})` : "");
    if (c.kind === "toggle" || c.kind === "option") b.setAttribute("aria-pressed", "false");
    b.addEventListener("click", () => press(c));
    buttons.set(c.id, b);
    if (c.kind === "choice") {
      const menu = new ChoiceMenu(c, b, { t, position, choose: (v) => choose(c, v) });
      menus.set(c.id, menu);
      g.append(menu.element);
    } else {
      g.append(b);
    }
  }
  const live = document.createElement("div");
  live.className = "sr";
  live.setAttribute("aria-live", "polite");
  const layer = document.createElement("div");
  layer.className = "layer";
  root.append(bar, live);
  shadow.append(root, layer);
  return { host, shadow, root, buttons, menus, live, layer };
}

/**
 * Mirror a setting's value on its button(s): aria-pressed of a toggle, of the option that
 * holds it, or of the value in a choice's menu; the skin on the toolbar itself.
 * @param {ReturnType<typeof drawBar>} drawn
 * @param {string} setting
 * @param {unknown} value
 */
export function reflect(drawn, setting, value) {
  for (const c of CONTROLS) {
    if (c.setting !== setting) continue;
    const b = drawn.buttons.get(c.id);
    if (c.kind === "toggle") b.setAttribute("aria-pressed", String(!!value));
    if (c.kind === "option") b.setAttribute("aria-pressed", String(value === c.value));
    if (c.kind === "choice") drawn.menus.get(c.id).mark(value);
  }
  if (setting === "skin") drawn.root.dataset.skin = value;
}
