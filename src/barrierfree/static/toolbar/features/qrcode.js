/**
 * 扫一扫在手机打开当前页: a popup with the QR code of the current address (drawn by the
 * service, GET /api/qr) and the address as text, so it can be typed or read aloud too.
 *
 * The site's `[data-bf-qrcode]` element is used as the trigger when it is a button or a link;
 * otherwise we draw our own button inside it. The popup is a non-modal dialog in our own
 * shadow root: focus moves into it, Esc or 关闭 closes it and focus returns to the trigger.
 */

const TEXT = {
  button: { zh: "扫一扫在手机打开当前页", en: "Scan to open this page on your phone" },
  title: { zh: "扫一扫在手机打开当前页", en: "Open this page on your phone" },
  alt: { zh: "当前页网址的二维码", en: "QR code of this page's address" },
  address: { zh: "网址：", en: "Address: " },
  close: { zh: "关闭", en: "Close" },
};

const CSS = `
.pop{position:fixed;z-index:2147483646;left:50%;top:50%;translate:-50% -50%;box-sizing:border-box;
  width:min(20rem,calc(100vw - 24px));padding:0;border:3px solid #0b3d78;border-radius:8px;background:#fff;color:#111;
  font:16px/1.5 system-ui,"PingFang SC","Microsoft YaHei","Noto Sans CJK SC",sans-serif;box-shadow:0 4px 18px rgba(0,0,0,.4)}
.pop[hidden]{display:none}
h2{margin:0;padding:8px 12px;font-size:1.05em;background:#0b3d78;color:#fff}
.body{padding:12px;text-align:center}
img{display:block;width:min(240px,100%);height:auto;margin:0 auto;background:#fff;image-rendering:pixelated}
.url{margin:10px 0 0;word-break:break-all;text-align:left;font-size:.9em}
button{font:inherit;min-height:40px;min-width:44px;padding:4px 14px;border:2px solid #0b3d78;border-radius:6px;
  background:#fff;color:#0b3d78;cursor:pointer;margin-top:10px}
button:focus-visible{outline:3px solid #b34700;outline-offset:2px}
.own{margin:0}
@media (forced-colors:active){.pop{border-color:CanvasText}}`;

const mounted = new WeakSet();

/**
 * Wire one 扫一扫 element.
 * @param {HTMLElement} el the site's [data-bf-qrcode] element
 * @param {object} lite assist.js's light context (url, text, createShadow)
 */
export function mount(el, lite) {
  if (mounted.has(el)) return;
  mounted.add(el);
  const say = (k) => lite.text(TEXT[k]);
  let trigger = el;
  if (!el.matches("button, a[href], [role=button]")) {
    const host = document.createElement("barrierfree-qrcode-button");
    const r = lite.createShadow(host, CSS);
    trigger = document.createElement("button");
    trigger.type = "button";
    trigger.className = "own";
    trigger.textContent = say("button");
    r.append(trigger);
    el.append(host);
  }

  let popup = null;
  let returnTo = null;

  const close = () => {
    if (!popup || popup.host.hidden) return;
    popup.host.hidden = true;
    popup.dialog.hidden = true;
    if (returnTo && returnTo.isConnected) returnTo.focus();
  };

  const build = () => {
    const host = document.createElement("barrierfree-qrcode");
    const root = lite.createShadow(host, CSS);
    const dialog = document.createElement("div");
    dialog.className = "pop";
    dialog.setAttribute("role", "dialog");
    dialog.setAttribute("aria-labelledby", "bf-qr-title");
    dialog.tabIndex = -1;
    dialog.lang = lite.lang === "en" ? "en" : "zh-CN";
    const title = document.createElement("h2");
    title.id = "bf-qr-title";
    title.textContent = say("title");
    const img = document.createElement("img");
    img.alt = say("alt");
    img.width = 240;
    img.height = 240;
    const url = document.createElement("p");
    url.className = "url";
    const shut = document.createElement("button");
    shut.type = "button";
    shut.textContent = say("close");
    shut.addEventListener("click", close);
    const body = document.createElement("div");
    body.className = "body";
    body.append(img, url, shut);
    dialog.append(title, body);
    dialog.addEventListener("keydown", (e) => {
      if (e.key === "Escape") {
        e.preventDefault();
        e.stopPropagation();
        close();
      }
    });
    root.append(dialog);
    document.documentElement.append(host);
    // a click anywhere else closes it, as popups do
    document.addEventListener("pointerdown", (e) => {
      if (!host.hidden && !e.composedPath().includes(host) && !e.composedPath().includes(trigger)) close();
    });
    return { host, dialog, img, url };
  };

  const open = () => {
    if (!popup) popup = build();
    const href = location.href;
    popup.img.src = lite.url(`/api/qr?url=${encodeURIComponent(href)}`);
    popup.url.textContent = say("address") + href;
    popup.host.hidden = false;
    popup.dialog.hidden = false;
    returnTo = trigger;
    popup.dialog.focus();
  };

  trigger.addEventListener("click", (e) => {
    e.preventDefault();
    if (popup && !popup.host.hidden) close();
    else open();
  });
}
