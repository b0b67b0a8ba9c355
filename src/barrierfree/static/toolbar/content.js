/**
 * Where the page's main content is: the one answer the toolbar (连读, the pages 声音
 * prepares), the 无障碍语音播报 button and 字号 大/中/小 share.
 */

/**
 * Where sites put their article, most telling first: the site's own mark, the HTML roles,
 * then the ids and classes of common Chinese CMS templates (TRS, UCAP and friends).
 */
export const MAIN_SELECTORS = [
  "[data-bf-article]", "main", "[role=main]", "article", "#content", "#main", ".article", ".content",
  "#zoom", ".TRS_Editor", "#UCAP-CONTENT",
];

// an element with less text than this is a layout shell (an empty <main>), not the article
const MIN_TEXT = 40;

/**
 * The selector of the page's main content: `[data-bf-article]` when the site marked its
 * article, else the first of MAIN_SELECTORS whose first element holds more than 40
 * characters of text; null when none does.
 * @param {Document} doc
 * @returns {string|null}
 */
export function mainSelector(doc = document) {
  if (doc.querySelector("[data-bf-article]")) return "[data-bf-article]";
  for (const sel of MAIN_SELECTORS) {
    const el = doc.querySelector(sel);
    if (el && (el.textContent || "").trim().length > MIN_TEXT) return sel;
  }
  return null;
}

/**
 * The page's main content element (best guess), else its body.
 * @param {Document} doc
 * @returns {Element}
 */
export function mainContent(doc = document) {
  const sel = mainSelector(doc);
  return (sel && doc.querySelector(sel)) || doc.body;
}
