/**
 * The speech player: reads a text map (textmap.js) aloud sentence by sentence.
 *
 * Text goes to the service's /api/speech/plan, which splits it into sentences (with their
 * offsets) and gives each an immutable audio address. The sentence about to play is played
 * as its audio arrives (see {@link SpeechPlayer#playAddress}), so a cache miss, which the
 * service streams clause by clause, starts with its first clause; the next sentence is
 * requested at the same time with `priority=next`, so the service makes it while this one
 * plays and the player's own request for it is then a cache hit. The sentence being read is
 * highlighted with the CSS Custom Highlight API, which paints without touching the page's
 * DOM, and scrolled into view.
 *
 * A busy service (503 `overloaded`) is asked again after its Retry-After, a few times, and
 * the visitor is told to wait. When the service has no engine (503) or cannot be reached, or
 * stays busy, the browser's own speechSynthesis reads instead and the visitor is told which
 * voice is in use.
 */

import { rangeOf } from "./textmap.js";

const HIGHLIGHT = "bf-speech";
const VOICES = ["female", "male"];
// a busy service is asked again this many times, waiting its Retry-After (at most MAX_WAIT s)
const BUSY_RETRIES = 3;
const MAX_WAIT = 10;

const STRINGS = {
  fallback: { zh: "服务器语音不可用，改用浏览器语音：", en: "Server speech unavailable, using the browser voice: " },
  defaultVoice: { zh: "浏览器默认语音", en: "the browser's default voice" },
  noVoice: { zh: "此浏览器不能朗读，服务器语音也不可用", en: "Speech is not available in this browser or on the server" },
  stopped: { zh: "已停止朗读", en: "Reading stopped" },
  busy: { zh: "语音服务繁忙，请稍候…", en: "The speech service is busy, please wait…" },
};

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

/**
 * The speech player: plans, fetches one sentence ahead, plays, highlights. Shared by the
 * toolbar (features/speech.js) and the 无障碍语音播报 component (speakbutton.js).
 */
export class SpeechPlayer {
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
