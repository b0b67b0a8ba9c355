/**
 * The menu of a "choice" control (配色, 换肤): a button that opens a list of its values as
 * buttons, each `aria-pressed` while the setting holds it. Arrow keys move between them,
 * Esc closes it and gives focus back to its button, and leaving it (focus or pointer) closes it.
 */

export class ChoiceMenu {
  /**
   * @param {object} control the controls-table row (kind "choice")
   * @param {HTMLButtonElement} button the control's button in the bar
   * @param {object} opts
   * @param {(key: string) => string} opts.t a label of labels.js
   * @param {"top"|"bottom"} opts.position where the toolbar sits (the menu opens away from it)
   * @param {(value: string) => void} opts.choose a value was picked
   */
  constructor(control, button, { t, position, choose }) {
    this.button = button;
    this.position = position;
    const wrap = document.createElement("div");
    wrap.className = "wrap";
    const menu = document.createElement("div");
    menu.className = "menu";
    menu.hidden = true;
    menu.id = `bf-menu-${control.id}`;
    menu.setAttribute("role", "group");
    menu.setAttribute("aria-label", t(control.id));
    for (const v of control.values) {
      const o = document.createElement("button");
      o.type = "button";
      o.dataset.value = v;
      o.textContent = t(`${control.id}.${v}`);
      o.setAttribute("aria-pressed", "false");
      o.addEventListener("click", () => {
        choose(v);
        this.close(true);
      });
      menu.append(o);
    }
    menu.addEventListener("keydown", (e) => {
      if (e.key === "Escape") {
        e.stopPropagation();
        this.close(true);
      } else if (e.key === "ArrowDown" || e.key === "ArrowUp") {
        e.preventDefault();
        const items = [...menu.querySelectorAll("button")];
        const i = items.indexOf(menu.getRootNode().activeElement);
        items[(i + (e.key === "ArrowDown" ? 1 : items.length - 1)) % items.length].focus();
      }
    });
    wrap.addEventListener("focusout", (e) => {
      if (!wrap.contains(e.relatedTarget)) this.close();
    });
    button.setAttribute("aria-expanded", "false");
    button.setAttribute("aria-controls", menu.id);
    wrap.append(button, menu);
    /** the element to place in the bar: the button and its menu */
    this.element = wrap;
    this.menu = menu;
  }

  get isOpen() {
    return this.button.getAttribute("aria-expanded") === "true";
  }

  /** Show the menu under (or above) its button and focus the value the setting holds. */
  open() {
    const b = this.button;
    const menu = this.menu;
    menu.hidden = false;
    // fixed, placed by hand: the bar scrolls sideways on phones and would clip an absolute menu
    const r = b.getBoundingClientRect();
    const m = menu.getBoundingClientRect();
    menu.style.left = `${Math.max(4, Math.min(r.left, innerWidth - m.width - 4))}px`;
    if (this.position === "bottom") menu.style.bottom = `${innerHeight - r.top}px`;
    else menu.style.top = `${r.bottom}px`;
    b.setAttribute("aria-expanded", "true");
    const current = menu.querySelector('[aria-pressed="true"]') || menu.querySelector("button");
    current.focus();
  }

  /** Hide the menu; `refocus` gives focus back to its button. */
  close(refocus = false) {
    if (!this.isOpen) return;
    this.menu.hidden = true;
    this.button.setAttribute("aria-expanded", "false");
    if (refocus) this.button.focus();
  }

  /** Mark the value the setting holds now. */
  mark(value) {
    for (const o of this.menu.querySelectorAll("button")) o.setAttribute("aria-pressed", String(o.dataset.value === value));
  }
}
