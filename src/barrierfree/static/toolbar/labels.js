/**
 * The labels of the toolbar's controls, in both languages, picked with `ctx.t(key)` (which
 * is `ctx.text(LABELS[key])`: every string of the toolbar is a `{zh, en}` pair, English falls
 * back to Chinese). Keys: `<id>` the visible label, `<id>.title` the tooltip and the help
 * dialog's description, `<id>.<value>` a choice's value, `<id>.name` a fuller accessible name
 * (used only where it starts with the visible label, WCAG 2.5.3), `group.<group>` a group's name.
 */

export const LABELS = {
  "toolbar": { zh: "无障碍工具条", en: "Accessibility toolbar" },
  "error": { zh: "出错了", en: "Something went wrong" },
  "group.speech": { zh: "读屏", en: "Speech" },
  "group.view": { zh: "显示", en: "Display" },
  "group.read": { zh: "阅读", en: "Reading" },
  "group.nav": { zh: "浏览", en: "Browsing" },
  "group.exit": { zh: "退出", en: "Close" },
  "speech": { zh: "声音", en: "Sound" },
  "speech.name": { zh: "声音 读屏" },
  "speech.title": {
    zh: "读屏：打开或关闭声音；关闭时不会朗读任何内容，Esc 停止朗读",
    en: "Screen reading: turn speech on or off; nothing is read while it is off. Esc stops reading",
  },
  "pointread": { zh: "指读", en: "Point read" },
  "pointread.title": {
    zh: "鼠标停留或键盘聚焦到哪里，就朗读哪里",
    en: "Read what the pointer rests on or what has keyboard focus",
  },
  "continuous": { zh: "连读", en: "Read on" },
  "continuous.title": {
    zh: "从当前位置起逐句朗读正文，并高亮正在朗读的句子",
    en: "Read the main text sentence by sentence from here, highlighting each sentence",
  },
  "female": { zh: "女声", en: "Female voice" },
  "female.title": { zh: "用女声朗读，下一句起生效", en: "Read with a female voice, from the next sentence" },
  "male": { zh: "男声", en: "Male voice" },
  "male.title": { zh: "用男声朗读，下一句起生效", en: "Read with a male voice, from the next sentence" },
  "slower": { zh: "减慢语速", en: "Slower" },
  "slower.title": { zh: "朗读慢一些（最慢 0.5 倍）", en: "Read more slowly (down to 0.5×)" },
  "faster": { zh: "加快语速", en: "Faster" },
  "faster.title": { zh: "朗读快一些（最快 2 倍）", en: "Read faster (up to 2×)" },
  "volumeup": { zh: "增加音量", en: "Volume +" },
  "volumeup.title": { zh: "朗读的声音大一些", en: "Louder" },
  "volumedown": { zh: "减小音量", en: "Volume −" },
  "volumedown.title": { zh: "朗读的声音小一些", en: "Quieter" },
  "zoomin": { zh: "放大", en: "Zoom in" },
  "zoomin.title": { zh: "放大页面，文字重新排版", en: "Enlarge the page; text reflows" },
  "zoomout": { zh: "缩小", en: "Zoom out" },
  "zoomout.title": { zh: "缩小页面", en: "Make the page smaller" },
  "scheme": { zh: "配色", en: "Colours" },
  "scheme.title": { zh: "选择页面的背景、文字和链接颜色", en: "Choose background, text and link colours" },
  "scheme.original": { zh: "页面原始配色", en: "Page's own colours" },
  "scheme.white": { zh: "白底黑字蓝链接", en: "Black on white, blue links" },
  "scheme.blue": { zh: "蓝底黄字白链接", en: "Yellow on blue, white links" },
  "scheme.yellow": { zh: "黄底黑字蓝链接", en: "Black on yellow, blue links" },
  "scheme.black": { zh: "黑底黄字白链接", en: "Yellow on black, white links" },
  "cursor": { zh: "大鼠标", en: "Big cursor" },
  "cursor.title": { zh: "使用大号鼠标指针", en: "Use a large mouse pointer" },
  "guides": { zh: "辅助线", en: "Guides" },
  "guides.title": { zh: "显示跟随鼠标的十字辅助线", en: "Show crosshair lines that follow the pointer" },
  "caption": { zh: "显示屏", en: "Display" },
  "caption.title": {
    zh: "在窗口底部用大字显示鼠标所指或键盘聚焦的文字",
    en: "Show the text under the pointer or focus in large type at the bottom of the window",
  },
  "pinyin": { zh: "拼音", en: "Pinyin" },
  "pinyin.title": { zh: "在汉字上方标注拼音", en: "Show pinyin above Chinese characters" },
  "reader": { zh: "轻松阅读", en: "Easy reading" },
  "reader.title": { zh: "只显示正文，大字号，便于阅读；Esc 返回", en: "Show only the article, in large type; Esc returns" },
  "textview": { zh: "视图", en: "Text view" },
  "textview.title": { zh: "以纯文本方式按阅读顺序显示整个页面", en: "Show the whole page as plain text in reading order" },
  "back": { zh: "后退", en: "Back" },
  "back.title": { zh: "返回上一页", en: "Go to the previous page" },
  "forward": { zh: "前进", en: "Forward" },
  "forward.title": { zh: "前往下一页", en: "Go to the next page" },
  "reload": { zh: "刷新", en: "Reload" },
  "reload.title": { zh: "重新载入本页", en: "Load this page again" },
  "fullscreen": { zh: "全屏", en: "Full screen" },
  "fullscreen.title": { zh: "进入或退出全屏", en: "Enter or leave full screen" },
  "help": { zh: "帮助", en: "Help" },
  "help.title": { zh: "每个按钮的作用和全部快捷键", en: "What each button does, and every shortcut" },
  "skin": { zh: "换肤", en: "Theme" },
  "skin.title": { zh: "更换工具条的颜色", en: "Change the toolbar's colours" },
  "skin.blue": { zh: "蓝色", en: "Blue" },
  "skin.dark": { zh: "黑色", en: "Dark" },
  "skin.light": { zh: "浅色", en: "Light" },
  "exit": { zh: "退出", en: "Close" },
  "exit.title": { zh: "关闭工具条，页面恢复原样", en: "Close the toolbar and restore the page" },
};

/**
 * The accessible name of a control: its fuller `<id>.name` when that starts with the visible
 * label (WCAG 2.5.3: what is seen is what is said), else the label itself.
 * @param {(key: string) => string} t
 * @param {string} id
 */
export function accessibleName(t, id) {
  const label = t(id);
  const name = t(`${id}.name`);
  return name !== `${id}.name` && name.startsWith(label) ? name : label;
}
