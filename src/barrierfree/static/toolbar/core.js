/**
 * barrierfree toolbar core: the open toolbar's behaviour — what a press does, the settings
 * and the context handed to features, loading feature modules on first use, restoring them
 * on the next page, shortcuts and 退出. Its pieces: controls.js (the controls table),
 * bar.js (drawing) with menu.js (choice menus), journal.js (undo), content.js (main
 * content), labels.js and settings.js (the tables of labels and of settings). See
 * docs/toolbar.md for the contract feature modules follow.
 */

import { drawBar, reflect } from "./bar.js";
import { mainContent } from "./content.js";
import { CONTROLS } from "./controls.js";
import { Journal } from "./journal.js";
import { LABELS } from "./labels.js";
import { builtInDefault, SETTINGS } from "./settings.js";

export { CONTROLS };

/**
 * What a feature module's `create(ctx)` gets (docs/toolbar.md describes each member).
 * @typedef {object} Ctx
 * @property {"zh"|"en"} lang
 * @property {object} options the script tag's options (assist.js)
 * @property {{get: (k: string) => any, set: (k: string, v: any) => void, onChange: Function}} settings
 * @property {(path: string) => string} url
 * @property {(path: string, body: object) => Promise<any>} postJSON
 * @property {(path: string) => string} moduleUrl
 * @property {(s: {zh: string, en?: string}) => string} text
 * @property {(key: string) => string} t
 * @property {{set: (name: string, css: string) => void, delete: (name: string) => void}} pageStyle
 * @property {typeof CONTROLS} controls
 * @property {{scope: (name: string) => Journal}} journal
 * @property {(name: string) => Promise<any>} load
 * @property {(text: string) => void} announce
 * @property {() => Element} mainContent
 * @property {(name: string, detail?: any) => boolean} emit
 * @property {(node: Node) => boolean} isOurs
 * @property {(text: string) => {textContent: string, remove: () => void}} css
 * @property {Function} adopt
 * @property {(fn: (doc: Document, frame: Element|null) => any) => () => void} eachDocument
 * @property {ShadowRoot} shadow
 * @property {HTMLElement} layer
 * @property {number} toolbarHeight
 * @property {{doc: Document, x: number, y: number, type: string}|null} pointer where the pointer
 *   last moved (in `doc`'s window coordinates: the page's, or a same-origin frame's)
 */

/** A setting's default: the site's (service configuration, /api/site), else the built-in one. */
function defaultOf(lite, k) {
  const site = (lite.options && lite.options.defaults) || {};
  return Object.prototype.hasOwnProperty.call(site, k) ? site[k] : builtInDefault(k);
}

const pageOnly = (k) => !!SETTINGS[k] && SETTINGS[k].persist === false;

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
      get pointer() {
        return tb.pointer || null;
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

  /* ----- drawing (bar.js) ----- */

  draw() {
    const drawn = drawBar({
      t: (k) => this.t(k),
      adopt: this.lite.adopt,
      position: this.lite.options.position,
      lang: this.lite.lang,
      press: (c) => this.press(c),
      choose: (c, v) => this.choose(c, v),
    });
    this.drawn = drawn;
    ({ host: this.host, shadow: this.shadow, root: this.root, live: this.live, layer: this.layer } = drawn);
    document.documentElement.append(this.host);
    for (const c of CONTROLS) if (c.setting) this.reflect(c.setting);

    this.resizeObserver = new ResizeObserver(() => this.pushDown());
    this.resizeObserver.observe(this.root);
    this.pushDown();

    this.onKey = (e) => this.shortcut(e);
    this.onFullscreen = () => this.ctx.settings.set("fullscreen", !!document.fullscreenElement);
    this.onUserScroll = () => (this.userScrolled = true);
    document.addEventListener("keydown", this.onKey);
    document.addEventListener("fullscreenchange", this.onFullscreen);
    for (const ev of ["wheel", "touchmove"]) window.addEventListener(ev, this.onUserScroll, { passive: true });
    this.onOutside = (e) => {
      if (!e.composedPath().includes(this.host)) for (const m of drawn.menus.values()) m.close();
    };
    document.addEventListener("pointerdown", this.onOutside);
    // where the pointer last was, in the page or a same-origin frame: a feature switched on
    // while the pointer rests on the page (its module still loading when the pointer got
    // there) starts from it (ctx.pointer)
    this.onPointerMove = (e) => {
      const doc = e.target && e.target.ownerDocument;
      this.pointer = { doc: doc || document, x: e.clientX, y: e.clientY, type: e.pointerType };
    };
    this.unwatchPointer = this.lite.eachDocument((doc) => {
      doc.addEventListener("pointermove", this.onPointerMove, { passive: true, capture: true });
      return () => doc.removeEventListener("pointermove", this.onPointerMove, { capture: true });
    });
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
    if (this.drawn) reflect(this.drawn, setting, this.ctx.settings.get(setting));
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
    const menu = this.drawn.menus.get(c.id);
    if (menu.isOpen) return menu.close(true);
    for (const m of this.drawn.menus.values()) if (m !== menu) m.close();
    menu.open();
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
    if (this.unwatchPointer) this.unwatchPointer();
    for (const ev of ["wheel", "touchmove"]) window.removeEventListener(ev, this.onUserScroll);
    this.resizeObserver.disconnect();
    this.host.remove();
    this.lite.settings.set("open", false);
    this.lite.settings.set("css", null);
    this.lite.pageStyle.clear();
    // Without the visitor scrolling, the page returns to exactly where it was. A smooth scroll
    // still running (指读's highlight scrolling a sentence into view) would go on after an
    // instant one in Chromium, adding what is left of it: it is replaced first by one to
    // where the page is, which a frame takes over (or 100 ms, in a tab not drawn).
    const [x, top] = this.userScrolled ? y : this.scrollAtOpen;
    window.scrollTo({ left: window.scrollX, top: window.scrollY, behavior: "smooth" });
    await new Promise((done) => {
      requestAnimationFrame(() => done(undefined));
      setTimeout(done, 100);
    });
    window.scrollTo(x, top);
    toolbar = null;
    this.lite.entry.show();
    this.lite.entry.focus();
  }
}
