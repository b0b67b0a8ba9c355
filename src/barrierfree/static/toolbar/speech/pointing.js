/**
 * 指读's pointer and focus wiring: which element the visitor points at (the pointer resting
 * on it, or keyboard focus reaching it), in the page and in its same-origin frames.
 */

const HOVER_DELAY = 600; // ms the pointer rests on an element before 指读 reads it
const READABLE = "p,h1,h2,h3,h4,h5,h6,li,td,th,dt,dd,figcaption,caption,blockquote,a,button,label,summary,legend,img,span,div";

/** The words an element is read as (指读). */
export function elementText(el) {
  if (!el || el.nodeType !== Node.ELEMENT_NODE) return "";
  const aria = el.getAttribute("aria-label");
  if (aria) return aria.trim();
  if (el.localName === "img") return (el.getAttribute("alt") || "").trim();
  if (el.localName === "input" || el.localName === "textarea") {
    const label = el.labels && el.labels[0] ? el.labels[0].innerText : "";
    return [label, el.value || el.placeholder || ""].join(" ").trim();
  }
  return (el.innerText || el.textContent || "").replace(/\s+/g, " ").trim();
}

/**
 * Follow what the visitor points at until the returned function is called.
 * @param {{eachDocument: Function, isOurs: (n: Node) => boolean, pointer: object|null}} ctx
 * @param {object} on
 * @param {(el: Element) => void} on.point the pointer entered a readable element, or focus reached one
 * @param {(el: Element) => void} on.rest the pointer rested on it (HOVER_DELAY), or focus reached it
 * @param {() => void} on.escape Esc was pressed
 * @returns {() => void} stop following
 */
export function followPointing(ctx, on) {
  let timer = 0;
  // (nodeType, not instanceof: elements of a same-origin frame come from another realm)
  const pointable = (target) => {
    if (!target || target.nodeType !== Node.ELEMENT_NODE || ctx.isOurs(target)) return null;
    const el = target.closest(READABLE);
    const doc = el && el.ownerDocument;
    return el && el !== doc.body && el !== doc.documentElement ? el : null;
  };
  let arrived = false; // has the pointer entered anything since 指读 started following?
  const onPointerOver = (e) => {
    arrived = true;
    const el = pointable(e.target);
    if (!el) return;
    on.point(el);
    clearTimeout(timer);
    timer = setTimeout(() => on.rest(el), HOVER_DELAY);
  };
  // A pointer already resting on a paragraph when 指读 starts (the visitor moved there while
  // the module loaded) gets no pointerover: its first small move counts as arriving.
  const onPointerMove = (e) => {
    if (!arrived) onPointerOver(e);
  };
  const onPointerOut = () => clearTimeout(timer);
  const onFocusIn = (e) => {
    const el = e.target && e.target.nodeType === Node.ELEMENT_NODE && !ctx.isOurs(e.target) ? e.target : null;
    if (!el) return;
    on.point(el);
    on.rest(el);
  };
  const onKey = (e) => {
    if (e.key === "Escape") on.escape();
  };
  // the page and its same-origin frames (指读 works inside them too)
  const unwatch = ctx.eachDocument((doc) => {
    doc.addEventListener("pointerover", onPointerOver, true);
    doc.addEventListener("pointerout", onPointerOut, true);
    doc.addEventListener("pointermove", onPointerMove, { capture: true, passive: true });
    doc.addEventListener("focusin", onFocusIn, true);
    doc.addEventListener("keydown", onKey, true);
    return () => {
      doc.removeEventListener("pointerover", onPointerOver, true);
      doc.removeEventListener("pointerout", onPointerOut, true);
      doc.removeEventListener("pointermove", onPointerMove, { capture: true });
      doc.removeEventListener("focusin", onFocusIn, true);
      doc.removeEventListener("keydown", onKey, true);
    };
  });
  // the pointer may already rest on an element (it got there while the module loaded)
  const at = ctx.pointer;
  if (at && at.type !== "touch") {
    const el = at.doc.elementFromPoint(at.x, at.y);
    if (el) onPointerOver({ target: el });
  }
  return () => {
    clearTimeout(timer);
    unwatch();
  };
}
