/**
 * Every setting the toolbar keeps for a visitor, in one table. They live in the
 * localStorage of the site's origin under the key `barrierfree:v1` (assist.js reads and
 * writes that object; core.js's `ctx.settings` adds the defaults and the page-only ones).
 *
 * - `default`: the built-in value; a site's configuration (/api/site) may give its own
 *   default for `scheme` and `voice` (core.js `defaultOf`). A visitor's choice wins.
 * - `persist: false`: lives for this page only, never saved.
 * - `restores`: the feature module loaded on page load, while the toolbar stays open from
 *   page to page, when the setting differs from its built-in default; that module's
 *   `create(ctx)` applies it.
 */
export const SETTINGS = {
  // 声音 / 指读 / 连读 and how they read (speech.js)
  speech: { default: false, restores: "speech" },
  pointread: { default: false, restores: "speech" },
  continuous: { default: false, persist: false },
  voice: { default: "female", restores: "speech" }, // 女声 / 男声: "female" | "male"
  rate: { default: 1, restores: "speech" }, // 0.5–2
  volume: { default: 1, restores: "speech" }, // 0–1, applied by the browser
  // 显示 (zoom.js, colors.js, cursor.js, guides.js, caption.js, pinyin.js)
  zoom: { default: 1, restores: "zoom" }, // 1–3
  scheme: { default: "original", restores: "colors" },
  cursor: { default: false, restores: "cursor" },
  guides: { default: false, restores: "guides" },
  caption: { default: false, restores: "caption" },
  captionSize: { default: 48 }, // px, 显示屏's 大 / 小
  captionPinyin: { default: false }, // 显示屏's 显示拼音
  pinyin: { default: false, restores: "pinyin" },
  // 轻松阅读 / 视图 (reader.js, textview.js, view.js)
  reader: { default: false, persist: false },
  textview: { default: false, persist: false },
  readerSize: { default: 20 }, // px, the reading view's A− / A＋
  // core.js
  fullscreen: { default: false, persist: false },
  skin: { default: "blue" }, // 换肤: "blue" | "dark" | "light"
  // assist.js: the toolbar stays open from page to page, with its page stylesheet
  open: { default: false },
  css: { default: null }, // {section name: css} applied before the first paint
  // the 字号 component (fontsize.js)
  fontsize: { default: null }, // null (the page's own) | "large" | "medium" | "small"
};

/**
 * A setting's built-in default (undefined for a name not in the table).
 * @param {string} name
 */
export function builtInDefault(name) {
  return Object.prototype.hasOwnProperty.call(SETTINGS, name) ? SETTINGS[name].default : undefined;
}
