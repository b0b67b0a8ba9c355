/**
 * 拼音: pinyin over the page's Chinese characters, as one <ruby> per character, polyphones
 * read in context by the service (POST /api/pinyin reads whole text nodes, so 银行 and 行走
 * get háng and xíng).
 *
 * - Batches: text nodes are sent a few thousand characters at a time; the part of the page in
 *   view goes first (IntersectionObserver), the rest follows in document order, and whatever
 *   scrolls into view meanwhile jumps the queue.
 * - Content the page adds or changes later is annotated too (MutationObserver); our own
 *   insertions are recognised and ignored. Same-origin frames (there at first or added later)
 *   are annotated like the page (`ctx.eachDocument`).
 * - The next batches (up to three in flight) are requested while an answer is being
 *   applied, and answers are applied in slices of a few milliseconds, yielding to the browser
 *   in between: the page keeps responding (no long task) however large it is.
 * - Every text node is replaced through the journal, which puts the very same node back:
 *   switching 拼音 off (or 退出) restores the page's DOM exactly.
 * - Readings far from view are known but not drawn yet: a text node more than a screen away
 *   from the window is replaced by one element of ours (`<bf-py-text>`, FAR_TAG) holding its
 *   text as is, its readings kept by the script and given to screen readers as the element's
 *   `aria-description` (the readings of its characters, in order). It is split into one ruby
 *   per character, drawn, when it comes within a screen of view (an IntersectionObserver
 *   watches it; when many come near at once, as in a fast scroll, they are split about 150
 *   readings a frame, those in the window first), when the page is printed, or when our own
 *   code needs the page's final text nodes (`textNodesNow`: 声音's text map splits the far
 *   text a sentence's range starts or ends in, when it highlights it; `needRubies`). A text node is
 *   drawn at once when its element is small (at most two screens high) and already near.
 *   Laying out rubies is most of the cost of 拼音 on a long page, and one ruby per character
 *   costs even when not drawn: a long paragraph of them lays out about ten times slower than
 *   the paragraph alone after any change to it, and one element per text node about as fast
 *   (benchmarks/RESULTS.md, "Big pages"); this way the browser lays out about a screen's worth
 *   of rubies at a time. Rubies split for our own code away from the window are not drawn
 *   either (class `bf-far`: no box of their own, the <rt> hidden, each with its reading as
 *   `aria-description`) until their first one (`bf-mark`) comes near.
 * - The reading is drawn by CSS from the <rt>'s `data-py` attribute, not written as text: the
 *   page's text (textContent, innerText, a selection, what 指读 and 显示屏 read) stays the
 *   characters alone. One ruby per character keeps the page's line breaking (a line may break
 *   between any two Chinese characters, as before).
 *
 * When a batch is done and nothing is left, `barrierfree:pinyin` is dispatched on document
 * with `{detail: {done: true, annotated}}` (annotated: characters with a reading so far):
 * every character's reading is known then, in its ruby or in the far element of its text
 * node (drawn or not).
 */

// CJK unified ideographs (basic, ext. A, compatibility, ext. B–H) and 〇
const HAN = /[\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u{20000}-\u{3134f}]/u;
// where text is code, a form value, or already annotated
const SKIP = new Set([
  "script", "style", "noscript", "template", "textarea", "input", "select", "option", "code", "kbd",
  "samp", "var", "ruby", "rt", "rp", "svg", "math", "iframe", "canvas", "object", "head", "title",
]);
const BATCH_CHARS = 6000; // under the service's default pinyin_max_chars (20000)
const BATCH_SEGMENTS = 400;
const SLICE_MS = 8;
// a long text node's rubies are built this many characters at a time (a slice may end between)
const PIECE_CHARS = 300;
// requests in flight at once: the service reads the next batches while one is applied
const IN_FLIGHT = 3; // DOM work per task before yielding to the browser

/** Let the browser handle input (and paint, when it wants to) before the next slice. */
function yieldToBrowser() {
  if (globalThis.scheduler && typeof scheduler.yield === "function") return scheduler.yield();
  return new Promise((resolve) => setTimeout(resolve, 0));
}

// The side padding keeps syllables apart where a reading is wider than its character
// (chéng, zhuàng): the ruby grows to the padded reading, so neighbours never touch.
const PAGE_CSS = `ruby.bf-py{ruby-position:over;ruby-align:center}
ruby.bf-py>rt{font-size:.55em;line-height:1;font-weight:normal;font-style:normal;letter-spacing:0;padding:0 .2em;
  text-transform:none;-webkit-user-select:none;user-select:none}
ruby.bf-py>rt::before{content:attr(data-py)}
ruby.bf-py.bf-far{display:contents}ruby.bf-py.bf-far>rt{display:none}ruby.bf-py.bf-far.bf-mark{display:inline}`;
// how far from the window a block's readings are drawn: a screen above and below
const NEAR_MARGIN = "100% 0px";
// readings drawn per frame when many far ones come near at once (about 0.1 ms each to lay
// out on the 2-core test machine)
const DRAW_PER_FRAME = 150;

/** The element of ours that keeps a far text node whole (its text as is) until it comes near. */
export const FAR_TAG = "bf-py-text";
/** each far element → how to split it into rubies now (kept by the 拼音 that made it) */
const splitters = new WeakMap();
/** a far element's text node → the text nodes of the rubies it was split into */
const splitInto = new WeakMap();

/**
 * Split the far elements in `root` (or `root` itself, when it is one) into one ruby per
 * character at once, for our own code that needs the page's final text nodes (a whole long
 * page's at once is one long task: 声音's text map splits only what it highlights, through
 * `textNodesNow`). The rubies are drawn as any others: when they are near the window, else as
 * they come near.
 * @param {Node|null|undefined} root
 */
export function needRubies(root) {
  if (!root || root.nodeType !== Node.ELEMENT_NODE) return;
  const el = /** @type {Element} */ (root);
  const list = el.localName === FAR_TAG ? [el] : [...el.getElementsByTagName(FAR_TAG)];
  for (const w of list) {
    const split = splitters.get(w);
    if (split) split(w);
  }
}

/**
 * The text nodes that hold the characters of text node `text` now, in order: `text` itself, or,
 * when it is the text of a far element of ours, its rubies' (the element is split now when it
 * was not yet). For our own code that keeps a map of the page's text nodes made while the far
 * text was whole (声音's text map: a sentence's range is made on the nodes the page keeps).
 * @param {Text} text
 * @returns {Text[]}
 */
export function textNodesNow(text) {
  const w = text.parentNode;
  if (w && w.nodeType === Node.ELEMENT_NODE && /** @type {Element} */ (w).localName === FAR_TAG) {
    const split = splitters.get(w);
    if (split) split(w);
  }
  return splitInto.get(text) || [text];
}

/**
 * The /api/pinyin body for `segments`, with the site's own words when its script tag gives
 * them (`ctx.options.pinyinWords`, e.g. {"丽水": "lí shuǐ"}).
 * @param {object} options the toolbar's options
 * @param {string[]} segments
 */
export function pinyinRequest(options, segments) {
  const words = options && options.pinyinWords;
  return words && typeof words === "object" ? { segments, words } : { segments };
}

/** @param {import('../core.js').Ctx} ctx */
export function create(ctx) {
  const request = (segments) => pinyinRequest(ctx.options, segments);
  const journal = ctx.journal.scope("pinyin");
  /** nodes we inserted: never annotated again, ignored by the mutation observer */
  const ours = new WeakSet();
  /** text nodes waiting for readings, in document order of discovery */
  const pending = new Set();
  /** text nodes to send first: in view */
  const urgent = new Set();
  /** element → its pending text nodes, while the element is watched for coming into view */
  const watched = new Map();
  let active = false;
  let running = false;
  let generation = 0;
  let annotated = 0;
  let io = null;
  /** small elements within a screen of view (or that have been): their text is drawn at once */
  const near = new WeakSet();
  /** elements more than two screens high that came near: each text node is watched instead */
  const big = new WeakSet();
  /** a far text node's first ruby (bf-mark, observed) → all its rubies, not drawn yet */
  const far = new Map();
  /** a far text node's element of ours (FAR_TAG, observed) → its characters and readings */
  const lazy = new Map();
  let drawIo = null;
  /** one MutationObserver per document (the page and each same-origin frame) */
  const observers = new Set();
  let unwatch = null;

  /** Mutation records not yet delivered, of every document. */
  const takeRecords = () => [...observers].flatMap((mo) => mo.takeRecords());

  const skipped = (el) => {
    for (let n = el; n && n.nodeType === Node.ELEMENT_NODE; n = n.parentNode) {
      if (SKIP.has(n.localName) || ours.has(n)) return true;
    }
    return !!el && (el.isContentEditable || ctx.isOurs(el));
  };

  const enqueue = (text) => {
    if (ours.has(text) || pending.has(text) || !HAN.test(text.data)) return;
    const el = text.parentElement;
    if (!el || skipped(el)) return;
    pending.add(text);
    if (!near.has(el) && !big.has(el)) drawIo.observe(el); // observing again is a no-op
    let list = watched.get(el);
    if (!list) {
      watched.set(el, (list = []));
      io.observe(el);
    }
    list.push(text);
  };

  const scan = (root) => {
    if (root.nodeType === Node.TEXT_NODE) return enqueue(root);
    if (root.nodeType !== Node.ELEMENT_NODE || skipped(root)) return;
    const walker = root.ownerDocument.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) enqueue(n);
  };

  const onVisible = (entries) => {
    for (const e of entries) {
      if (!e.isIntersecting) continue;
      const list = watched.get(e.target);
      io.unobserve(e.target);
      watched.delete(e.target);
      if (list) for (const t of list) if (pending.has(t)) urgent.add(t);
    }
    pump();
  };

  /** Draw the readings of the text node whose first ruby is `mark` (it came near the window). */
  const draw = (mark) => {
    const rubies = far.get(mark);
    if (!rubies) return;
    drawIo.unobserve(mark);
    far.delete(mark);
    mark.classList.remove("bf-mark");
    for (const r of rubies) {
      r.classList.remove("bf-far");
      r.removeAttribute("aria-description");
    }
  };

  /**
   * Far text nodes that came near, drawn DRAW_PER_FRAME readings a frame (those in the
   * window first): a fast scroll brings a screen of them near at once, and laying them all
   * out in one frame would stall it.
   */
  const drawSoon = new Set();
  const drawLater = new Set();
  let drawFrame = 0;
  const drawSome = () => {
    drawFrame = 0;
    let rubies = 0;
    for (const queue of [drawSoon, drawLater]) {
      for (const mark of queue) {
        if (rubies >= DRAW_PER_FRAME) break;
        queue.delete(mark);
        if (lazy.has(mark)) {
          rubies += split(mark, true);
          continue;
        }
        rubies += (far.get(mark) || []).length;
        draw(mark);
      }
    }
    if (drawSoon.size || drawLater.size) drawFrame = requestAnimationFrame(drawSome);
  };

  const onNear = (entries) => {
    for (const e of entries) {
      if (!e.isIntersecting) continue;
      if (far.has(e.target) || lazy.has(e.target)) {
        const box = e.boundingClientRect;
        const inView = box.bottom >= 0 && box.top <= (e.rootBounds ? e.rootBounds.height : innerHeight);
        (inView ? drawSoon : drawLater).add(e.target);
        if (!drawFrame) drawFrame = requestAnimationFrame(drawSome);
        continue;
      }
      // a page element: its text nodes applied from now on are drawn at once, if it is small
      drawIo.unobserve(e.target);
      const screen = e.rootBounds ? e.rootBounds.height : innerHeight;
      if (e.boundingClientRect.height <= 2 * screen) near.add(e.target);
      else big.add(e.target);
    }
  };

  /** Printing shows the whole page: draw every reading. */
  const drawAll = () => {
    for (const w of [...lazy.keys()]) split(w, true);
    for (const mark of [...far.keys()]) draw(mark);
    drawSoon.clear();
    drawLater.clear();
  };

  const onMutations = (records) => {
    for (const r of records) {
      if (r.type === "characterData") {
        // the page rewrote a text node: read it afresh (a queued one is re-sent with its new text)
        if (!ours.has(r.target) && r.target.isConnected) {
          pending.delete(r.target);
          enqueue(r.target);
        }
        continue;
      }
      for (const n of r.addedNodes) if (!ours.has(n) && n.isConnected) scan(n);
    }
    // (our own far elements split into rubies add nothing to read: no second "done")
    if (pending.size) pump();
  };

  /** The next batch: what is in view first, then the rest in document order. */
  const nextBatch = () => {
    const batch = [];
    let chars = 0;
    const take = (t) => {
      if (batch.length >= BATCH_SEGMENTS || (batch.length && chars + t.data.length > BATCH_CHARS)) return false;
      batch.push(t);
      chars += t.data.length;
      pending.delete(t);
      urgent.delete(t);
      return true;
    };
    for (const t of urgent) if (!take(t)) return batch;
    // what is in view travels alone, so it shows as soon as possible
    if (batch.length) return batch;
    for (const t of pending) if (!take(t)) return batch;
    return batch;
  };

  /**
   * One ruby per character of `chars` (characters without a reading stay plain text), in
   * `doc`; not drawn yet (`bf-far`, the reading as `aria-description`) when `hidden`. Only
   * characters [from, to), added to `into` when given (a long text node is built in pieces).
   */
  const rubiesOf = (doc, chars, readings, hidden, from = 0, to = chars.length, into = null) => {
    const { nodes, rubies } = into || { nodes: [], rubies: [] };
    const cls = hidden ? "bf-py bf-far" : "bf-py";
    let plain = "";
    const flush = () => {
      if (!plain) return;
      const t = doc.createTextNode(plain);
      ours.add(t);
      nodes.push(t);
      plain = "";
    };
    for (let i = from; i < to; i++) {
      const r = readings[i];
      if (typeof r !== "string" || !r) {
        plain += chars[i];
        continue;
      }
      flush();
      const ruby = doc.createElement("ruby");
      ruby.className = cls;
      // not drawn, the <rt> is not in the accessibility tree: the ruby says its reading itself
      // (what the browser gives a drawn ruby as its description)
      if (hidden) ruby.setAttribute("aria-description", r);
      const rt = doc.createElement("rt");
      rt.dataset.py = r;
      ruby.append(chars[i], rt);
      ours.add(ruby);
      nodes.push(ruby);
      rubies.push(ruby);
    }
    flush();
    return { nodes, rubies };
  };

  /** Rubies not drawn yet: the first one (bf-mark) is watched for coming near. */
  const keepFar = (rubies) => {
    if (!rubies.length) return;
    rubies[0].classList.add("bf-mark");
    far.set(rubies[0], rubies);
    drawIo.observe(rubies[0]);
  };

  /**
   * Split a far text node's element of ours into its rubies, drawn or not; returns how many
   * readings it held (0 when the page has taken it out meanwhile).
   */
  const split = (w, drawn) => {
    const held = lazy.get(w);
    if (!held) return 0;
    lazy.delete(w);
    drawIo.unobserve(w);
    drawSoon.delete(w);
    drawLater.delete(w);
    if (!w.isConnected) return 0;
    const { nodes, rubies } = rubiesOf(w.ownerDocument, held.chars, held.readings, !drawn);
    if (!held.swap(...nodes)) return 0;
    splitInto.set(w.firstChild, nodes.map((n) => (n.nodeType === Node.TEXT_NODE ? n : n.firstChild)));
    if (!drawn) keepFar(rubies);
    return rubies.length;
  };
  const splitFar = (w) => split(w, false);

  /** Far text nodes whose element of ours is made but not yet in the page (see commitFar). */
  let farSwaps = [];

  /**
   * Apply the readings of one text node: its rubies (built PIECE_CHARS at a time, the
   * generator yielding between pieces so that a slice may end there), or, far from view, its
   * element of ours, put in the page later with all the others (commitFar).
   */
  const apply = function* (text, sent, readings) {
    // the page may have moved or rewritten the node while we waited
    if (!text.isConnected || text.data !== sent) {
      if (text.isConnected) enqueue(text);
      return;
    }
    const chars = Array.from(sent); // one entry per code point, as the service counts
    if (!Array.isArray(readings) || readings.length !== chars.length) return;
    const doc = text.ownerDocument;
    if (near.has(text.parentElement)) {
      const built = { nodes: [], rubies: [] };
      for (let from = 0; from < chars.length; from += PIECE_CHARS) {
        if (from) yield;
        rubiesOf(doc, chars, readings, false, from, Math.min(chars.length, from + PIECE_CHARS), built);
      }
      if (!text.isConnected || text.data !== sent) {
        if (text.isConnected) enqueue(text);
        return;
      }
      journal.replaceWith(text, ...built.nodes);
      annotated += built.rubies.length;
      return;
    }
    // far from view: the text stays whole in one element of ours, with its readings, until it
    // comes near (a paragraph of one element per text node lays out as fast as without 拼音;
    // of one ruby per character, ten times slower however few are drawn)
    const said = readings.filter((r) => typeof r === "string" && r);
    if (!said.length) return;
    const w = doc.createElement(FAR_TAG);
    w.append(sent);
    // the readings for screen readers, as a drawn ruby gives each as its description
    w.setAttribute("aria-description", said.join(" "));
    ours.add(w);
    ours.add(w.firstChild);
    farSwaps.push({ text, sent, w, chars, readings, said: said.length });
  };

  /**
   * Put the far elements made so far in the page, all in one task when it takes less than a
   * slice: the page lays a block out again in every frame in which something in it changed,
   * and a big block (nested auto-width tables) holding drawn rubies takes hundreds of
   * milliseconds to lay out; swapped batch by batch, it was laid out again for every batch.
   * Returns false when 拼音 was switched off meanwhile.
   */
  const commitFar = async (gen) => {
    while (farSwaps.length) {
      const start = performance.now();
      const before = takeRecords();
      let i = 0;
      for (; i < farSwaps.length && (i === 0 || performance.now() - start < SLICE_MS); i++) {
        const { text, sent, w, chars, readings, said } = farSwaps[i];
        if (!text.isConnected || text.data !== sent) {
          if (text.isConnected) enqueue(text);
          continue;
        }
        lazy.set(w, { chars, readings, swap: journal.replaceWith(text, w) });
        splitters.set(w, splitFar);
        drawIo.observe(w);
        annotated += said;
      }
      farSwaps = farSwaps.slice(i);
      takeRecords();
      if (before.length) onMutations(before);
      if (farSwaps.length) {
        await yieldToBrowser();
        if (!active || gen !== generation) return false;
      }
    }
    return true;
  };

  const send = (batch) => {
    const sent = batch.map((t) => t.data);
    const answer = ctx.postJSON("/api/pinyin", request(sent));
    answer.catch(() => {}); // awaited below; a batch sent ahead may be dropped unread
    return { batch, sent, answer };
  };

  /** Apply one answer a slice at a time; false when 拼音 was switched off meanwhile. */
  const applyAnswer = async ({ batch, sent }, answer, gen) => {
    let i = 0;
    let step = null; // a long text node being built, when a slice ended in it
    while (i < batch.length || step) {
      const start = performance.now();
      // our replacements are not page content: drop their records before the observer runs
      const before = takeRecords();
      do {
        if (!step) {
          step = apply(batch[i], sent[i], answer.segments[i]);
          i += 1;
        }
        if (step.next().done) step = null;
      } while ((i < batch.length || step) && performance.now() - start < SLICE_MS);
      takeRecords();
      if (before.length) onMutations(before);
      if (i < batch.length || step) {
        await yieldToBrowser();
        if (!active || gen !== generation) return false;
      }
    }
    return true;
  };

  const pump = async () => {
    if (running || !active) return;
    running = true;
    const gen = generation;
    /** batches sent, oldest first: their answers are applied in this order */
    const sent = [];
    const fill = () => {
      while (sent.length < IN_FLIGHT) {
        const batch = nextBatch();
        if (!batch.length) return;
        sent.push(send(batch));
      }
    };
    let failed = false;
    try {
      fill();
      while (sent.length && active && gen === generation) {
        const current = sent.shift();
        // the next batches travel while this one's answer is awaited and applied
        fill();
        let answer;
        try {
          answer = await current.answer;
        } catch (err) {
          console.warn("barrierfree: pinyin failed", err);
          ctx.announce(`${ctx.t("error")}: ${ctx.t("pinyin")}`);
          // what was sent ahead is not waited for: it goes back to the queue
          for (const ahead of sent) for (const t of ahead.batch) if (t.isConnected) pending.add(t);
          failed = true;
          break;
        }
        if (!active || gen !== generation) break;
        if (!(await applyAnswer(current, answer, gen))) break;
        fill();
      }
      if (active && gen === generation) await commitFar(gen);
    } finally {
      running = false;
    }
    if (!active || gen !== generation) return;
    // (text the page rewrote before its far element was put in)
    if (pending.size && !failed) pump();
    else if (!pending.size) ctx.emit("pinyin", { done: true, annotated });
  };

  const on = () => {
    if (active) return;
    active = true;
    ctx.pageStyle.set("pinyin", PAGE_CSS);
    io = new IntersectionObserver(onVisible, { rootMargin: "200px 0px" });
    drawIo = new IntersectionObserver(onNear, { rootMargin: NEAR_MARGIN });
    window.addEventListener("beforeprint", drawAll);
    // the page, and every same-origin frame now or later (a frame added later starts at once)
    let later = false;
    unwatch = ctx.eachDocument((doc) => {
      if (!doc.body) return undefined;
      const mo = new MutationObserver(onMutations);
      // the whole document: a page may replace its <body> itself
      mo.observe(doc.documentElement, { childList: true, subtree: true, characterData: true });
      observers.add(mo);
      scan(doc.body);
      if (later) pump();
      return () => {
        mo.disconnect();
        observers.delete(mo);
      };
    });
    later = true;
    // the observer's first report (next frame) says what is in view; start then, or at
    // once when there is nothing to annotate
    if (!pending.size) ctx.emit("pinyin", { done: true, annotated });
  };

  const off = () => {
    if (!active) return;
    active = false;
    generation += 1;
    io.disconnect();
    drawIo.disconnect();
    window.removeEventListener("beforeprint", drawAll);
    if (unwatch) unwatch();
    unwatch = io = drawIo = null;
    far.clear();
    lazy.clear();
    farSwaps = [];
    drawSoon.clear();
    drawLater.clear();
    if (drawFrame) cancelAnimationFrame(drawFrame);
    drawFrame = 0;
    pending.clear();
    urgent.clear();
    watched.clear();
    annotated = 0;
    journal.undo();
    ctx.pageStyle.delete("pinyin");
  };

  if (ctx.settings.get("pinyin")) on();

  return {
    command(id, value) {
      if (value) on();
      else off();
    },
    destroy: off,
  };
}
