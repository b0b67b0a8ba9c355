/**
 * barrierfree toolbar core: one shadow root, the controls table, settings, i18n, the undo
 * journal, shortcuts and on-demand feature modules. See docs/toolbar.md for the contract
 * feature modules follow.
 */

import { mainContent } from "./content.js";
import { accessibleName, LABELS } from "./labels.js";
import { builtInDefault, SETTINGS } from "./settings.js";

/**
 * The controls, in toolbar order. kind: "toggle" (aria-pressed, boolean setting),
 * "action" (a press), "choice" (a menu of `values`, setting holds the value), "option" (one
 * of a radio-like set of buttons sharing a setting: pressed when the setting is its `value`).
 * `setting` names the control's row in settings.js; `key` is the Alt+Shift shortcut (KeyX code).
 * Alt+Shift+A, B, I and T are left alone: Chrome uses them (focus inactive dialog, bookmarks
 * bar, feedback, toolbar; https://support.google.com/chrome/answer/157179). Screen readers use
 * Insert/CapsLock or Ctrl+Option, so Alt+Shift letters stay theirs.
 * A row without `module` is handled by core itself.
 */
export const CONTROLS = [
  { id: "speech", group: "speech", kind: "toggle", module: "speech", setting: "speech", key: "S" },
  { id: "pointread", group: "speech", kind: "toggle", module: "speech", setting: "pointread", key: "D" },
  { id: "continuous", group: "speech", kind: "toggle", module: "speech", setting: "continuous", key: "L" },
  { id: "female", group: "speech", kind: "option", module: "speech", setting: "voice", value: "female" },
  { id: "male", group: "speech", kind: "option", module: "speech", setting: "voice", value: "male" },
  { id: "slower", group: "speech", kind: "action", module: "speech" },
  { id: "faster", group: "speech", kind: "action", module: "speech" },
  { id: "volumeup", group: "speech", kind: "action", module: "speech" },
  { id: "volumedown", group: "speech", kind: "action", module: "speech" },
  { id: "zoomin", group: "view", kind: "action", module: "zoom", key: "Z" },
  { id: "zoomout", group: "view", kind: "action", module: "zoom", key: "X" },
  {
    id: "scheme", group: "view", kind: "choice", module: "colors", setting: "scheme", key: "C",
    values: ["original", "white", "blue", "yellow", "black"],
  },
  { id: "cursor", group: "view", kind: "toggle", module: "cursor", setting: "cursor", key: "M" },
  { id: "guides", group: "view", kind: "toggle", module: "guides", setting: "guides", key: "G" },
  { id: "caption", group: "view", kind: "toggle", module: "caption", setting: "caption", key: "E" },
  { id: "pinyin", group: "view", kind: "toggle", module: "pinyin", setting: "pinyin", key: "P" },
  { id: "reader", group: "read", kind: "toggle", module: "reader", setting: "reader", key: "R" },
  { id: "textview", group: "read", kind: "toggle", module: "textview", setting: "textview", key: "V" },
  { id: "back", group: "nav", kind: "action" },
  { id: "forward", group: "nav", kind: "action" },
  { id: "reload", group: "nav", kind: "action" },
  { id: "fullscreen", group: "nav", kind: "toggle", setting: "fullscreen", key: "F" },
  { id: "help", group: "nav", kind: "action", module: "help", key: "H" },
  { id: "skin", group: "nav", kind: "choice", setting: "skin", values: ["blue", "dark", "light"], key: "K" },
  { id: "exit", group: "exit", kind: "action", key: "Q" },
];

/** A setting's default: the site's (service configuration, /api/site), else the built-in one. */
function defaultOf(lite, k) {
  const site = (lite.options && lite.options.defaults) || {};
  return Object.prototype.hasOwnProperty.call(site, k) ? site[k] : builtInDefault(k);
}

const pageOnly = (k) => !!SETTINGS[k] && SETTINGS[k].persist === false;

const TOOLBAR_CSS = `
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

/** A list of undo steps for one feature; every change to the host page goes through one. */
export class Journal {
  constructor(name) {
    this.name = name;
    /** @type {Array<() => void>} */
    this.steps = [];
  }
  /** Record a custom undo step. */
  record(undo) {
    this.steps.push(undo);
  }
  setAttribute(el, name, value) {
    const had = el.hasAttribute(name);
    const old = el.getAttribute(name);
    el.setAttribute(name, value);
    this.record(() => (had ? el.setAttribute(name, old) : el.removeAttribute(name)));
  }
  removeAttribute(el, name) {
    if (!el.hasAttribute(name)) return;
    const old = el.getAttribute(name);
    el.removeAttribute(name);
    this.record(() => el.setAttribute(name, old));
  }
  /** Set one inline style property; undo restores the declarations as they were. Both go
   *  through the CSSOM, which a strict CSP allows (setAttribute("style") it refuses). */
  setStyle(el, prop, value, priority = "") {
    const had = el.hasAttribute("style");
    const old = el.style.cssText;
    el.style.setProperty(prop, value, priority);
    this.record(() => (had ? (el.style.cssText = old) : el.removeAttribute("style")));
  }
  insertBefore(parent, node, ref = null) {
    parent.insertBefore(node, ref);
    this.record(() => node.parentNode && node.parentNode.removeChild(node));
  }
  remove(node) {
    const parent = node.parentNode;
    if (!parent) return;
    const next = node.nextSibling;
    parent.removeChild(node);
    this.record(() => parent.insertBefore(node, next && next.parentNode === parent ? next : null));
  }
  /** Replace `old` with `nodes`; undo puts the very same `old` node back. */
  replaceWith(old, ...nodes) {
    const parent = old.parentNode;
    if (!parent) return;
    const next = old.nextSibling;
    old.replaceWith(...nodes);
    this.record(() => {
      const anchor = nodes.find((n) => n.parentNode === parent) || (next && next.parentNode === parent ? next : null);
      parent.insertBefore(old, anchor);
      for (const n of nodes) if (n.parentNode) n.parentNode.removeChild(n);
    });
  }
  /** Undo every recorded step, newest first. */
  undo() {
    while (this.steps.length) {
      const step = this.steps.pop();
      try {
        step();
      } catch (err) {
        console.warn("barrierfree: undo step failed", err);
      }
    }
  }
}

let toolbar = null;

/**
 * Open the toolbar (or focus it when already open).
 * @param {object} lite the entry's light context (assist.js)
 * @param {{focus?: boolean}} opts
 */
export async function open(lite, { focus = true } = {}) {
  if (!toolbar) toolbar = new Toolbar(lite);
  await toolbar.ready;
  if (focus) toolbar.focusFirst();
  return toolbar;
}

class Toolbar {
  constructor(lite) {
    this.lite = lite;
    this.instances = new Map();
    this.scopes = [];
    this.memory = {};
    this.userScrolled = false;
    this.scrollAtOpen = [window.scrollX, window.scrollY];
    this.ctx = this.makeContext();
    lite.settings.set("open", true);
    this.draw();
    this.ready = this.restore();
  }

  /* ----- context handed to features ----- */

  makeContext() {
    const tb = this;
    const lite = this.lite;
    const settings = {
      get: (k) => {
        const v = pageOnly(k) ? tb.memory[k] : lite.settings.get(k);
        return v === undefined ? defaultOf(lite, k) : v;
      },
      set: (k, v) => {
        if (pageOnly(k)) tb.memory[k] = v;
        else lite.settings.set(k, v);
        tb.reflect(k);
      },
      onChange: lite.settings.onChange,
    };
    return {
      lang: lite.lang,
      options: lite.options,
      settings,
      url: lite.url,
      postJSON: lite.postJSON,
      moduleUrl: lite.moduleUrl,
      text: lite.text,
      pageStyle: lite.pageStyle,
      controls: CONTROLS,
      /** A label of labels.js in the page language (the key itself when there is none). */
      t: (key) => tb.t(key),
      journal: { scope: (name) => tb.scope(name) },
      load: (name) => tb.load(name),
      announce: (text) => tb.announce(text),
      mainContent,
      emit: (name, detail) =>
        document.dispatchEvent(new CustomEvent(`barrierfree:${name}`, { detail, cancelable: true })),
      isOurs: (node) => tb.isOurs(node),
      css: (text) => lite.adopt(tb.shadow, text),
      adopt: lite.adopt,
      eachDocument: (fn) => lite.eachDocument(fn),
      get shadow() {
        return tb.shadow;
      },
      get layer() {
        return tb.layer;
      },
      get toolbarHeight() {
        return tb.height || 0;
      },
    };
  }

  t(key) {
    return key in LABELS ? this.lite.text(LABELS[key]) : key;
  }

  scope(name) {
    let j = this.scopes.find((s) => s.name === name);
    if (!j) {
      j = new Journal(name);
      this.scopes.push(j);
    }
    return j;
  }

  load(name) {
    if (!this.instances.has(name)) {
      const p = import(this.lite.moduleUrl(`features/${name}.js`)).then((m) => m.create(this.ctx));
      this.instances.set(name, p);
      p.catch(() => this.instances.delete(name));
    }
    return this.instances.get(name);
  }

  isOurs(node) {
    for (let n = node; n; n = n.parentNode || n.host) {
      if (n === this.host || (n.localName && n.localName.startsWith("barrierfree-"))) return true;
      if (n.id === "barrierfree-page-style") return true;
    }
    return false;
  }

  /* ----- drawing ----- */

  draw() {
    const t = (k) => this.t(k);
    this.host = document.createElement("barrierfree-toolbar");
    this.shadow = this.host.attachShadow({ mode: "open" });
    this.lite.adopt(this.shadow, TOOLBAR_CSS);
    const tb = document.createElement("div");
    tb.className = `tb ${this.lite.options.position}`;
    tb.lang = this.lite.lang === "en" ? "en" : "zh-CN";
    tb.dataset.skin = this.ctx.settings.get("skin");
    this.root = tb;
    const bar = document.createElement("section");
    bar.className = "bar";
    bar.setAttribute("aria-label", t("toolbar"));
    this.buttons = new Map();
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
      b.addEventListener("click", () => this.press(c));
      this.buttons.set(c.id, b);
      if (c.kind === "choice") {
        const wrap = document.createElement("div");
        wrap.className = "wrap";
        const menu = document.createElement("div");
        menu.className = "menu";
        menu.hidden = true;
        menu.id = `bf-menu-${c.id}`;
        menu.setAttribute("role", "group");
        menu.setAttribute("aria-label", t(c.id));
        for (const v of c.values) {
          const o = document.createElement("button");
          o.type = "button";
          o.dataset.value = v;
          o.textContent = t(`${c.id}.${v}`);
          o.setAttribute("aria-pressed", "false");
          o.addEventListener("click", () => {
            this.choose(c, v);
            this.closeMenu(c, true);
          });
          menu.append(o);
        }
        menu.addEventListener("keydown", (e) => {
          if (e.key === "Escape") {
            e.stopPropagation();
            this.closeMenu(c, true);
          } else if (e.key === "ArrowDown" || e.key === "ArrowUp") {
            e.preventDefault();
            const items = [...menu.querySelectorAll("button")];
            const i = items.indexOf(this.shadow.activeElement);
            items[(i + (e.key === "ArrowDown" ? 1 : items.length - 1)) % items.length].focus();
          }
        });
        wrap.addEventListener("focusout", (e) => {
          if (!wrap.contains(e.relatedTarget)) this.closeMenu(c);
        });
        b.setAttribute("aria-expanded", "false");
        b.setAttribute("aria-controls", menu.id);
        wrap.append(b, menu);
        g.append(wrap);
      } else {
        g.append(b);
      }
    }
    this.live = document.createElement("div");
    this.live.className = "sr";
    this.live.setAttribute("aria-live", "polite");
    this.layer = document.createElement("div");
    this.layer.className = "layer";
    tb.append(bar, this.live);
    this.shadow.append(tb, this.layer);

    document.documentElement.append(this.host);
    for (const c of CONTROLS) if (c.setting) this.reflect(c.setting);

    this.resizeObserver = new ResizeObserver(() => this.pushDown());
    this.resizeObserver.observe(tb);
    this.pushDown();

    this.onKey = (e) => this.shortcut(e);
    this.onFullscreen = () => this.ctx.settings.set("fullscreen", !!document.fullscreenElement);
    this.onUserScroll = () => (this.userScrolled = true);
    document.addEventListener("keydown", this.onKey);
    document.addEventListener("fullscreenchange", this.onFullscreen);
    for (const ev of ["wheel", "touchmove"]) window.addEventListener(ev, this.onUserScroll, { passive: true });
    this.onOutside = (e) => {
      if (!e.composedPath().includes(this.host)) for (const c of CONTROLS) if (c.kind === "choice") this.closeMenu(c);
    };
    document.addEventListener("pointerdown", this.onOutside);
  }

  /** Reserve the toolbar's height at the top (or bottom) of the page so nothing is covered. */
  pushDown() {
    const h = Math.ceil(this.root.getBoundingClientRect().height);
    if (h === this.height) return;
    this.height = h;
    const side = this.lite.options.position === "bottom" ? "bottom" : "top";
    this.lite.pageStyle.set(
      "pushdown",
      `html{padding-${side}:${h}px!important;scroll-padding-${side}:${h}px!important}`,
    );
  }

  /** Mirror a setting on its button(s). */
  reflect(setting) {
    const value = this.ctx.settings.get(setting);
    for (const c of CONTROLS) {
      if (c.setting !== setting) continue;
      const b = this.buttons.get(c.id);
      if (c.kind === "toggle") b.setAttribute("aria-pressed", String(!!value));
      if (c.kind === "option") b.setAttribute("aria-pressed", String(value === c.value));
      if (c.kind === "choice") {
        for (const o of b.parentNode.querySelectorAll(".menu button")) {
          o.setAttribute("aria-pressed", String(o.dataset.value === value));
        }
      }
    }
    if (setting === "skin" && this.root) this.root.dataset.skin = value;
  }

  focusFirst() {
    const first = this.root.querySelector("button");
    if (first) first.focus();
  }

  announce(text) {
    this.live.textContent = "";
    // a fresh text node after a tick makes screen readers announce repeats too
    setTimeout(() => (this.live.textContent = text), 30);
  }

  /* ----- behaviour ----- */

  async restore() {
    const modules = new Set();
    for (const [k, s] of Object.entries(SETTINGS)) {
      if (s.restores && this.ctx.settings.get(k) !== s.default) modules.add(s.restores);
    }
    await Promise.all([...modules].map((m) => this.load(m).catch((err) => this.fail(m, err))));
  }

  fail(what, err) {
    console.warn(`barrierfree: ${what} failed`, err);
    this.announce(`${this.t("error")}: ${this.t(what)}`);
  }

  async press(c) {
    if (c.kind === "choice") return this.toggleMenu(c);
    if (c.kind === "toggle") {
      const value = !this.ctx.settings.get(c.setting);
      if (!this.ctx.emit("control", { id: c.id, value })) return;
      this.ctx.settings.set(c.setting, value);
      await this.run(c, value);
      return;
    }
    if (c.kind === "option") {
      if (!this.ctx.emit("control", { id: c.id, value: c.value })) return;
      this.ctx.settings.set(c.setting, c.value);
      await this.run(c, c.value);
      return;
    }
    if (!this.ctx.emit("control", { id: c.id })) return;
    await this.run(c);
  }

  async choose(c, value) {
    if (!this.ctx.emit("control", { id: c.id, value })) return;
    this.ctx.settings.set(c.setting, value);
    await this.run(c, value);
    this.announce(`${this.t(c.id)}: ${this.t(`${c.id}.${value}`)}`);
  }

  async run(c, value) {
    if (c.module) {
      try {
        const feature = await this.load(c.module);
        await feature.command(c.id, value);
      } catch (err) {
        this.fail(c.id, err);
      }
      return;
    }
    switch (c.id) {
      case "back":
        return history.back();
      case "forward":
        return history.forward();
      case "reload":
        return location.reload();
      case "fullscreen":
        try {
          if (value && !document.fullscreenElement) await document.documentElement.requestFullscreen();
          if (!value && document.fullscreenElement) await document.exitFullscreen();
        } catch (err) {
          this.ctx.settings.set("fullscreen", !!document.fullscreenElement);
          this.fail(c.id, err);
        }
        return;
      case "exit":
        return this.close();
    }
  }

  toggleMenu(c) {
    const b = this.buttons.get(c.id);
    if (b.getAttribute("aria-expanded") === "true") return this.closeMenu(c, true);
    for (const o of CONTROLS) if (o.kind === "choice" && o !== c) this.closeMenu(o);
    const menu = b.nextElementSibling;
    menu.hidden = false;
    // fixed, placed by hand: the bar scrolls sideways on phones and would clip an absolute menu
    const r = b.getBoundingClientRect();
    const m = menu.getBoundingClientRect();
    menu.style.left = `${Math.max(4, Math.min(r.left, innerWidth - m.width - 4))}px`;
    if (this.lite.options.position === "bottom") menu.style.bottom = `${innerHeight - r.top}px`;
    else menu.style.top = `${r.bottom}px`;
    b.setAttribute("aria-expanded", "true");
    const current = menu.querySelector('[aria-pressed="true"]') || menu.querySelector("button");
    current.focus();
  }

  closeMenu(c, refocus = false) {
    const b = this.buttons.get(c.id);
    if (!b || b.getAttribute("aria-expanded") !== "true") return;
    b.nextElementSibling.hidden = true;
    b.setAttribute("aria-expanded", "false");
    if (refocus) b.focus();
  }

  shortcut(e) {
    if (!this.lite.options.shortcuts) return; // data-shortcuts="off"
    if (!e.altKey || !e.shiftKey || e.ctrlKey || e.metaKey) return;
    if (e.code === "KeyW") {
      e.preventDefault();
      this.focusFirst();
      return;
    }
    const c = CONTROLS.find((x) => x.key && e.code === `Key${x.key}`);
    if (!c) return;
    e.preventDefault();
    if (c.kind === "choice") {
      const i = c.values.indexOf(this.ctx.settings.get(c.setting));
      this.choose(c, c.values[(i + 1) % c.values.length]);
    } else {
      this.press(c);
    }
  }

  /** 退出: undo everything, newest change first, and bring back the entry button. */
  async close() {
    const y = [window.scrollX, window.scrollY];
    for (const p of [...this.instances.values()].reverse()) {
      try {
        const f = await p;
        if (f && f.destroy) await f.destroy();
      } catch (err) {
        console.warn("barrierfree: destroy failed", err);
      }
    }
    this.instances.clear();
    for (const j of [...this.scopes].reverse()) j.undo();
    this.scopes = [];
    if (document.fullscreenElement) document.exitFullscreen().catch(() => {});
    document.removeEventListener("keydown", this.onKey);
    document.removeEventListener("fullscreenchange", this.onFullscreen);
    document.removeEventListener("pointerdown", this.onOutside);
    for (const ev of ["wheel", "touchmove"]) window.removeEventListener(ev, this.onUserScroll);
    this.resizeObserver.disconnect();
    this.host.remove();
    this.lite.settings.set("open", false);
    this.lite.settings.set("css", null);
    this.lite.pageStyle.clear();
    // Without the visitor scrolling, the page returns to exactly where it was.
    const [x, top] = this.userScrolled ? y : this.scrollAtOpen;
    window.scrollTo(x, top);
    toolbar = null;
    this.lite.entry.show();
    this.lite.entry.focus();
  }
}
