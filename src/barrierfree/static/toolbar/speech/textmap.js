/**
 * The text map 声音 reads from: the text of some elements with a map back to the DOM, so
 * the offsets of a sentence the service planned become a Range to highlight.
 */

import { textNodesNow } from "../features/pinyin.js";

const SKIP = new Set(["SCRIPT", "STYLE", "NOSCRIPT", "TEMPLATE", "SVG", "CANVAS", "IFRAME", "OBJECT", "SELECT", "BUTTON", "RT", "RP"]);
const BLOCK = /^(ADDRESS|ARTICLE|ASIDE|BLOCKQUOTE|BR|CAPTION|DD|DIV|DL|DT|FIGCAPTION|FIGURE|FOOTER|FORM|H[1-6]|HEADER|HR|LI|MAIN|NAV|OL|P|PRE|SECTION|TABLE|TD|TH|TR|UL)$/;

/** `display: contents` (拼音's rubies not drawn yet): no box of its own, its text is shown. */
export const boxless = (el) => el.ownerDocument.defaultView.getComputedStyle(el).display === "contents";

/**
 * Not shown: the element has no box (`checkVisibility`) and is not one without a box whose
 * text is shown all the same (`boxless`: 拼音's rubies not drawn yet, page `display: contents`).
 * @param {Element} el
 */
export const unseen = (el) => {
  // 拼音's ruby is shown as its parent is: asked of thousands of them, checkVisibility and the
  // computed style of each made a long page's text map take seconds
  if (el.localName === "ruby" && el.classList.contains("bf-py")) return false;
  return !!el.checkVisibility && !el.checkVisibility() && !boxless(el);
};

/**
 * Text of some elements with a map back to the DOM, so a sentence's offsets become a Range.
 * Block boundaries become newlines (a paragraph never runs into the next sentence).
 * 拼音's far text nodes (kept whole in an element of ours until they come near) are mapped as
 * they are; `rangeOf` splits the ones a range starts or ends in (splitting a long page's far
 * text all at once was one long task of seconds, and its layout another).
 * @param {Element[]} elements
 * @param {{from?: Node|null, isOurs?: (n: Node) => boolean}} opts read from `from` onwards
 * @returns {{text: string, pieces: Array<{node: Text, start: number}>}}
 */
export function collectText(elements, { from = null, isOurs = () => false } = {}) {
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
 * A Range over text offsets [start, end) of a collected text (null for no text). A boundary in
 * 拼音's far text splits it into its rubies (not drawn until near) and maps their text nodes in
 * its place in `pieces`: the range stays on nodes the page keeps (far text between its ends
 * may be split later: a live range keeps what is put in its place).
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
    const now = textNodesNow(p.node);
    if (now.length && (now.length > 1 || now[0] !== p.node)) {
      let at = p.start;
      pieces.splice(lo, 1, ...now.map((node) => ({ node, start: (at += node.data.length) - node.data.length })));
      return locate(offset, isEnd);
    }
    return [p.node, Math.max(0, Math.min(p.node.data.length, offset - p.start))];
  };
  if (!pieces.length) return null;
  const range = pieces[0].node.ownerDocument.createRange(); // the text may be in a frame
  range.setStart(...locate(start, false));
  range.setEnd(...locate(end, true));
  return range;
}
