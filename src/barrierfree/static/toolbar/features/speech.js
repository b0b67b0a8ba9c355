/**
 * 声音 / 指读 / 连读 / 减速 / 加速 / 音量: reading the page aloud.
 *
 * Text goes to the service's /api/speech/plan, which splits it into sentences (with their
 * offsets) and gives each an immutable audio address; sentences are fetched one ahead of the
 * one playing, so reading starts at once and never waits between sentences. The sentence
 * being read is highlighted with the CSS Custom Highlight API, which paints without touching
 * the page's DOM. When the service has no engine (503) or cannot be reached, the browser's
 * own speechSynthesis reads instead and the visitor is told which voice is in use.
 *
 * Other modules reuse the reader through `ctx.load("speech")`: `readText`, `readElements`,
 * `stop` (see {@link create}).
 */

const HIGHLIGHT = "bf-speech";
const HOVER_DELAY = 600; // ms the pointer rests on an element before 指读 reads it
const RATE_STEPS = [0.5, 0.75, 1, 1.25, 1.5, 1.75, 2];
const VOLUME_STEP = 0.1;
const SKIP = new Set(["SCRIPT", "STYLE", "NOSCRIPT", "TEMPLATE", "SVG", "CANVAS", "IFRAME", "OBJECT", "SELECT", "BUTTON"]);
const BLOCK = /^(ADDRESS|ARTICLE|ASIDE|BLOCKQUOTE|BR|CAPTION|DD|DIV|DL|DT|FIGCAPTION|FIGURE|FOOTER|FORM|H[1-6]|HEADER|HR|LI|MAIN|NAV|OL|P|PRE|SECTION|TABLE|TD|TH|TR|UL)$/;
const READABLE = "p,h1,h2,h3,h4,h5,h6,li,td,th,dt,dd,figcaption,caption,blockquote,a,button,label,summary,legend,img,span,div";

const STRINGS = {
  fallback: { zh: "服务器语音不可用，改用浏览器语音：", en: "Server speech unavailable, using the browser voice: " },
  defaultVoice: { zh: "浏览器默认语音", en: "the browser's default voice" },
  noVoice: { zh: "此浏览器不能朗读，服务器语音也不可用", en: "Speech is not available in this browser or on the server" },
  rate: { zh: "语速", en: "Rate" },
  volume: { zh: "音量", en: "Volume" },
  stopped: { zh: "已停止朗读", en: "Reading stopped" },
  done: { zh: "朗读完毕", en: "Finished reading" },
};

/**
 * Text of some elements with a map back to the DOM, so a sentence's offsets become a Range.
 * Block boundaries become newlines (a paragraph never runs into the next sentence).
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
    if (node.checkVisibility && !node.checkVisibility()) return;
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

/** A Range over text offsets [start, end) of a collected text. */
function rangeOf(pieces, start, end) {
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

/** The nearest ancestor that scrolls vertically (crossing shadow roots), else null. */
function scroller(node) {
  for (let n = node && (node.parentElement || node.parentNode); n; n = n.parentElement || (n.parentNode && n.parentNode.host)) {
    if (n === document.body || n === document.documentElement) return null;
    if (n.nodeType !== Node.ELEMENT_NODE) continue;
    const style = getComputedStyle(n);
    if (/(auto|scroll)/.test(style.overflowY) && n.scrollHeight > n.clientHeight) return n;
  }
  return null;
}

/** Bring a sentence into view (a third from the top) when it is not, in whatever scrolls it:
 *  the page, or a view of ours (轻松阅读) that has its own scrolling box. */
function scrollToRange(range) {
  const box = range.getBoundingClientRect();
  if (!box.height) return;
  const win = range.startContainer.ownerDocument.defaultView || window; // a same-origin frame's own
  const container = scroller(range.startContainer);
  const frame = container ? container.getBoundingClientRect() : { top: 0, bottom: win.innerHeight, height: win.innerHeight };
  if (box.top >= frame.top + 60 && box.bottom <= frame.bottom - 20) return;
  const behavior = matchMedia("(prefers-reduced-motion: reduce)").matches ? "auto" : "smooth";
  const top = box.top - frame.top - frame.height / 3;
  (container || win).scrollBy({ top, behavior });
}

/** The words an element is read as (指读). */
function elementText(el) {
  if (!el || el.nodeType !== Node.ELEMENT_NODE) return "";
  const aria = el.getAttribute("aria-label");
  if (aria) return aria.trim();
  if (el.localName === "img") return (el.getAttribute("alt") || "").trim();
  if (el.localName === "input" || el.localName === "textarea") {
    const label = el.labels && el.labels[0] ? el.labels[0].innerText : "";
    return [label, el.value || el.placeholder || ""].join(" ").trim();
  }
  return (el.innerText || el.textContent || "").replace(/\s+/g, " ").trim();
}

/**
 * The reader: plans, fetches one sentence ahead, plays, highlights. Shared by the toolbar
 * (speech.js `create`) and the 无障碍语音播报 component (speakbutton.js).
 */
export class Reader {
  /**
   * @param {object} env
   * @param {(path: string) => string} env.url service URL of a path
   * @param {(path: string, body: object) => Promise<any>} env.postJSON
   * @param {{get: (k: string) => any}} env.settings `rate` (0.5–2) and `volume` (0–1)
   * @param {(text: string) => void} env.announce polite live-region message
   * @param {{set: (n: string, css: string) => void, delete: (n: string) => void}} env.pageStyle
   * @param {"zh"|"en"} env.lang
   */
  constructor(env) {
    this.env = env;
    this.token = 0;
    this.audio = null;
    this.objectUrls = new Set();
    this.fallback = false;
  }

  /** @param {{zh: string, en: string}} s */
  say(s) {
    return (this.env.lang === "en" && s.en) || s.zh;
  }

  get rate() {
    return Number(this.env.settings.get("rate")) || 1;
  }

  get volume() {
    const v = Number(this.env.settings.get("volume"));
    return Number.isFinite(v) ? Math.min(1, Math.max(0, v)) : 1;
  }

  /** Apply a volume change to what is playing now (the next sentences read it anyway). */
  applyVolume() {
    if (this.audio) this.audio.volume = this.volume;
  }

  get reading() {
    return this.current !== undefined;
  }

  /**
   * Read text (with optional DOM map for highlighting). Resolves when finished or stopped;
   * resolves `true` when it read to the end.
   * @param {{text: string, pieces?: Array<{node: Text, start: number}>}} source
   * @param {{highlight?: boolean, onsentence?: (i: number, s: object) => void}} opts
   */
  async read(source, { highlight = true, onsentence } = {}) {
    this.stop(true);
    const token = ++this.token;
    this.current = token;
    const text = source.text.slice(0, 100000);
    if (!text.trim()) return this.finish(token, true);
    let planned = false;
    let resumeAt = 0;
    try {
      if (this.fallback) return await this.readWithBrowser(text, source, token, { highlight, onsentence });
      const plans = new Map();
      const planFor = (rate) => {
        const lang = this.env.lang === "en" ? "en" : "zh";
        if (!plans.has(rate)) plans.set(rate, this.env.postJSON("/api/speech/plan", { text, rate, lang }));
        return plans.get(rate);
      };
      let plan = await planFor(this.rate);
      planned = true;
      if (token !== this.token) return false;
      const sentences = plan.sentences;
      let pending = sentences.length ? this.fetchAudio(sentences[0].url) : null;
      let pendingRate = this.rate;
      for (let i = 0; i < sentences.length; i++) {
        if (token !== this.token) return false;
        resumeAt = sentences[i].start;
        if (pendingRate !== this.rate) {
          // the rate changed: this sentence and the next come from a plan at the new rate
          pendingRate = this.rate;
          plan = await planFor(pendingRate);
          pending = this.fetchAudio(plan.sentences[i].url);
        }
        const blobUrl = await pending;
        if (token !== this.token) return false;
        pending = i + 1 < sentences.length ? this.fetchAudio(plan.sentences[i + 1].url) : null;
        if (pending) pending.catch(() => {});
        if (highlight && source.pieces) this.highlight(source.pieces, sentences[i]);
        if (onsentence) onsentence(i, sentences[i]);
        await this.play(blobUrl, token);
      }
      return this.finish(token, true);
    } catch (err) {
      if (token !== this.token) return false;
      if (err && (err.status === 503 || err.status === 429 || err.name === "TypeError")) {
        // no engine on the server, or the server is unreachable or overloaded: the browser
        // reads on from the sentence that failed. A missing engine (the plan failed) or a
        // lost server stays that way for this page; an overloaded one is asked again next time.
        if (!planned || err.name === "TypeError") this.fallback = true;
        return await this.readWithBrowser(text, source, token, { highlight, onsentence }, resumeAt);
      }
      this.finish(token, false);
      throw err;
    }
  }

  /** Fetch one sentence's audio; resolves to an object URL. */
  async fetchAudio(path) {
    const r = await fetch(this.env.url(path));
    if (!r.ok) {
      const err = new Error(`HTTP ${r.status}`);
      err.status = r.status;
      throw err;
    }
    const url = URL.createObjectURL(await r.blob());
    this.objectUrls.add(url);
    return url;
  }

  play(blobUrl, token) {
    return new Promise((resolve) => {
      // one element for every sentence: Safari on iOS lets a page play an element again once
      // a tap has started it, but not a new element created later without a tap
      if (!this.element) this.element = new Audio();
      const audio = this.element;
      audio.src = blobUrl;
      audio.volume = this.volume;
      this.audio = audio;
      let finished = false;
      const done = () => {
        if (finished) return;
        finished = true;
        audio.removeEventListener("ended", done);
        audio.removeEventListener("error", done);
        clearInterval(watch);
        URL.revokeObjectURL(blobUrl);
        this.objectUrls.delete(blobUrl);
        if (this.audio === audio) this.audio = null;
        resolve();
      };
      // stop() pauses the element; this notices and lets the loop end
      const watch = setInterval(() => token !== this.token && done(), 100);
      audio.addEventListener("ended", done);
      audio.addEventListener("error", done);
      audio.play().catch(done);
    });
  }

  highlight(pieces, sentence) {
    const range = rangeOf(pieces, sentence.start, sentence.end);
    // highlights belong to a window: text in a same-origin frame is highlighted by the frame's
    const win = range && range.startContainer.ownerDocument.defaultView;
    if (!win || typeof win.Highlight === "undefined" || !win.CSS.highlights) return;
    if (this.highlightWin && this.highlightWin !== win) this.clearHighlight();
    this.env.pageStyle.set("speech", `::highlight(${HIGHLIGHT}){background-color:#ffd400;color:#000}`);
    win.CSS.highlights.set(HIGHLIGHT, new win.Highlight(range));
    this.highlightWin = win;
    scrollToRange(range);
  }

  clearHighlight() {
    const win = this.highlightWin || window;
    this.highlightWin = null;
    try {
      if (win.CSS && win.CSS.highlights) win.CSS.highlights.delete(HIGHLIGHT);
    } catch {
      /* the frame is gone */
    }
    this.env.pageStyle.delete("speech");
  }

  /** The browser's own speech, sentence by sentence (same highlighting). */
  async readWithBrowser(text, source, token, { highlight, onsentence }, resumeAt = 0) {
    const synth = window.speechSynthesis;
    if (!synth || typeof SpeechSynthesisUtterance === "undefined") {
      this.env.announce(this.say(STRINGS.noVoice));
      return this.finish(token, false);
    }
    const lang = this.env.lang === "en" ? "en" : "zh";
    const voice = synth.getVoices().find((v) => v.lang.toLowerCase().startsWith(lang)) || null;
    this.env.announce(this.say(STRINGS.fallback) + (voice ? voice.name : this.say(STRINGS.defaultVoice)));
    const re = /[^。！？!?；;\n]+[。！？!?；;]*[”’」』）)]*/g;
    const sentences = [];
    for (const m of text.matchAll(re)) {
      if (m[0].trim() && m.index + m[0].length > resumeAt) sentences.push({ text: m[0].trim(), start: m.index, end: m.index + m[0].length });
    }
    for (let i = 0; i < sentences.length; i++) {
      if (token !== this.token) return false;
      if (highlight && source.pieces) this.highlight(source.pieces, sentences[i]);
      if (onsentence) onsentence(i, sentences[i]);
      await new Promise((resolve) => {
        const u = new SpeechSynthesisUtterance(sentences[i].text);
        u.lang = lang === "en" ? "en-US" : "zh-CN";
        if (voice) u.voice = voice;
        u.rate = this.rate;
        u.volume = this.volume;
        const watch = setInterval(() => token !== this.token && finish(), 100);
        const finish = () => {
          clearInterval(watch);
          resolve();
        };
        u.onend = finish;
        u.onerror = finish;
        synth.speak(u);
      });
    }
    return this.finish(token, true);
  }

  finish(token, complete) {
    if (token === this.token) {
      this.current = undefined;
      this.clearHighlight();
    }
    return complete;
  }

  /** Stop reading now (audio, browser speech, highlight). */
  stop(quiet = false) {
    this.token++;
    this.current = undefined;
    if (this.audio) {
      this.audio.pause();
      this.audio = null;
    }
    if (window.speechSynthesis && window.speechSynthesis.speaking) window.speechSynthesis.cancel();
    for (const url of this.objectUrls) URL.revokeObjectURL(url);
    this.objectUrls.clear();
    this.clearHighlight();
    if (!quiet) this.env.announce(this.say(STRINGS.stopped));
  }
}

/**
 * The speech feature.
 * @param {import('../core.js').Ctx} ctx
 */
export function create(ctx) {
  const reader = new Reader({
    url: ctx.url,
    postJSON: ctx.postJSON,
    settings: ctx.settings,
    announce: ctx.announce,
    pageStyle: ctx.pageStyle,
    lang: ctx.lang,
  });
  let pointed = null; // the element last pointed at (连读 starts there)
  let hoverTimer = 0;
  let lastRead = null;

  const on = () => !!ctx.settings.get("speech");

  // (nodeType, not instanceof: elements of a same-origin frame come from another realm)
  const pointable = (target) => {
    if (!target || target.nodeType !== Node.ELEMENT_NODE || ctx.isOurs(target)) return null;
    const el = target.closest(READABLE);
    const doc = el && el.ownerDocument;
    return el && el !== doc.body && el !== doc.documentElement ? el : null;
  };

  const readPointed = (el) => {
    if (!el || el === lastRead || !on() || !ctx.settings.get("pointread")) return;
    if (ctx.settings.get("continuous") && reader.reading) return; // 连读 is in charge
    const text = elementText(el).slice(0, 2000);
    if (!text) return;
    lastRead = el;
    const source =
      el.localName === "img" || el.localName === "input" ? { text } : collectText([el], { isOurs: ctx.isOurs });
    if (!source.text.trim()) source.text = text;
    // a pointed container is read only so far: 指读 reads what is under the pointer, not the page
    source.text = source.text.slice(0, 2000);
    reader.read(source, { highlight: true }).catch((err) => ctx.announce(String(err.message || err)));
  };

  const onPointerOver = (e) => {
    const el = pointable(e.target);
    if (!el) return;
    pointed = el;
    if (el !== lastRead) lastRead = null; // coming back to an element reads it again
    clearTimeout(hoverTimer);
    hoverTimer = setTimeout(() => readPointed(el), HOVER_DELAY);
  };
  const onPointerOut = () => clearTimeout(hoverTimer);
  const onFocusIn = (e) => {
    const el = e.target && e.target.nodeType === Node.ELEMENT_NODE && !ctx.isOurs(e.target) ? e.target : null;
    if (!el) return;
    pointed = el;
    readPointed(el);
  };
  const onKey = (e) => {
    if (e.key === "Escape" && reader.reading) {
      reader.stop();
      if (ctx.settings.get("continuous")) ctx.settings.set("continuous", false);
    }
  };
  // the page and its same-origin frames (指读 works inside them too)
  const unwatch = ctx.eachDocument((doc) => {
    doc.addEventListener("pointerover", onPointerOver, true);
    doc.addEventListener("pointerout", onPointerOut, true);
    doc.addEventListener("focusin", onFocusIn, true);
    doc.addEventListener("keydown", onKey, true);
    return () => {
      doc.removeEventListener("pointerover", onPointerOver, true);
      doc.removeEventListener("pointerout", onPointerOut, true);
      doc.removeEventListener("focusin", onFocusIn, true);
      doc.removeEventListener("keydown", onKey, true);
    };
  });

  async function continuous() {
    const main = ctx.mainContent();
    let from = pointed && main.contains(pointed) ? pointed : null;
    const active = document.activeElement;
    if (!from && active && active !== document.body && main.contains(active)) from = active;
    const source = collectText([main], { from, isOurs: ctx.isOurs });
    const complete = await reader.read(source, { highlight: true });
    if (complete) {
      ctx.settings.set("continuous", false);
      ctx.announce(reader.say(STRINGS.done));
    }
  }

  function step(kind, direction) {
    if (kind === "rate") {
      const i = RATE_STEPS.findIndex((r) => r >= reader.rate - 1e-9);
      const next = RATE_STEPS[Math.max(0, Math.min(RATE_STEPS.length - 1, (i < 0 ? 2 : i) + direction))];
      ctx.settings.set("rate", next);
      ctx.announce(`${reader.say(STRINGS.rate)} ${next}×`);
    } else {
      const next = Math.round(Math.max(0, Math.min(1, reader.volume + direction * VOLUME_STEP)) * 10) / 10;
      ctx.settings.set("volume", next);
      reader.applyVolume();
      ctx.announce(`${reader.say(STRINGS.volume)} ${Math.round(next * 100)}%`);
    }
  }

  return {
    reader,
    /** @param {string} id @param {unknown} value */
    async command(id, value) {
      switch (id) {
        case "speech":
          // any press of 声音 stops what is being read
          reader.stop(!reader.reading);
          lastRead = null;
          if (ctx.settings.get("continuous")) ctx.settings.set("continuous", false);
          if (!value && ctx.settings.get("pointread")) ctx.settings.set("pointread", false);
          return;
        case "pointread":
          lastRead = null;
          if (value && !on()) ctx.settings.set("speech", true);
          if (!value) reader.stop(true);
          return;
        case "continuous":
          if (!value) return reader.stop();
          if (!on()) ctx.settings.set("speech", true);
          return continuous();
        case "slower":
          return step("rate", -1);
        case "faster":
          return step("rate", +1);
        case "volumeup":
          return step("volume", +1);
        case "volumedown":
          return step("volume", -1);
      }
    },
    /**
     * Read a piece of text aloud (no highlighting). Resolves when done or stopped.
     * @param {string} text
     * @returns {Promise<boolean>} true when read to the end
     */
    readText(text) {
      return reader.read({ text: String(text) }, { highlight: false });
    },
    /**
     * Read elements aloud sentence by sentence, highlighting the sentence being read.
     * @param {Element[]} elements in reading order
     * @param {{highlight?: boolean, from?: Node, onsentence?: (i: number, s: object) => void}} opts
     * @returns {Promise<boolean>} true when read to the end
     */
    readElements(elements, { highlight = true, from = null, onsentence } = {}) {
      const source = collectText([...elements], { from, isOurs: ctx.isOurs });
      return reader.read(source, { highlight, onsentence });
    },
    /** Stop reading now. */
    stop() {
      reader.stop();
    },
    /** Is something being read? */
    get reading() {
      return reader.reading;
    },
    destroy() {
      reader.stop(true);
      clearTimeout(hoverTimer);
      unwatch();
    },
  };
}
