/**
 * The text map 声音 reads from: the text of some elements with a map back to the DOM, so
 * the offsets of a sentence the service planned become a Range to highlight.
 */

import { needRubies } from "../features/pinyin.js";

const SKIP = new Set(["SCRIPT", "STYLE", "NOSCRIPT", "TEMPLATE", "SVG", "CANVAS", "IFRAME", "OBJECT", "SELECT", "BUTTON"]);
const BLOCK = /^(ADDRESS|ARTICLE|ASIDE|BLOCKQUOTE|BR|CAPTION|DD|DIV|DL|DT|FIGCAPTION|FIGURE|FOOTER|FORM|H[1-6]|HEADER|HR|LI|MAIN|NAV|OL|P|PRE|SECTION|TABLE|TD|TH|TR|UL)$/;

/** `display: contents` (拼音's rubies not drawn yet): no box of its own, its text is shown. */
export const boxless = (el) => el.ownerDocument.defaultView.getComputedStyle(el).display === "contents";

/**
 * Not shown: the element has no box (`checkVisibility`) and is not one without a box whose
 * text is shown all the same (`boxless`: 拼音's rubies not drawn yet, page `display: contents`).
 * @param {Element} el
 */
export const unseen = (el) => !!el.checkVisibility && !el.checkVisibility() && !boxless(el);

/**
 * Text of some elements with a map back to the DOM, so a sentence's offsets become a Range.
 * Block boundaries become newlines (a paragraph never runs into the next sentence).
 * @param {Element[]} elements
 * 拼音's far text nodes (kept whole in an element of ours until they come near) are split into
 * their rubies first, so that the map holds the text nodes the page keeps; `textOnly` when
 * only the text is wanted leaves them as they are (the text is the same).
 * @param {{from?: Node|null, isOurs?: (n: Node) => boolean, textOnly?: boolean}} opts read
 *   from `from` onwards
 * @returns {{text: string, pieces: Array<{node: Text, start: number}>}}
 */
export function collectText(elements, { from = null, isOurs = () => false, textOnly = false } = {}) {
  if (!textOnly) for (const el of elements) needRubies(el);
  let text = "";
  /** @type {Array<{node: Text, start: number}>} */
  const pieces = [];
  let started = !from;
  const newline = () => {
    if (text && !text.endsWith("\n")) text += "\n";
  };
  const walk = (node) => {
    if (node.nodeType === Node.TEXT_NODE) {
      // descendants of `from` count as following it too
      if (!started && from.compareDocumentPosition(node) & Node.DOCUMENT_POSITION_FOLLOWING) started = true;
      if (started && node.data.trim()) {
        pieces.push({ node, start: text.length });
        text += node.data;
      }
      return;
    }
    if (node.nodeType !== Node.ELEMENT_NODE || SKIP.has(node.nodeName.toUpperCase()) || isOurs(node)) return;
    if (node.hidden || node.getAttribute("aria-hidden") === "true") return;
    if (unseen(node)) return;
    const block = BLOCK.test(node.nodeName.toUpperCase());
    if (block) newline();
    for (const child of node.childNodes) walk(child);
    if (block) newline();
  };
  for (const el of elements) {
    walk(el);
    newline();
  }
  return { text, pieces };
}

/**
 * A Range over text offsets [start, end) of a collected text (null for no text).
 * @param {Array<{node: Text, start: number}>} pieces
 * @param {number} start
 * @param {number} end
 * @returns {Range|null}
 */
export function rangeOf(pieces, start, end) {
  const locate = (offset, isEnd) => {
    let lo = 0;
    let hi = pieces.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (pieces[mid].start < offset + (isEnd ? 0 : 1)) lo = mid;
      else hi = mid - 1;
    }
    const p = pieces[lo];
    return [p.node, Math.max(0, Math.min(p.node.data.length, offset - p.start))];
  };
  if (!pieces.length) return null;
  const range = pieces[0].node.ownerDocument.createRange(); // the text may be in a frame
  range.setStart(...locate(start, false));
  range.setEnd(...locate(end, true));
  return range;
}
