/**
 * 辅助线: a horizontal and a vertical guide line crossing at the pointer, to keep the eye on
 * the line being read. With the keyboard, the lines mark the focused element instead.
 * The lines live in the toolbar's overlay layer (pointer-events: none, so clicks go through)
 * and move with `transform` in an animation frame; a short easing is added only when the
 * visitor has not asked for reduced motion.
 */

const CSS = `
.bf-guide{position:fixed;left:0;top:0;pointer-events:none;background:#d40000;
  box-shadow:0 0 0 1px #fff;will-change:transform}
.bf-guide[hidden]{display:none}
.bf-guide-h{width:100vw;height:3px;margin-top:-1px}
.bf-guide-v{width:3px;height:100vh;margin-left:-1px}
@media (prefers-reduced-motion:no-preference){.bf-guide{transition:transform 40ms linear}}
@media (forced-colors:active){.bf-guide{background:Highlight;box-shadow:none}}`;

/** @param {import('../core.js').Ctx} ctx */
export function create(ctx) {
  let style = null;
  let lines = null;
  let frame = 0;
  let x = 0;
  let y = 0;

  const place = () => {
    frame = 0;
    if (!lines) return;
    lines.h.style.transform = `translateY(${y}px)`;
    lines.v.style.transform = `translateX(${x}px)`;
    lines.h.hidden = lines.v.hidden = false;
  };
  const moveTo = (nx, ny) => {
    x = Math.round(nx);
    y = Math.round(ny);
    if (!frame) frame = requestAnimationFrame(place);
  };
  const onPointer = (e) => {
    if (e.pointerType === "touch") return;
    moveTo(e.clientX, e.clientY);
  };
  // keyboard users: under the focused element's text, at its left edge
  const onFocus = (e) => {
    const el = e.composedPath()[0];
    if (!(el instanceof Element) || ctx.isOurs(el)) return;
    const r = el.getBoundingClientRect();
    moveTo(r.left, r.bottom);
  };
  const onLeave = () => {
    if (lines) lines.h.hidden = lines.v.hidden = true;
  };

  const on = () => {
    if (lines) return;
    style = ctx.css(CSS);
    const h = document.createElement("div");
    const v = document.createElement("div");
    h.className = "bf-guide bf-guide-h";
    v.className = "bf-guide bf-guide-v";
    h.hidden = v.hidden = true;
    ctx.layer.append(h, v);
    lines = { h, v };
    document.addEventListener("pointermove", onPointer, { passive: true });
    document.addEventListener("focusin", onFocus);
    document.documentElement.addEventListener("pointerleave", onLeave);
    // the pointer may already rest on the page (it got there while this module loaded)
    const at = ctx.pointer;
    if (at && at.doc === document && at.type !== "touch") moveTo(at.x, at.y);
  };
  const off = () => {
    if (!lines) return;
    document.removeEventListener("pointermove", onPointer);
    document.removeEventListener("focusin", onFocus);
    document.documentElement.removeEventListener("pointerleave", onLeave);
    if (frame) cancelAnimationFrame(frame);
    frame = 0;
    lines.h.remove();
    lines.v.remove();
    style.remove();
    lines = style = null;
  };

  if (ctx.settings.get("guides")) on();

  return {
    command(id, value) {
      if (value) on();
      else off();
    },
    destroy: off,
  };
}
