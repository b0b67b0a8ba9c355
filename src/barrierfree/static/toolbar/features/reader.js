/**
 * 轻松阅读: the page's article alone — title, date, 来源, paragraphs — in the reading view
 * (view.js: large type, the chosen colour scheme, A− / A＋, read-aloud, Esc and 退出).
 *
 * The article comes from the service (POST /api/read with the page's HTML and address), so
 * the view shows exactly what the junk-free extraction kept and nothing of the page's menus,
 * share bars or footers.
 */

import { View } from "../view.js";
import { FAR_TAG } from "./pinyin.js";

const STRINGS = {
  read: { zh: "朗读", en: "Read aloud" },
  readTitle: { zh: "朗读全文，再按一次停止", en: "Read the article aloud; press again to stop" },
  loading: { zh: "正在提取正文……", en: "Finding the article…" },
  failed: { zh: "无法提取正文：", en: "Could not read the article: " },
  empty: { zh: "这个页面没有找到正文。", en: "No article was found on this page." },
  source: { zh: "来源：", en: "Source: " },
  date: { zh: "发布日期：", en: "Published: " },
};

/**
 * The page's HTML as the visitor has it now, without the toolbar's own elements (and
 * without pinyin annotations, which are not the page's text).
 * @returns {string}
 */
export function pageHtml() {
  const clone = document.documentElement.cloneNode(true);
  for (const el of clone.querySelectorAll("*")) {
    const name = el.localName;
    if (name.startsWith("barrierfree-") || name === "bf-reading-view" || el.id === "barrierfree-page-style") {
      el.remove();
    } else if (name === "rt" || name === "rp") {
      el.remove();
    } else if (name === FAR_TAG) {
      el.replaceWith(...el.childNodes); // 拼音's far text node: its text alone
    }
  }
  return `<!DOCTYPE html>\n${clone.outerHTML}`;
}

/**
 * The page's own address; on a page shown through the service's proxy (/browse?url=…),
 * the proxied page's address.
 * @returns {string}
 */
export function pageUrl() {
  const here = new URL(location.href);
  const proxied = here.pathname.endsWith("/browse") ? here.searchParams.get("url") : null;
  return proxied && /^https?:\/\//i.test(proxied) ? proxied : location.href;
}

/**
 * Parse the service's (already sanitised) article HTML into nodes, dropping anything
 * active a second time: the view lives in the visitor's page.
 * @param {string} html
 * @returns {DocumentFragment}
 */
export function safeFragment(html) {
  const tpl = document.createElement("template");
  tpl.innerHTML = html;
  for (const el of tpl.content.querySelectorAll("script,style,iframe,object,embed,form,link,meta,base")) el.remove();
  for (const el of tpl.content.querySelectorAll("*")) {
    for (const attr of [...el.attributes]) {
      const value = attr.value.replace(/[\u0000-\u0020]/g, "").toLowerCase();
      if (attr.name.startsWith("on") || attr.name === "style" || /^(javascript|vbscript|data):/.test(value)) {
        el.removeAttribute(attr.name);
      }
    }
  }
  return tpl.content;
}

/**
 * The article's date as precisely as the page gave it: the service sends a full ISO date
 * (on the 1st when the page states only a month or year) and `date_precision`.
 * @param {string} iso "YYYY-MM-DD"
 * @param {(s: {zh: string, en?: string}) => string} text the strings picker (ctx.text)
 * @param {"day"|"month"|"year"|null|undefined} precision
 */
function formatDate(iso, text, precision) {
  if (!iso) return "";
  const [y, m, d] = iso.split("-").map(Number);
  if (precision === "year") return text({ zh: `${y}年`, en: String(y) });
  if (precision === "month") return text({ zh: `${y}年${m}月`, en: iso.slice(0, 7) });
  return text({ zh: `${y}年${m}月${d}日`, en: iso });
}

/** @param {import('../core.js').Ctx} ctx */
export function create(ctx) {
  let request = 0;

  const view = new View(ctx, {
    name: ctx.t("reader"),
    onClose: () => {
      hide();
      if (ctx.settings.get("reader")) ctx.settings.set("reader", false);
    },
  });
  const say = (s) => view.say(s);

  function blocks() {
    return [...view.page.querySelectorAll("h1,.meta,h2,h3,h4,h5,h6,p,li,tr,pre,figcaption")].filter(
      (el) => el.textContent.trim() && !el.closest("li p, tr p") && !(el.localName === "p" && el.closest("li")),
    );
  }

  function render(article) {
    const page = view.page;
    page.replaceChildren();
    const main = document.createElement("article");
    if (article.lang) main.lang = article.lang === "zh" ? "zh-CN" : article.lang;
    if (article.title) {
      const h1 = document.createElement("h1");
      h1.textContent = article.title;
      main.append(h1);
    }
    if (article.date || article.source) {
      const meta = document.createElement("p");
      meta.className = "meta";
      if (article.date) {
        const s = document.createElement("span");
        s.textContent = say(STRINGS.date) + formatDate(article.date, ctx.text, article.date_precision);
        meta.append(s);
      }
      if (article.source) {
        const s = document.createElement("span");
        s.textContent = say(STRINGS.source) + article.source;
        meta.append(s);
      }
      main.append(meta);
    }
    const body = document.createElement("div");
    body.className = "body";
    if (article.html && article.paragraphs && article.paragraphs.length) {
      body.append(safeFragment(article.html));
    } else {
      const p = document.createElement("p");
      p.className = "status";
      p.textContent = say(STRINGS.empty);
      body.append(p);
    }
    main.append(body);
    page.append(main);
    view.readAloud(STRINGS.read, STRINGS.readTitle, blocks);
  }

  async function show() {
    view.show();
    view.status(say(STRINGS.loading));
    const mine = ++request;
    try {
      const article = await ctx.postJSON("/api/read", { html: pageHtml(), url: pageUrl() });
      if (mine !== request || !view.open) return;
      render(article);
    } catch (err) {
      if (mine !== request || !view.open) return;
      view.status(say(STRINGS.failed) + String((err && err.message) || err));
    }
  }

  function hide() {
    request++;
    view.close();
  }

  return {
    /** @param {string} id @param {unknown} value */
    command(id, value) {
      if (id !== "reader") return undefined;
      return value ? show() : hide();
    },
    destroy() {
      hide();
    },
  };
}
