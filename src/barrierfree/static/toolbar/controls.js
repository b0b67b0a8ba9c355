/**
 * The toolbar's controls table: what core draws, in order, and what each button does.
 * Labels are in labels.js (keyed by `id`), settings in settings.js (keyed by `setting`).
 */

/**
 * The controls, in toolbar order. kind: "toggle" (aria-pressed, boolean setting),
 * "action" (a press), "choice" (a menu of `values`, setting holds the value), "option" (one
 * of a radio-like set of buttons sharing a setting: pressed when the setting is its `value`).
 * `setting` names the control's row in settings.js; `key` is the Alt+Shift shortcut (KeyX code).
 * Alt+Shift+A, B, I and T are left alone: Chrome uses them (focus inactive dialog, bookmarks
 * bar, feedback, toolbar; https://support.google.com/chrome/answer/157179). Screen readers use
 * Insert/CapsLock or Ctrl+Option, so Alt+Shift letters stay theirs.
 * A row without `module` is handled by core itself.
 */
export const CONTROLS = [
  { id: "speech", group: "speech", kind: "toggle", module: "speech", setting: "speech", key: "S" },
  { id: "pointread", group: "speech", kind: "toggle", module: "speech", setting: "pointread", key: "D" },
  { id: "continuous", group: "speech", kind: "toggle", module: "speech", setting: "continuous", key: "L" },
  { id: "female", group: "speech", kind: "option", module: "speech", setting: "voice", value: "female" },
  { id: "male", group: "speech", kind: "option", module: "speech", setting: "voice", value: "male" },
  { id: "slower", group: "speech", kind: "action", module: "speech" },
  { id: "faster", group: "speech", kind: "action", module: "speech" },
  { id: "volumeup", group: "speech", kind: "action", module: "speech" },
  { id: "volumedown", group: "speech", kind: "action", module: "speech" },
  { id: "zoomin", group: "view", kind: "action", module: "zoom", key: "Z" },
  { id: "zoomout", group: "view", kind: "action", module: "zoom", key: "X" },
  {
    id: "scheme", group: "view", kind: "choice", module: "colors", setting: "scheme", key: "C",
    values: ["original", "white", "blue", "yellow", "black"],
  },
  { id: "cursor", group: "view", kind: "toggle", module: "cursor", setting: "cursor", key: "M" },
  { id: "guides", group: "view", kind: "toggle", module: "guides", setting: "guides", key: "G" },
  { id: "caption", group: "view", kind: "toggle", module: "caption", setting: "caption", key: "E" },
  { id: "pinyin", group: "view", kind: "toggle", module: "pinyin", setting: "pinyin", key: "P" },
  { id: "reader", group: "read", kind: "toggle", module: "reader", setting: "reader", key: "R" },
  { id: "textview", group: "read", kind: "toggle", module: "textview", setting: "textview", key: "V" },
  { id: "back", group: "nav", kind: "action" },
  { id: "forward", group: "nav", kind: "action" },
  { id: "reload", group: "nav", kind: "action" },
  { id: "fullscreen", group: "nav", kind: "toggle", setting: "fullscreen", key: "F" },
  { id: "help", group: "nav", kind: "action", module: "help", key: "H" },
  { id: "skin", group: "nav", kind: "choice", setting: "skin", values: ["blue", "dark", "light"], key: "K" },
  { id: "exit", group: "exit", kind: "action", key: "Q" },
];
