/**
 * The undo journal. We are a guest in the page: every change a feature makes to the host
 * page goes through a journal (`ctx.journal.scope(name)`), which records how to undo it, and
 * 退出 undoes them all, newest first, so the page is exactly as it was.
 */

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
  /** Set an attribute; undo restores its old value, or removes it when it had none. */
  setAttribute(el, name, value) {
    const had = el.hasAttribute(name);
    const old = el.getAttribute(name);
    el.setAttribute(name, value);
    this.record(() => (had ? el.setAttribute(name, old) : el.removeAttribute(name)));
  }
  /** Remove an attribute; undo puts its old value back. */
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
  /** Insert a node of ours; undo takes it out again. */
  insertBefore(parent, node, ref = null) {
    parent.insertBefore(node, ref);
    this.record(() => node.parentNode && node.parentNode.removeChild(node));
  }
  /** Take a node out; undo puts it back where it was. */
  remove(node) {
    const parent = node.parentNode;
    if (!parent) return;
    const next = node.nextSibling;
    parent.removeChild(node);
    this.record(() => parent.insertBefore(node, next && next.parentNode === parent ? next : null));
  }
  /**
   * Replace `old` with `nodes`; undo puts the very same `old` node back. Returns a function
   * `swap(...later)` that replaces those nodes in turn with `later` (an element of ours split
   * up when needed): undo then takes `later` out instead. `swap` returns false, and changes
   * nothing, when the page has taken the nodes out meanwhile.
   */
  replaceWith(old, ...nodes) {
    const parent = old.parentNode;
    if (!parent) return () => false;
    const next = old.nextSibling;
    old.replaceWith(...nodes);
    let now = nodes;
    this.record(() => {
      const anchor = now.find((n) => n.parentNode === parent) || (next && next.parentNode === parent ? next : null);
      parent.insertBefore(old, anchor);
      for (const n of now) if (n.parentNode) n.parentNode.removeChild(n);
    });
    return (...later) => {
      const at = now.find((n) => n.parentNode === parent);
      if (!at) return false;
      at.before(...later);
      for (const n of now) if (n.parentNode === parent) parent.removeChild(n);
      now = later;
      return true;
    };
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
