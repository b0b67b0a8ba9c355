/**
 * 声音 (读屏) / 指读 / 连读 / 女声·男声 / 语速 / 音量: reading the page aloud.
 *
 * Text goes to the service's /api/speech/plan, which splits it into sentences (with their
 * offsets) and gives each an immutable audio address. The sentence about to play is played
 * as its audio arrives (see {@link Reader#playAddress}), so a cache miss, which the service
 * streams clause by clause, starts with its first clause; the next sentence is requested at
 * the same time with `priority=next`, so the service makes it while this one plays and the
 * player's own request for it is then a cache hit. The sentence being read is highlighted with the CSS
 * Custom Highlight API, which paints without touching the page's DOM. When 声音 is switched
 * on, the page's text blocks are sent to /api/speech/prepare (main content first), so that
 * pointing at a paragraph usually finds its audio made already.
 *
 * A busy service (503 `overloaded`) is asked again after its Retry-After, a few times, and
 * the visitor is told to wait. When the service has no engine (503) or cannot be reached, or
 * stays busy, the browser's own speechSynthesis reads instead and the visitor is told which
 * voice is in use.
 *
 * Other modules reuse the reader through `ctx.load("speech")`: `readText`, `readElements`,
 * `stop` (see {@link create}).
 */

const HIGHLIGHT = "bf-speech";
const HOVER_DELAY = 600; // ms the pointer rests on an element before 指读 reads it
// fine steps below 1×: elderly listeners often want about 0.8×, two presses of 减慢语速
const RATE_STEPS = [0.5, 0.6, 0.7, 0.8, 0.9, 1, 1.25, 1.5, 1.75, 2];
const VOICES = ["female", "male"];
// a busy service is asked again this many times, waiting its Retry-After (at most MAX_WAIT s)
const BUSY_RETRIES = 3;
const MAX_WAIT = 10;
// what 声音 asks the service to prepare: text blocks, and how much of a page
const BLOCKS = "h1,h2,h3,h4,h5,h6,p,li,dt,dd,td,th,caption,figcaption,blockquote,pre,summary,legend";
const PREPARE_MAX_CHARS = 20000;
const PREPARE_MAX_BLOCKS = 500;
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
  busy: { zh: "语音服务繁忙，请稍候…", en: "The speech service is busy, please wait…" },
  voiceNext: { zh: "下一句起改用", en: "From the next sentence: " },
  voiceChosen: { zh: "已选", en: "Chosen: " },
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

const MP3 = "audio/mpeg";

/** Can this sentence be fed to the element as it downloads (Media Source Extensions)? */
function streamable(path) {
  return /\.mp3(\?|$)/.test(path) && typeof MediaSource !== "undefined" && MediaSource.isTypeSupported(MP3);
}

/** Let go of a response's body (the service stops making what nobody will hear). */
function cancelBody(response) {
  return response && response.body && !response.bodyUsed ? response.body.cancel().catch(() => {}) : undefined;
}

/** A path with `priority` in its query (the service's queue place; never the audio). */
function withPriority(path, priority) {
  return `${path}${path.includes("?") ? "&" : "?"}priority=${priority}`;
}

/** An Error for a failed response: status, the service's code and message, Retry-After. */
async function httpError(r) {
  const json = await r.json().catch(() => null);
  const info = (json && json.error) || {};
  const err = new Error(info.message || `HTTP ${r.status}`);
  err.status = r.status;
  err.code = info.code;
  err.retryAfter = Number(r.headers.get("Retry-After")) || 0;
  return err;
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
   * @param {"zh"|"en"} env.lang the language the service reads in
   * @param {(s: {zh: string, en?: string}) => string} env.text a string in the page language
   */
  constructor(env) {
    this.env = env;
    this.token = 0;
    this.audio = null;
    this.objectUrls = new Set();
    this.prefetched = new Set();
    this.fallback = false;
  }

  /** @param {{zh: string, en?: string}} s */
  say(s) {
    return this.env.text(s);
  }

  get rate() {
    return Number(this.env.settings.get("rate")) || 1;
  }

  get volume() {
    const v = Number(this.env.settings.get("volume"));
    return Number.isFinite(v) ? Math.min(1, Math.max(0, v)) : 1;
  }

  /** female or male (女声/男声); the service resolves it to its engine's voice. */
  get voice() {
    const v = this.env.settings.get("voice");
    return VOICES.includes(v) ? v : "female";
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
      const lang = this.env.lang === "en" ? "en" : "zh";
      const plans = new Map();
      const planFor = (rate, voice) => {
        const key = `${rate}|${voice}`;
        if (!plans.has(key)) plans.set(key, this.env.postJSON("/api/speech/plan", { text, rate, voice, lang }));
        return plans.get(key);
      };
      let rate = this.rate;
      let voice = this.voice;
      let plan = await planFor(rate, voice);
      planned = true;
      if (token !== this.token) return false;
      const sentences = plan.sentences;
      for (let i = 0; i < sentences.length; i++) {
        if (token !== this.token) return false;
        resumeAt = sentences[i].start;
        if (rate !== this.rate || voice !== this.voice) {
          // the rate or the voice changed: from this sentence on, a plan with the new ones
          rate = this.rate;
          voice = this.voice;
          plan = await planFor(rate, voice);
          if (token !== this.token) return false;
        }
        if (i + 1 < sentences.length) this.prefetch(plan.sentences[i + 1].url);
        // highlighted when its audio starts coming, not while the service is still busy
        const show = () => {
          if (highlight && source.pieces) this.highlight(source.pieces, sentences[i]);
          if (onsentence) onsentence(i, sentences[i]);
        };
        await this.playAddress(plan.sentences[i].url, token, show);
      }
      return this.finish(token, true);
    } catch (err) {
      if (token !== this.token) return false;
      if (err && (err.status === 503 || err.status === 429 || err.name === "TypeError")) {
        // no engine on the server, the server is unreachable, or it stayed busy: the browser
        // reads on from the sentence that failed. A missing engine (the plan failed) or a
        // lost server stays that way for this page; a busy one is asked again next time.
        if (!planned || err.name === "TypeError") this.fallback = true;
        return await this.readWithBrowser(text, source, token, { highlight, onsentence }, resumeAt);
      }
      this.finish(token, false);
      throw err;
    }
  }

  /**
   * Ask the service to make a coming sentence now, behind what visitors wait for
   * (`priority=next`); the body is read to the end so the service finishes and caches it.
   * Failures do not matter: the player asks again when the sentence's turn comes.
   */
  prefetch(path) {
    if (this.prefetched.has(path)) return;
    this.prefetched.add(path);
    if (this.prefetched.size > 200) this.prefetched.delete(this.prefetched.values().next().value);
    fetch(this.env.url(withPriority(path, "next")))
      .then((r) => (r.ok ? r.arrayBuffer() : null))
      .catch(() => {});
  }

  /**
   * Play one sentence from its audio address, starting with its first bytes: a cache miss
   * is streamed by the service clause by clause. Where the browser has Media Source
   * Extensions for MP3 (Chrome, Firefox, Safari on the desktop, Android) the response is fed
   * to the element as it arrives: an <audio> given the address itself only starts once
   * Chromium's demuxer has read its first 32 KB (about 8 s of speech at 32 kbit/s), which for
   * most sentences is the whole response. Elsewhere (iPhone Safari has no MediaSource) the
   * element is given the address. A busy service (503 `overloaded`) is announced and asked
   * again after Retry-After (bounded); anything else that fails throws (status carried) so
   * the caller falls back.
   */
  async playAddress(path, token, onstart = () => {}) {
    const address = this.env.url(path);
    let started = false;
    const start = () => started || ((started = true), onstart());
    for (let attempt = 0; ; attempt++) {
      let r = null;
      if (streamable(path)) {
        r = await fetch(address);
        if (token !== this.token) return void cancelBody(r);
        if (r.ok) {
          start();
          return void (await this.playStream(r, token));
        }
      } else {
        start();
        const outcome = await this.play(address, token);
        if (outcome !== "error" || token !== this.token) return;
        // the element only says that it failed; the same request through fetch says why
        r = await fetch(address);
        if (token !== this.token) return void cancelBody(r);
        if (r.ok) {
          const blobUrl = URL.createObjectURL(await r.blob());
          this.objectUrls.add(blobUrl);
          await this.play(blobUrl, token);
          URL.revokeObjectURL(blobUrl);
          this.objectUrls.delete(blobUrl);
          return;
        }
      }
      const err = await httpError(r);
      if (err.code !== "overloaded" || attempt >= BUSY_RETRIES) throw err;
      this.env.announce(this.say(STRINGS.busy));
      const wait = Math.min(MAX_WAIT, Math.max(1, err.retryAfter || 2));
      await this.sleep(wait * 1000, token);
      if (token !== this.token) return;
    }
  }

  /** Play a response's MP3 through a MediaSource, appending each piece as it arrives. */
  async playStream(response, token) {
    const source = new MediaSource();
    const src = URL.createObjectURL(source);
    this.objectUrls.add(src);
    let reader = null;
    const cancel = () => (reader ? reader.cancel() : cancelBody(response))?.catch(() => {});
    this.cancelFeed = cancel;
    const feed = (async () => {
      await new Promise((resolve) => source.addEventListener("sourceopen", resolve, { once: true }));
      const buffer = source.addSourceBuffer(MP3);
      reader = response.body.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done || token !== this.token) break;
        buffer.appendBuffer(value);
        await new Promise((resolve) => buffer.addEventListener("updateend", resolve, { once: true }));
      }
      if (source.readyState === "open" && token === this.token) source.endOfStream();
    })().catch(() => {
      // the response broke off: play what came, then go on with the next sentence
      if (source.readyState === "open") source.endOfStream();
    });
    await this.play(src, token);
    // ended (all of it came), stopped, refused or broken: nothing more is wanted from it
    cancel();
    if (this.cancelFeed === cancel) this.cancelFeed = null;
    // (after stop() the source may never open: nobody waits for it then)
    if (token === this.token) await feed;
    URL.revokeObjectURL(src);
    this.objectUrls.delete(src);
  }

  /** Wait, cut short by stop(). */
  sleep(ms, token) {
    return new Promise((resolve) => {
      const end = Date.now() + ms;
      const watch = setInterval(() => {
        if (token !== this.token || Date.now() >= end) {
          clearInterval(watch);
          resolve();
        }
      }, 100);
    });
  }

  /**
   * Play `src` on the shared element. Resolves how it went: "ended", "error" (the source
   * failed), "blocked" (the browser refused to play) or "stopped".
   */
  play(src, token) {
    return new Promise((resolve) => {
      // one element for every sentence: Safari on iOS lets a page play an element again once
      // a tap has started it, but not a new element created later without a tap
      if (!this.element) this.element = new Audio();
      const audio = this.element;
      audio.src = src;
      audio.volume = this.volume;
      this.audio = audio;
      let finished = false;
      const done = (outcome) => {
        if (finished) return;
        finished = true;
        audio.removeEventListener("ended", onEnded);
        audio.removeEventListener("error", onError);
        clearInterval(watch);
        if (this.audio === audio) this.audio = null;
        resolve(token === this.token ? outcome : "stopped");
      };
      const onEnded = () => done("ended");
      const onError = () => done("error");
      // stop() pauses the element; this notices and lets the loop end
      const watch = setInterval(() => token !== this.token && done("stopped"), 100);
      audio.addEventListener("ended", onEnded);
      audio.addEventListener("error", onError);
      audio.play().catch((e) => {
        if (e && e.name === "NotAllowedError") done("blocked");
        else if (e && e.name === "NotSupportedError") done("error");
        // AbortError: pause() or a new source interrupted it; the events and the watch decide
      });
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
      // and let go of its source: a streamed sentence left half-read would keep the
      // service's synthesis of it waiting on us
      this.audio.removeAttribute("src");
      this.audio.load();
      this.audio = null;
    }
    if (this.cancelFeed) this.cancelFeed();
    this.cancelFeed = null;
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
    text: ctx.text,
  });
  let pointed = null; // the element last pointed at (连读 starts there)
  let hoverTimer = 0;
  let lastRead = null;
  let prepared = ""; // the voice, rate and language this page was last prepared with
  let prepareTimer = 0;

  const on = () => !!ctx.settings.get("speech");

  /**
   * The page's text blocks in reading order, main content first, each exactly as 指读 would
   * send it (so their sentences get the same audio addresses); bounded.
   */
  const pageBlocks = () => {
    const main = ctx.mainContent();
    const rest = [...document.body.querySelectorAll(BLOCKS)].filter((el) => !main.contains(el));
    const texts = [];
    const seen = new Set();
    let total = 0;
    // a main content of bare text and <br>s is one block, as 指读 reads it
    const inMain = main.querySelector(BLOCKS) ? [...main.querySelectorAll(BLOCKS)] : [main];
    for (const el of [...inMain, ...rest]) {
      // blocks holding other blocks are read through those (a <li> of <p>s, a <td> of lists)
      if ((el !== main && el.querySelector(BLOCKS)) || ctx.isOurs(el)) continue;
      const text = collectText([el], { isOurs: ctx.isOurs }).text.slice(0, 2000);
      if (!text.trim() || seen.has(text)) continue;
      if (total + text.length > PREPARE_MAX_CHARS || texts.length >= PREPARE_MAX_BLOCKS) break;
      seen.add(text);
      texts.push(text);
      total += text.length;
    }
    return texts;
  };

  /** Ask the service to make this page's sentences in the background, once per page and
   *  voice (and rate): pointing at a paragraph then finds its audio made. */
  const prepare = () => {
    clearTimeout(prepareTimer);
    if (!on() || reader.fallback) return;
    const lang = ctx.lang === "en" ? "en" : "zh";
    const { voice, rate } = reader;
    const key = `${voice}|${rate}|${lang}`;
    if (key === prepared) return;
    prepared = key;
    const texts = pageBlocks();
    if (!texts.length) return;
    // nothing to tell the visitor when it fails: reading asks for each sentence anyway
    ctx.postJSON("/api/speech/prepare", { texts, voice, rate, lang }).catch(() => {});
  };
  const prepareSoon = (ms) => {
    clearTimeout(prepareTimer);
    prepareTimer = setTimeout(prepare, ms);
  };

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
  // 声音 was left on: this new page is prepared too
  if (on()) prepareSoon(300);

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
      const next = RATE_STEPS[Math.max(0, Math.min(RATE_STEPS.length - 1, (i < 0 ? RATE_STEPS.indexOf(1) : i) + direction))];
      ctx.settings.set("rate", next);
      ctx.announce(`${reader.say(STRINGS.rate)} ${next}×`);
      // new audio addresses: prepare the page again once the visitor has settled on a rate
      prepareSoon(2000);
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
          if (value) prepare();
          return;
        case "pointread":
          lastRead = null;
          if (value && !on()) ctx.settings.set("speech", true);
          if (!value) reader.stop(true);
          prepare();
          return;
        case "continuous":
          if (!value) return reader.stop();
          if (!on()) ctx.settings.set("speech", true);
          prepare();
          return continuous();
        case "female":
        case "male":
          ctx.announce(reader.say(reader.reading ? STRINGS.voiceNext : STRINGS.voiceChosen) + ctx.t(id));
          prepareSoon(800);
          return;
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
      clearTimeout(prepareTimer);
      unwatch();
    },
  };
}
