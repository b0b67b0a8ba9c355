/**
 * 声音 (读屏) / 指读 / 连读 / 女声·男声 / 语速 / 音量: reading the page aloud.
 *
 * The pieces: the text map (speech/textmap.js) turns elements into text with a map back to
 * the DOM; the player (speech/player.js) plans, fetches, plays and highlights; the pointer
 * and focus wiring (speech/pointing.js) tells 指读 what the visitor points at. This module
 * holds the controls' behaviour, and asks the service to prepare the page: when 声音 is
 * switched on, the page's text blocks are sent to /api/speech/prepare (main content first),
 * so that pointing at a paragraph usually finds its audio made already.
 *
 * Other modules reuse it through `ctx.load("speech")`: `readText`, `readElements`, `stop`
 * (see {@link create}).
 */

import { SpeechPlayer } from "../speech/player.js";
import { elementText, followPointing } from "../speech/pointing.js";
import { collectText } from "../speech/textmap.js";

// fine steps below 1×: elderly listeners often want about 0.8×, two presses of 减慢语速
const RATE_STEPS = [0.5, 0.6, 0.7, 0.8, 0.9, 1, 1.25, 1.5, 1.75, 2];
const VOLUME_STEP = 0.1;
// what 声音 asks the service to prepare: text blocks, and how much of a page
const BLOCKS = "h1,h2,h3,h4,h5,h6,p,li,dt,dd,td,th,caption,figcaption,blockquote,pre,summary,legend";
const PREPARE_MAX_CHARS = 20000;
const PREPARE_MAX_BLOCKS = 500;

const STRINGS = {
  rate: { zh: "语速", en: "Rate" },
  volume: { zh: "音量", en: "Volume" },
  voiceNext: { zh: "下一句起改用", en: "From the next sentence: " },
  voiceChosen: { zh: "已选", en: "Chosen: " },
  done: { zh: "朗读完毕", en: "Finished reading" },
};

/**
 * The speech feature.
 * @param {import('../core.js').Ctx} ctx
 */
export function create(ctx) {
  const player = new SpeechPlayer({
    url: ctx.url,
    postJSON: ctx.postJSON,
    settings: ctx.settings,
    announce: ctx.announce,
    pageStyle: ctx.pageStyle,
    lang: ctx.lang,
    text: ctx.text,
  });
  let pointed = null; // the element last pointed at (连读 starts there)
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
    if (!on() || player.fallback) return;
    const lang = ctx.lang === "en" ? "en" : "zh";
    const { voice, rate } = player;
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

  const readPointed = (el) => {
    if (!el || el === lastRead || !on() || !ctx.settings.get("pointread")) return;
    if (ctx.settings.get("continuous") && player.reading) return; // 连读 is in charge
    const text = elementText(el).slice(0, 2000);
    if (!text) return;
    lastRead = el;
    const source =
      el.localName === "img" || el.localName === "input" ? { text } : collectText([el], { isOurs: ctx.isOurs });
    if (!source.text.trim()) source.text = text;
    // a pointed container is read only so far: 指读 reads what is under the pointer, not the page
    source.text = source.text.slice(0, 2000);
    player.read(source, { highlight: true }).catch((err) => ctx.announce(String(err.message || err)));
  };

  const unfollow = followPointing(ctx, {
    point(el) {
      pointed = el;
      if (el !== lastRead) lastRead = null; // coming back to an element reads it again
    },
    rest: readPointed,
    escape() {
      if (!player.reading) return;
      player.stop();
      if (ctx.settings.get("continuous")) ctx.settings.set("continuous", false);
    },
  });
  // 声音 was left on: this new page is prepared too
  if (on()) prepareSoon(300);

  async function continuous() {
    const main = ctx.mainContent();
    let from = pointed && main.contains(pointed) ? pointed : null;
    const active = document.activeElement;
    if (!from && active && active !== document.body && main.contains(active)) from = active;
    const source = collectText([main], { from, isOurs: ctx.isOurs });
    const complete = await player.read(source, { highlight: true });
    if (complete) {
      ctx.settings.set("continuous", false);
      ctx.announce(ctx.text(STRINGS.done));
    }
  }

  function step(kind, direction) {
    if (kind === "rate") {
      const i = RATE_STEPS.findIndex((r) => r >= player.rate - 1e-9);
      const next = RATE_STEPS[Math.max(0, Math.min(RATE_STEPS.length - 1, (i < 0 ? RATE_STEPS.indexOf(1) : i) + direction))];
      ctx.settings.set("rate", next);
      ctx.announce(`${ctx.text(STRINGS.rate)} ${next}×`);
      // new audio addresses: prepare the page again once the visitor has settled on a rate
      prepareSoon(2000);
    } else {
      const next = Math.round(Math.max(0, Math.min(1, player.volume + direction * VOLUME_STEP)) * 10) / 10;
      ctx.settings.set("volume", next);
      player.applyVolume();
      ctx.announce(`${ctx.text(STRINGS.volume)} ${Math.round(next * 100)}%`);
    }
  }

  return {
    player,
    /** @param {string} id @param {unknown} value */
    async command(id, value) {
      switch (id) {
        case "speech":
          // any press of 声音 stops what is being read
          player.stop(!player.reading);
          lastRead = null;
          if (ctx.settings.get("continuous")) ctx.settings.set("continuous", false);
          if (!value && ctx.settings.get("pointread")) ctx.settings.set("pointread", false);
          if (value) prepare();
          return;
        case "pointread":
          lastRead = null;
          if (value && !on()) ctx.settings.set("speech", true);
          if (!value) player.stop(true);
          prepare();
          return;
        case "continuous":
          if (!value) return player.stop();
          if (!on()) ctx.settings.set("speech", true);
          prepare();
          return continuous();
        case "female":
        case "male":
          ctx.announce(ctx.text(player.reading ? STRINGS.voiceNext : STRINGS.voiceChosen) + ctx.t(id));
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
      return player.read({ text: String(text) }, { highlight: false });
    },
    /**
     * Read elements aloud sentence by sentence, highlighting the sentence being read.
     * @param {Element[]} elements in reading order
     * @param {{highlight?: boolean, from?: Node, onsentence?: (i: number, s: object) => void}} opts
     * @returns {Promise<boolean>} true when read to the end
     */
    readElements(elements, { highlight = true, from = null, onsentence } = {}) {
      const source = collectText([...elements], { from, isOurs: ctx.isOurs });
      return player.read(source, { highlight, onsentence });
    },
    /** Stop reading now. */
    stop() {
      player.stop();
    },
    /** Is something being read? */
    get reading() {
      return player.reading;
    },
    destroy() {
      player.stop(true);
      clearTimeout(prepareTimer);
      unfollow();
    },
  };
}
