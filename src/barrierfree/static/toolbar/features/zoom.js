/**
 * 放大 / 缩小: page zoom that reflows the text.
 *
 * CSS `zoom` on <body> scales lengths before layout, so lines re-wrap to the narrower
 * effective width instead of running off the side of the window (a `transform: scale()`
 * would only magnify the painted picture and break hit-testing). It is applied to <body>,
 * not <html>, so the toolbar, which lives next to <body>, keeps its size.
 * `zoom` is standard since Chrome 128 / Firefox 126 (https://drafts.csswg.org/css-viewport/#zoom-property).
 */

/** The zoom steps (1 = 100 %). */
export const STEPS = [1, 1.25, 1.5, 1.75, 2, 2.5, 3];

/** Page stylesheet for a zoom factor; empty at 100 %. */
export function zoomCss(factor) {
  return factor > 1 ? `body{zoom:${factor}!important;transition:none!important}` : "";
}

/** The step after `current` in `direction` (+1 or -1), staying inside STEPS. */
export function nextStep(current, direction) {
  const i = STEPS.findIndex((s) => s >= current - 1e-9);
  const at = i === -1 ? STEPS.length - 1 : i;
  const exact = Math.abs(STEPS[at] - current) < 1e-9;
  const j = direction > 0 ? (exact ? at + 1 : at) : at - 1;
  return STEPS[Math.min(STEPS.length - 1, Math.max(0, j))];
}

/** @param {import('../core.js').Ctx} ctx */
export function create(ctx) {
  const apply = (factor) => ctx.pageStyle.set("zoom", zoomCss(factor));
  apply(Number(ctx.settings.get("zoom")) || 1);

  return {
    command(id) {
      const current = Number(ctx.settings.get("zoom")) || 1;
      const factor = nextStep(current, id === "zoomout" ? -1 : 1);
      ctx.settings.set("zoom", factor);
      apply(factor);
      const percent = `${Math.round(factor * 100)}%`;
      ctx.announce(factor === current ? `${ctx.t(id)}: ${percent} (${ctx.text({ zh: "已到极限", en: "limit reached" })})` : `${ctx.t(id)}: ${percent}`);
    },
    destroy() {
      ctx.pageStyle.delete("zoom");
    },
  };
}
