/**
 * 大鼠标: a large mouse pointer (64 px) in arrow, hand (links, buttons) and I-beam (text)
 * forms, black with a white rim on light schemes and white with a black rim on dark ones,
 * so it stays visible on any page. The images are SVG files served by the service beside
 * this module (`../cursors/<shape>-<fill>.svg`, under the same versioned URL), so a site's
 * Content-Security-Policy needs only the service's origin in `img-src`; they are named in one
 * page-stylesheet section, plus the same rules inside the toolbar's shadow root.
 *
 * Browsers refuse cursor images above 128×128 CSS px (and then fall back to the keyword after
 * the url), so the size stays well under that limit.
 */

import { isDark } from "./colors.js";

/** Cursor size in CSS pixels: the width and height of every file in ../cursors/. */
export const SIZE = 64;

// hot spots on the images' 32-unit grid, scaled to SIZE
const SHAPES = {
  arrow: { hot: [4, 2], fallback: "default" },
  hand: { hot: [13, 2], fallback: "pointer" },
  text: { hot: [16, 16], fallback: "text" },
};

const CURSORS = new URL("../cursors/", import.meta.url);

/** A CSS `cursor` value for `shape` filled `fill` ("black" or "white", the rim the other). */
export function cursorValue(shape, fill) {
  const s = SHAPES[shape];
  const url = new URL(shape + "-" + fill + ".svg", CURSORS).href;
  const [x, y] = s.hot.map((v) => Math.round((v * SIZE) / 32));
  return `url("${url}") ${x} ${y},${s.fallback}`;
}

// Form fields that take typed text show the I-beam; the rest of the controls show the hand.
const TEXT = "p,h1,h2,h3,h4,h5,h6,li,dd,dt,td,th,caption,figcaption,blockquote,pre,code,textarea,[contenteditable]," +
  "input:not([type=checkbox],[type=radio],[type=button],[type=submit],[type=reset],[type=range],[type=color],[type=file],[type=image])";
const HAND = "a[href],a[href] *,button,button *,select,summary,label,[role=button],[role=link],[onclick]," +
  "input:is([type=checkbox],[type=radio],[type=button],[type=submit],[type=reset],[type=range],[type=color],[type=file],[type=image])";

/** The page stylesheet and the toolbar's own rules for the big cursor on a scheme. */
export function cursorCss(scheme) {
  const fill = isDark(scheme) ? "white" : "black";
  const arrow = cursorValue("arrow", fill);
  const hand = cursorValue("hand", fill);
  const text = cursorValue("text", fill);
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
