// The sweep's ledger of DOM changes (see tests/browser/ledger.py): added to every page as an
// init script, so it runs before any of the page's scripts. It wraps the DOM's mutation entry
// points; once the sweep marks the page (just before opening the toolbar) every change made
// through them is attributed, by the call stack, to the page's own scripts or to the toolbar
// (the scripts served by the service, SERVICE below). Only the page's changes are left out of
// the before/after comparison: the comparison expects each node, attribute and text as it
// was at the mark with the page's own changes applied, and the DOM after 退出 has to match.
// Everything is kept in Maps on one object outside the DOM: the page is not changed.
//
// Who made a change: the nearest script frame below the wrapped call (see who()). A page's
// handler run inside our call (a click our code dispatched, a focus, a custom element's
// callback on a node we moved) is the page reacting, as to a visitor: its changes are the
// page's. Not covered, and so counted against the toolbar: changes made by no script frame
// with an http URL (scripts of about:srcdoc frames, strings given to setTimeout, the browser
// itself); the scroll position is compared as it is (a page scrolling itself is not told
// from the toolbar's scrolling).
(() => {
  const SERVICE = "%SERVICE%";
  let L = null;
  try {
    if (window !== window.top && window.top.__bfLedger) L = window.top.__bfLedger;
  } catch {
    L = null; // a cross-origin frame: a ledger of its own, never asked
  }
  if (window.__bfLedger) return;
  if (!L) L = makeLedger();
  Object.defineProperty(window, "__bfLedger", { value: L, configurable: true });
  L.attach(window);

  function makeLedger() {
    const OPTS = {
      subtree: true,
      childList: true,
      attributes: true,
      attributeOldValue: true,
      characterData: true,
      characterDataOldValue: true,
    };
    const Err = Error;
    let on = false;
    let depth = 0;
    let strict = false; // the page replaced one of the wrapped entry points
    const wrapped = []; // [object, name, kind, our function] as installed
    const observed = new Set();
    // whatever no wrapped call made (the browser itself, an entry point not wrapped) is
    // "unknown" and counts as a change like the toolbar's
    const mo = new MutationObserver((records) => take(records, "unknown"));
    // the page's own changes since the mark
    let attrs = new Map(); // Element -> Map(key -> {name, last, add: Set, del: Set})
    let texts = new Map(); // CharacterData -> data as the page last set it
    let added = new Map(); // parent -> Set(node): nodes the page put there
    let removed = new Map(); // parent -> Set(node): nodes the page took from there
    let models = new Map(); // Node -> its state at the mark, or when the page added it
    let counts = { page: 0, toolbar: 0, unknown: 0 };
    let samples = [];
    let before = null;

    const observe = (node) => {
      if (observed.has(node)) return;
      observed.add(node);
      mo.observe(node, OPTS);
    };
    // a frame's document with its root element, or null (cross-origin, not loaded)
    const frameDocument = (frame) => {
      try {
        const d = frame.contentDocument;
        return d && d.documentElement ? d : null;
      } catch {
        return null;
      }
    };
    const keyOf = (ns, local) => `${ns || ""}|${local}`;
    const tokens = (v) => (v || "").split(/\s+/).filter(Boolean);
    const setOf = (map, k) => {
      let s = map.get(k);
      if (!s) map.set(k, (s = new Set()));
      return s;
    };

    // who made the changes of the wrapped call at nesting level j (0: the outermost): the
    // first script frame below that call. The toolbar's frames carry the service's URL; any
    // other script URL is the page's. A page handler that runs inside our call (an event our
    // code dispatched, a custom element's callback) is the page reacting: its frame comes
    // first, so its changes are the page's. Frames of no URL (a string passed to setTimeout,
    // DevTools) are "unknown" and count like the toolbar's.
    function who(j) {
      const limit = Err.stackTraceLimit;
      Err.stackTraceLimit = 200;
      const lines = new Err().stack.split("\n");
      Err.stackTraceLimit = limit;
      const calls = [];
      lines.forEach((l, i) => l.includes("bfLedgerCall") && calls.push(i));
      const at = calls[calls.length - 1 - j];
      if (at === undefined) return "unknown";
      for (let i = at + 1; i < lines.length; i++) {
        const l = lines[i];
        if (l.includes("bf-ledger.js")) continue;
        // a script's own frame, or code it ran through eval (the frame names that script)
        const url = /https?:\/\/[^\s)]+/.exec(l);
        if (!url) {
          if (/\(<anonymous>\)$|\(native\)$/.test(l.trim())) continue; // a built-in (forEach)
          return "unknown";
        }
        if (url[0].startsWith(SERVICE)) return "toolbar";
        // where the page replaced an entry point with its own function, our call may pass
        // through the page's frame: then any frame of the toolbar below makes it ours
        if (strict && lines.slice(i).some((x) => x.includes(SERVICE))) return "toolbar";
        return "page";
      }
      return "unknown";
    }

    function take(records, by) {
      if (!records.length) return;
      counts[by] += records.length;
      if (by !== "page") {
        if (by === "unknown" && samples.length < 5) samples.push(describe(records[0]));
        return;
      }
      // each attribute record's new value: the next record's old value, else the current one
      const next = new Map();
      const values = [];
      for (let i = records.length - 1; i >= 0; i--) {
        const r = records[i];
        if (r.type !== "attributes") continue;
        const k = keyOf(r.attributeNamespace, r.attributeName);
        let byEl = next.get(r.target);
        if (!byEl) next.set(r.target, (byEl = new Map()));
        values[i] = byEl.has(k) ? byEl.get(k) : r.target.getAttributeNS(r.attributeNamespace, r.attributeName);
        byEl.set(k, r.oldValue);
      }
      records.forEach((r, i) => {
        if (r.type === "attributes") {
          const k = keyOf(r.attributeNamespace, r.attributeName);
          let byEl = attrs.get(r.target);
          if (!byEl) attrs.set(r.target, (byEl = new Map()));
          let e = byEl.get(k);
          if (!e) {
            const node = r.target.getAttributeNodeNS(r.attributeNamespace, r.attributeName);
            byEl.set(k, (e = { name: node ? node.name : r.attributeName, last: null, add: new Set(), del: new Set() }));
          }
          const node = r.target.getAttributeNodeNS(r.attributeNamespace, r.attributeName);
          if (node) e.name = node.name;
          e.last = values[i];
          const was = new Set(tokens(r.oldValue));
          const now = new Set(tokens(values[i]));
          for (const t of now) if (!was.has(t)) (e.add.add(t), e.del.delete(t));
          for (const t of was) if (!now.has(t)) (e.del.add(t), e.add.delete(t));
        } else if (r.type === "characterData") {
          texts.set(r.target, r.target.data);
        } else {
          for (const n of r.removedNodes) {
            if (added.get(r.target)?.delete(n)) continue; // put there by the page: net nothing
            setOf(removed, r.target).add(n);
          }
          for (const n of r.addedNodes) {
            setOf(added, r.target).add(n);
            capture(n);
          }
        }
      });
    }

    function describe(r) {
      const t = r.target;
      const name = t.nodeType === 1 ? `<${t.localName}${t.id ? "#" + t.id : ""}>` : t.nodeName;
      if (r.type === "attributes") return `${r.attributeName} of ${name}`;
      if (r.type === "characterData") return `text ${JSON.stringify((t.data || "").slice(0, 40))}`;
      return `children of ${name}`;
    }

    // the state of a node (and of what it holds) now; a node already known keeps its state
    function capture(node) {
      let m = models.get(node);
      if (m) return m;
      if (node.nodeType === 1) {
        m = { node, type: 1, name: node.localName, attrs: new Map(), kids: [], shadow: null, frame: null };
        models.set(node, m);
        for (const a of node.attributes) m.attrs.set(keyOf(a.namespaceURI, a.localName), [a.name, a.value]);
        if (node.shadowRoot) {
          observe(node.shadowRoot);
          m.shadow = { node: node.shadowRoot, kids: [...node.shadowRoot.childNodes].map(capture) };
        }
        if (/^i?frame$/.test(node.localName)) {
          const d = frameDocument(node);
          if (d) {
            observe(d);
            m.frame = { url: d.URL, sheets: d.adoptedStyleSheets.length, root: capture(d.documentElement) };
          }
        }
        m.kids = [...node.childNodes].map(capture);
      } else {
        m = { node, type: node.nodeType, data: node.data };
        models.set(node, m);
      }
      return m;
    }

    function attrLines(el, stated) {
      // stated: Map(key -> [name, value]); class is compared as a set of tokens where the
      // page changed it (a page adding its own class beside one of ours is no change of ours)
      const page = attrs.get(el);
      const out = [];
      for (const [k, [name, value]] of stated) {
        const v = k === "|class" && page && page.has(k) ? [...new Set(tokens(value))].sort().join(" ") : value;
        if (k === "|class" && page && page.has(k) && !v) continue;
        out.push(`${name}=${JSON.stringify(v)}`);
      }
      return out.sort();
    }

    function expectedAttrs(m) {
      const stated = new Map(m.attrs);
      const page = attrs.get(m.node);
      if (page) {
        for (const [k, e] of page) {
          if (k === "|class") {
            const t = new Set(tokens(stated.get(k)?.[1]).filter((x) => !e.del.has(x)));
            for (const x of e.add) t.add(x);
            if (t.size) stated.set(k, [e.name, [...t].join(" ")]);
            else stated.delete(k);
          } else if (e.last === null) stated.delete(k);
          else stated.set(k, [e.name, e.last]);
        }
      }
      return stated;
    }

    const liveAttrs = (el) => new Map([...el.attributes].map((a) => [keyOf(a.namespaceURI, a.localName), [a.name, a.value]]));

    function renderExpected(m, depth, out) {
      if (m.type === 1) {
        out.push(`${depth}<${m.name} ${attrLines(m.node, expectedAttrs(m)).join(" ")}>`);
        if (m.shadow) for (const k of m.shadow.kids) if (!removed.get(m.shadow.node)?.has(k.node)) renderExpected(k, depth + 1, out);
        if (m.frame) {
          out.push(`${depth}#frame ${m.frame.url} sheets=${m.frame.sheets}`);
          renderExpected(m.frame.root, depth + 1, out);
        }
        for (const k of m.kids) if (!removed.get(m.node)?.has(k.node)) renderExpected(k, depth + 1, out);
      } else if (m.type === 3) {
        out.push(`${depth}${JSON.stringify(texts.has(m.node) ? texts.get(m.node) : m.data)}`);
      } else if (m.type === 8) {
        out.push(`${depth}<!--${texts.has(m.node) ? texts.get(m.node) : m.data}-->`);
      }
    }

    // the live DOM as the sweep's snapshot writes it, leaving out the nodes the page added
    // (each is compared on its own, with its state when the page added it)
    function renderLive(node, depth, out) {
      if (node.nodeType === 1) {
        out.push(`${depth}<${node.localName} ${attrLines(node, liveAttrs(node)).join(" ")}>`);
        const root = node.shadowRoot;
        if (root) for (const c of root.childNodes) if (!added.get(root)?.has(c)) renderLive(c, depth + 1, out);
        if (/^i?frame$/.test(node.localName)) {
          const d = frameDocument(node);
          if (d) {
            out.push(`${depth}#frame ${d.URL} sheets=${d.adoptedStyleSheets.length}`);
            renderLive(d.documentElement, depth + 1, out);
          }
        }
        for (const c of node.childNodes) if (!added.get(node)?.has(c)) renderLive(c, depth + 1, out);
      } else if (node.nodeType === 3) {
        out.push(`${depth}${JSON.stringify(node.data)}`);
      } else if (node.nodeType === 8) {
        out.push(`${depth}<!--${node.data}-->`);
      }
    }

    const docLine = () =>
      `sheets=${document.adoptedStyleSheets.length} scroll=${scrollX},${scrollY} mode=${document.compatMode}`;

    function firstDifference(label, a, b) {
      if (a.length === b.length && a.every((x, i) => x === b[i])) return null;
      let i = 0;
      while (i < a.length && a[i] === b[i]) i++;
      const x = a[i] || "";
      const y = b[i] || "";
      let k = 0;
      while (k < x.length && x[k] === y[k]) k++;
      const from = Math.max(0, k - 40);
      return `${label}line ${i} ${JSON.stringify(x.slice(0, 30))}…: before …${JSON.stringify(x.slice(from, k + 80))} after …${JSON.stringify(y.slice(from, k + 80))}`;
    }

    const ledger = {
      // install the wrappers in a window (the top one, and each same-origin frame)
      attach(win) {
        const wrap = (orig) =>
          function (...args) {
            return on ? ledger.call(orig, this, args) : orig.apply(this, args);
          };
        const put = (obj, name, kind, fn) => {
          const d = Object.getOwnPropertyDescriptor(obj, name);
          if (kind === "method") Object.defineProperty(obj, name, { ...d, value: fn });
          else Object.defineProperty(obj, name, { ...d, [kind]: fn });
          wrapped.push([obj, name, kind, fn]);
        };
        const METHODS = new Set(
          (
            "appendChild insertBefore removeChild replaceChild normalize setAttribute setAttributeNS " +
            "removeAttribute removeAttributeNS toggleAttribute setAttributeNode setAttributeNodeNS " +
            "removeAttributeNode insertAdjacentElement insertAdjacentHTML insertAdjacentText before after " +
            "replaceWith remove prepend append replaceChildren moveBefore setHTMLUnsafe setHTML " +
            "appendData insertData deleteData replaceData splitText add toggle replace setProperty " +
            "removeProperty setNamedItem setNamedItemNS removeNamedItem removeNamedItemNS write writeln " +
            "open close show showModal requestClose execCommand adoptNode insertRow deleteRow insertCell " +
            "deleteCell createTHead deleteTHead createTFoot deleteTFoot createTBody createCaption " +
            "deleteCaption insertNode deleteContents extractContents surroundContents deleteFromDocument"
          ).split(" "),
        );
        const TYPES =
          /^(Node|Element|CharacterData|Text|Comment|Attr|Document|HTMLDocument|DocumentFragment|ShadowRoot|DOMTokenList|CSSStyleDeclaration|NamedNodeMap|Range|Selection|(HTML|SVG|MathML)\w*Element)$/;
        for (const type of Object.getOwnPropertyNames(win)) {
          if (!TYPES.test(type)) continue;
          const proto = win[type] && win[type].prototype;
          if (!proto) continue;
          for (const name of Object.getOwnPropertyNames(proto)) {
            const d = Object.getOwnPropertyDescriptor(proto, name);
            if (!d || !d.configurable) continue;
            if (typeof d.set === "function") put(proto, name, "set", wrap(d.set));
            else if (typeof d.value === "function" && METHODS.has(name) && name !== "constructor")
              put(proto, name, "method", wrap(d.value));
          }
        }
        // new shadow roots are watched too
        const attachShadow = win.Element.prototype.attachShadow;
        put(win.Element.prototype, "attachShadow", "method", function (...args) {
          const root = attachShadow.apply(this, args);
          if (on) observe(root);
          return root;
        });
        // el.dataset.x = … and el.style.x = … set no prototype setter: both objects are
        // handed out behind a proxy (one per element) whose writes go through the ledger
        const proxied = (proto, name) => {
          const d = Object.getOwnPropertyDescriptor(proto, name);
          if (!d || !d.get) return;
          const cache = new WeakMap();
          const get = d.get;
          put(proto, name, "get", function () {
            const real = get.call(this);
            if (!real) return real;
            let p = cache.get(real);
            if (!p) {
              p = new Proxy(real, {
                get: (t, k) => {
                  const v = Reflect.get(t, k, t);
                  return typeof v === "function" ? v.bind(t) : v;
                },
                set: (t, k, v) => (on ? ledger.call(Reflect.set, null, [t, k, v, t]) : Reflect.set(t, k, v, t)),
                deleteProperty: (t, k) => (on ? ledger.call(Reflect.deleteProperty, null, [t, k]) : Reflect.deleteProperty(t, k)),
              });
              cache.set(real, p);
            }
            return p;
          });
        };
        for (const type of ["HTMLElement", "SVGElement", "MathMLElement"]) {
          if (!win[type]) continue;
          proxied(win[type].prototype, "dataset");
          proxied(win[type].prototype, "style");
        }
      },
      // every wrapped call once the page is marked; its name marks its frame in the stack
      call: function bfLedgerCall(orig, self, args) {
        const j = depth;
        const pending = mo.takeRecords(); // made before this call: by the call around it, if any
        if (pending.length) take(pending, j === 0 ? "unknown" : who(j - 1));
        depth++;
        try {
          return orig.apply(self, args);
        } finally {
          depth--;
          const records = mo.takeRecords();
          if (records.length) take(records, who(j));
        }
      },
      // the state before: from here on, changes are attributed
      mark() {
        take(mo.takeRecords(), "unknown");
        attrs = new Map();
        texts = new Map();
        added = new Map();
        removed = new Map();
        models = new Map();
        counts = { page: 0, toolbar: 0, unknown: 0 };
        samples = [];
        observe(document);
        before = { root: capture(document.documentElement), doc: docLine() };
        const replaced = wrapped
          .filter(([obj, name, kind, fn]) => {
            const d = Object.getOwnPropertyDescriptor(obj, name);
            return !d || (kind === "method" ? d.value : d[kind]) !== fn;
          })
          .map(([obj, name]) => `${obj.constructor?.name || "?"}.${name}`);
        strict = replaced.length > 0;
        on = true;
        return replaced;
      },
      // the DOM now against the state before with the page's own changes applied: the first
      // difference, or null
      compare() {
        take(mo.takeRecords(), "unknown");
        const a = [];
        renderExpected(before.root, 0, a);
        a.push(before.doc);
        const b = [];
        renderLive(document.documentElement, 0, b);
        b.push(docLine());
        let diff = firstDifference("", a, b);
        // each node the page added and that is still there: as it was added, with the
        // page's later changes
        for (const [parent, nodes] of added) {
          if (diff) break;
          for (const n of nodes) {
            if (!parent.isConnected) continue;
            if (n.parentNode !== parent) {
              diff = `a node the page added was taken out by something else: ${JSON.stringify(
                (n.outerHTML || n.data || n.nodeName).slice(0, 120),
              )}`;
              break;
            }
            const x = [];
            renderExpected(models.get(n), 0, x);
            const y = [];
            renderLive(n, 0, y);
            diff = firstDifference(`in a node the page added (${describe({ type: "childList", target: parent })}): `, x, y);
            if (diff) break;
          }
        }
        return { diff, counts: { ...counts }, unknown: samples };
      },
    };
    return ledger;
  }
})();
//# sourceURL=bf-ledger.js
