/**
 * Leave-site confirmation: 「您访问的链接即将离开本网站，是否继续？」
 *
 * assist.js decides that a click (plain, modified or middle) goes to another host that is
 * not in the operator's allow-list, calls preventDefault(), imports this module and calls
 * confirmLeave(). The dialog is a native <dialog> opened with showModal() in our own
 * shadow root: the page behind it is inert, focus starts on 继续访问, Tab and Shift+Tab stay
 * inside (Chromium otherwise lets focus leave a modal dialog for the browser's own UI),
 * Enter continues, Esc cancels, and focus goes back to the link when the visitor stays.
 */

const TEXT = {
  title: { zh: "您访问的链接即将离开本网站，是否继续？", en: "This link leaves this website. Continue?" },
  address: { zh: "目标网址：", en: "Address: " },
  newTab: { zh: "（将在新标签页中打开）", en: "(opens in a new tab)" },
  go: { zh: "继续访问", en: "Continue" },
  stay: { zh: "取消", en: "Cancel" },
};

const CSS = `
dialog{box-sizing:border-box;width:min(32rem,calc(100vw - 24px));padding:0;border:3px solid #0b3d78;border-radius:8px;
  background:#fff;color:#111;font:18px/1.6 system-ui,"PingFang SC","Microsoft YaHei","Noto Sans CJK SC",sans-serif}
dialog::backdrop{background:rgba(0,0,0,.55)}
h2{margin:0;padding:12px 16px;font-size:1.1em;background:#0b3d78;color:#fff}
.body{padding:12px 16px 16px}
.url{word-break:break-all;font-size:.9em}
.buttons{display:flex;flex-wrap:wrap;justify-content:flex-end;gap:10px;margin-top:14px}
button{font:inherit;min-height:44px;min-width:6em;padding:6px 16px;border:2px solid #0b3d78;border-radius:6px;
  background:#fff;color:#0b3d78;cursor:pointer}
button.go{background:#0b3d78;color:#fff}
button:focus-visible{outline:3px solid #b34700;outline-offset:3px}
@media (forced-colors:active){dialog{border-color:CanvasText}button{border-color:ButtonText}}`;

let pending = null;

/**
 * Ask before leaving the site. Resolves true when the visitor continued (and we navigated),
 * false when they stayed. A second call while the dialog is open joins the first.
 * @param {string} href absolute http(s) URL of the link
 * @param {object} lite assist.js's light context (text, createShadow)
 * @param {{newTab?: boolean, link?: Element|null}} [opts] newTab: open in a new tab
 *   (Ctrl/⌘/Shift/middle click or target=_blank); link: where focus returns on cancel
 * @returns {Promise<boolean>}
 */
export function confirmLeave(href, lite, { newTab = false, link = null } = {}) {
  if (pending) return pending;
  pending = new Promise((resolve) => {
    const say = (k) => lite.text(TEXT[k]);
    const returnTo = link || document.activeElement;
    const host = document.createElement("barrierfree-leave");
    const root = lite.createShadow(host, CSS);

    const dialog = document.createElement("dialog");
    dialog.setAttribute("aria-labelledby", "bf-leave-title");
    dialog.setAttribute("aria-describedby", "bf-leave-url");
    dialog.lang = lite.lang === "en" ? "en" : "zh-CN";
    const title = document.createElement("h2");
    title.id = "bf-leave-title";
    title.textContent = say("title");
    const url = document.createElement("p");
    url.id = "bf-leave-url";
    url.className = "url";
    url.textContent = say("address") + href + (newTab ? " " + say("newTab") : "");
    const go = document.createElement("button");
    go.type = "button";
    go.className = "go";
    go.textContent = say("go");
    const stay = document.createElement("button");
    stay.type = "button";
    stay.className = "stay";
    stay.textContent = say("stay");
    const buttons = document.createElement("div");
    buttons.className = "buttons";
    buttons.append(go, stay);
    const body = document.createElement("div");
    body.className = "body";
    body.append(url, buttons);
    dialog.append(title, body);
    root.append(dialog);

    let decided = false;
    const finish = (leave) => {
      if (decided) return;
      decided = true;
      if (dialog.open) dialog.close();
      host.remove();
      pending = null;
      if (leave) {
        if (newTab) window.open(href, "_blank", "noopener");
        else location.assign(href);
      } else if (returnTo && returnTo.isConnected && typeof returnTo.focus === "function") {
        returnTo.focus();
      }
      resolve(leave);
    };

    go.addEventListener("click", () => finish(true));
    stay.addEventListener("click", () => finish(false));
    // Esc: the dialog's own cancel event; we close it ourselves to restore focus
    dialog.addEventListener("cancel", (e) => {
      e.preventDefault();
      finish(false);
    });
    dialog.addEventListener("keydown", (e) => {
      if (e.key === "Escape") {
        e.preventDefault();
        finish(false);
      } else if (e.key === "Enter") {
        // Enter continues, except on 取消, which keeps its own meaning
        e.preventDefault();
        finish(root.activeElement !== stay);
      } else if (e.key === "Tab") {
        e.preventDefault();
        const order = [go, stay];
        const i = order.indexOf(root.activeElement);
        const next = e.shiftKey ? (i <= 0 ? order.length - 1 : i - 1) : (i + 1) % order.length;
        order[next].focus();
      }
    });

    document.documentElement.append(host);
    dialog.showModal();
    go.focus();
  });
  return pending;
}
