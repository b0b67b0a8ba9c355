/**
 * 无障碍语音播报: an article-page component. A site marks an element with `data-bf-speak`;
 * when it is a <button> it becomes the control, otherwise a button is drawn inside it (in a
 * shadow root of our own). Pressing it reads the article aloud — the container named by the
 * attribute's value (a CSS selector), else the page's main content (`[data-bf-article]`, or
 * what `content.js` finds) —
 * sentence by sentence with highlighting; pressing again (or Esc) stops. Works without
 * opening the toolbar and uses the visitor's saved rate, volume and voice (女声/男声).
 */
import { mainContent } from "../content.js";
import { builtInDefault } from "../settings.js";
import { SpeechPlayer } from "../speech/player.js";
import { collectText } from "../speech/textmap.js";

const LABEL = { zh: "无障碍语音播报", en: "Read this article aloud" };
const STOP = { zh: "停止播报", en: "Stop reading" };

function target(el) {
  const sel = el.getAttribute("data-bf-speak");
  if (sel) {
    try {
      const t = document.querySelector(sel);
      if (t) return t;
    } catch {
      /* not a selector: fall through to the article */
    }
  }
  return mainContent();
}

/**
 * Wire one `[data-bf-speak]` element.
 * @param {Element} el the marked element
 * @param {object} lite assist.js's light context (url, postJSON, settings, pageStyle, lang, text, createShadow)
 */
export function mount(el, lite) {
  let button;
  let live;
  if (el.localName === "button") {
    button = el;
  } else {
    const host = document.createElement("barrierfree-speak");
    const root = lite.createShadow(
      host,
      `button{font:inherit;min-height:40px;padding:4px 12px;border:2px solid #0b4f9c;
      border-radius:6px;background:#fff;color:#0b3d78;cursor:pointer}button:focus-visible{outline:3px solid #ffbf00;
      outline-offset:2px}button[aria-pressed=true]{background:#0b4f9c;color:#fff}
      .sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}`,
    );
    root.innerHTML = `<button type="button" aria-pressed="false"></button><div class="sr" aria-live="polite"></div>`;
    button = root.querySelector("button");
    button.textContent = lite.text(LABEL);
    live = root.querySelector(".sr");
    el.append(host);
  }
  // what the button holds (on a site's own button: its icon, its markup) comes back, the very
  // same nodes, when reading stops; while it reads, the button says 停止播报
  const own = [...button.childNodes];
  const player = new SpeechPlayer({
    url: lite.url,
    postJSON: lite.postJSON,
    settings: { get: (k) => lite.settings.get(k) ?? builtInDefault(k) },
    // a site's own button gets no live region of ours (no ARIA on host elements): the label says it
    announce: (text) => {
      if (live) live.textContent = text;
    },
    pageStyle: lite.pageStyle,
    lang: lite.lang,
    text: lite.text,
  });
  const showing = (reading) => {
    if (reading) button.textContent = lite.text(STOP);
    else button.replaceChildren(...own);
    if (live) button.setAttribute("aria-pressed", String(reading));
  };
  const onKey = (e) => {
    if (e.key === "Escape" && player.reading) {
      player.stop();
      showing(false);
    }
  };
  button.addEventListener("click", async (e) => {
    e.preventDefault();
    if (player.reading) {
      player.stop();
      showing(false);
      return;
    }
    showing(true);
    document.addEventListener("keydown", onKey, true);
    try {
      await player.read(collectText([target(el)], { isOurs: (n) => n === button || n.localName === "barrierfree-speak" }));
    } catch (err) {
      console.warn("barrierfree: reading failed", err);
    } finally {
      document.removeEventListener("keydown", onKey, true);
      if (!player.reading) showing(false);
    }
  });
}
