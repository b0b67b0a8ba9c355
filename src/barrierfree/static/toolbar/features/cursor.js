/**
 * 大鼠标: a large mouse pointer (64 px) in arrow, hand (links, buttons) and I-beam (text)
 * forms, black with a white rim on light schemes and white with a black rim on dark ones,
 * so it stays visible on any page. The images are SVG data URLs in one page-stylesheet
 * section, plus the same rules inside the toolbar's shadow root.
 *
 * Browsers refuse cursor images above 128×128 CSS px (and then fall back to the keyword after
 * the url), so the size stays well under that limit.
 */

import { isDark } from "./colors.js";

/** Cursor size in CSS pixels. */
export const SIZE = 64;

// Drawn on a 32-unit grid and scaled by the SVG's width/height to SIZE.
const SHAPES = {
  arrow: { d: "M4 2v24l6-6 4 9 4-2-4-9h8z", hot: [4, 2], fallback: "default" },
  hand: {
    d: "M11 3a2 2 0 0 1 4 0v10h1V10a2 2 0 0 1 4 0v4h1v-2a2 2 0 0 1 4 0v3h1v-1a2 2 0 0 1 4 0v8c0 4-3 8-8 8h-4c-3 0-5-1-7-4l-6-8a2 2 0 0 1 3-3l3 3z",
    hot: [13, 2],
    fallback: "pointer",
  },
  text: { d: "M10 3h12v3h-4v20h4v3H10v-3h4V6h-4z", hot: [16, 16], fallback: "text" },
};

/** A CSS `cursor` value for `shape` in the given colours. */
export function cursorValue(shape, fill, rim) {
  const s = SHAPES[shape];
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${SIZE}" height="${SIZE}" viewBox="0 0 32 32">` +
    `<path d="${s.d}" fill="${fill}" stroke="${rim}" stroke-width="1.5" stroke-linejoin="round"/></svg>`;
  const [x, y] = s.hot.map((v) => Math.round((v * SIZE) / 32));
  return `url("data:image/svg+xml,${encodeURIComponent(svg)}") ${x} ${y},${s.fallback}`;
}

// Form fields that take typed text show the I-beam; the rest of the controls show the hand.
const TEXT = "p,h1,h2,h3,h4,h5,h6,li,dd,dt,td,th,caption,figcaption,blockquote,pre,code,textarea,[contenteditable]," +
  "input:not([type=checkbox],[type=radio],[type=button],[type=submit],[type=reset],[type=range],[type=color],[type=file],[type=image])";
const HAND = "a[href],a[href] *,button,button *,select,summary,label,[role=button],[role=link],[onclick]," +
  "input:is([type=checkbox],[type=radio],[type=button],[type=submit],[type=reset],[type=range],[type=color],[type=file],[type=image])";

/** The page stylesheet and the toolbar's own rules for the big cursor on a scheme. */
export function cursorCss(scheme) {
  const [fill, rim] = isDark(scheme) ? ["#ffffff", "#000000"] : ["#000000", "#ffffff"];
  const arrow = cursorValue("arrow", fill, rim);
  const hand = cursorValue("hand", fill, rim);
  const text = cursorValue("text", fill, rim);
  // :where() keeps every rule at zero specificity, so source order alone decides
  const page =
    `:where(html,body,body *){cursor:${arrow}!important}\n` +
    `:where(body :is(${TEXT})){cursor:${text}!important}\n` +
    `:where(body :is(${HAND})){cursor:${hand}!important}`;
  const toolbar = `:host,*{cursor:${arrow}!important}button,[role=button],a[href]{cursor:${hand}!important}`;
  return { page, toolbar };
}

/** @param {import('../core.js').Ctx} ctx */
export function create(ctx) {
  let own = null;
  let unsubscribe = null;

  const draw = () => {
    const { page, toolbar } = cursorCss(ctx.settings.get("scheme"));
    ctx.pageStyle.set("cursor", page);
    if (own) own.textContent = toolbar;
    else own = ctx.css(toolbar);
  };
  const on = () => {
    draw();
    // follow the colour scheme: white on dark schemes, black on light ones
    if (!unsubscribe && ctx.settings.onChange) {
      unsubscribe = ctx.settings.onChange((key) => key === "scheme" && draw());
    }
  };
  const off = () => {
    ctx.pageStyle.delete("cursor");
    if (own) own.remove();
    own = null;
    if (unsubscribe) unsubscribe();
    unsubscribe = null;
  };

  if (ctx.settings.get("cursor")) on();

  return {
    command(id, value) {
      if (value) on();
      else off();
    },
    destroy: off,
  };
}
