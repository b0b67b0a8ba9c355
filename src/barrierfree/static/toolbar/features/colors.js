/**
 * 配色: the five colour schemes of government-site toolbars.
 *
 * One section of the page stylesheet overrides the colours of every element of the host page
 * (text, backgrounds, borders, links, form controls, tables, and their ::before/::after
 * decorations) with `!important`, because site stylesheets style through specific selectors
 * we cannot out-rank otherwise. Images, video,
 * canvas and inline SVG keep their own colours; background images are dropped because text
 * drawn over them would lose its contrast. Links are always underlined: in two schemes
 * link and text colours are equally bright. Transitions are switched off, so a page's
 * `transition: all 5s` cannot slow the scheme down.
 */

/** bg / text / link / visited colours per scheme; each pair meets WCAG AAA (≥ 7:1). */
export const SCHEMES = {
  white: { bg: "#ffffff", fg: "#000000", link: "#0000cc", dark: false },
  blue: { bg: "#00337a", fg: "#ffff00", link: "#ffffff", dark: true },
  yellow: { bg: "#ffff00", fg: "#000000", link: "#0000cc", dark: false },
  black: { bg: "#000000", fg: "#ffff00", link: "#ffffff", dark: true },
};

// Elements whose own pixels are content (photos, charts, video): never recoloured.
const KEEP = "img,picture,video,canvas,svg,svg *,iframe,object,embed";
// Our own hosts sit next to <body>, but a site may move them; never touch them either.
const OURS = "barrierfree-toolbar,barrierfree-entry";

/** The page stylesheet for `name`; "" for the page's own colours. */
export function schemeCss(name) {
  const s = SCHEMES[name];
  if (!s) return "";
  const all = `:is(html,body,body *):not(${KEEP}):not(${OURS})`;
  return `
html{color-scheme:${s.dark ? "dark" : "light"}!important}
${all},${all}::before,${all}::after{background-color:${s.bg}!important;color:${s.fg}!important;border-color:${s.fg}!important;
  background-image:none!important;text-shadow:none!important;box-shadow:none!important;
  -webkit-text-fill-color:currentColor!important;outline-color:${s.fg}!important;transition:none!important}
:is(a,a *):not(${KEEP}):not(${OURS}),:is(a:visited,a:visited *):not(${KEEP}){color:${s.link}!important}
a:not(${OURS}){text-decoration:underline!important;text-decoration-color:currentColor!important}
:is(input,select,textarea,button,[role=button],[contenteditable]):not(${OURS}){
  border:1px solid ${s.fg}!important;accent-color:${s.fg}!important}
:is(input,textarea)::placeholder{color:${s.fg}!important;opacity:.75!important}
:is(table,th,td,caption,thead,tbody,tfoot,tr):not(${OURS}){border-color:${s.fg}!important}
:is(hr):not(${OURS}){border-color:${s.fg}!important;background-color:${s.fg}!important}
:is(body *):focus-visible{outline:3px solid ${s.fg}!important;outline-offset:2px!important}
::selection{background:${s.fg}!important;color:${s.bg}!important}
mark:not(${OURS}){background-color:${s.fg}!important;color:${s.bg}!important}`;
}

/** Is the current scheme dark (light text on dark ground)? Used by the big cursor. */
export function isDark(name) {
  return !!(SCHEMES[name] && SCHEMES[name].dark);
}

/** @param {import('../core.js').Ctx} ctx */
export function create(ctx) {
  const apply = (name) => ctx.pageStyle.set("colors", schemeCss(name));
  apply(ctx.settings.get("scheme"));

  return {
    command(id, value) {
      if (id === "scheme") apply(value);
    },
    destroy() {
      ctx.pageStyle.delete("colors");
    },
  };
}
