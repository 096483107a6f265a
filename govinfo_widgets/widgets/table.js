// One official-form table (Table 2, 3 or 4) that checks itself as you type.
// The layout comes from the form definition sent by Python; the checks are the compiled
// linear checks of govinfo_widgets.rules (the kernel stays the authority and confirms).

const TXT = {
  zh: {
    unit: "单位：", auto: "自动计算（输入数值可改为手填，清空恢复自动）", typed: "手填总计，自动计算值为 ",
    differs: "，相差 ", bad: "无法识别为数字，已原样保留：", int: "应为整数", issues: "本表问题",
    pending: "（浏览器即时检查，等待内核确认）", none: "本表未发现问题", more: "另有 {n} 项，见问题列表",
  },
  en: {
    unit: "Unit: ", auto: "Computed (type a number to enter it by hand, clear to compute again)",
    typed: "Typed total; the computed value is ", differs: ", difference ", bad: "Not a number, kept as typed: ",
    int: "must be a whole number", issues: "Issues in this table", pending: " (checked in the browser, kernel to confirm)",
    none: "No issues in this table", more: "{n} more in the issues panel",
  },
};
const TOL = 1e-6;

function h(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined && text !== null) e.textContent = String(text); // textContent: user text is never HTML
  return e;
}

function fmt(x) {
  if (x === null || x === undefined || Number.isNaN(x)) return "—";
  if (Number.isInteger(x)) return String(x);
  return x.toFixed(4).replace(/0+$/, "").replace(/\.$/, "");
}

// "１２" → 12, "1,234" → 1234, "" → null; what is not plainly one number is kept as typed (unreadable,
// flagged, never guessed): "abc", "12,34" (not a thousands separator), "1 2" (two numbers?), and anything
// past 15 digits or 2^53 (a float would round it, 400 digits would become Infinity).
export function parseNumber(text, dtype, signed) {
  let t = String(text).normalize("NFKC").trim().replace(/^\+/, "");
  if (t === "") return null;
  if (/[,，]/.test(t)) {
    if (!/^-?\d{1,3}([,，]\d{3})+(\.\d+)?$/.test(t)) return String(text);
    t = t.replace(/[,，]/g, "");
  }
  if (!/^-?\d+(\.\d+)?$/.test(t)) return String(text);
  const digits = t.replace(/^-/, "").replace(/\.\d*$/, "").replace(/^0+(?=\d)/, "");
  const n = Number(t);
  if (digits.length > 15 || !Number.isFinite(n) || Math.abs(n) > Number.MAX_SAFE_INTEGER) return String(text);
  return n;
}

function label(o, key, lang) {
  if (!o) return "";
  return lang === "en" ? (o[key + "_en"] ?? o[key]) : o[key];
}

// ---- layout: a grid of header rows and body rows, each a list of cells -------------------
function t3Layout(def, layout, lang) {
  const t = def.tables.t3;
  const cols = t.columns;
  const spanners = t.spanners || [];
  const maxLevel = spanners.reduce((m, s) => Math.max(m, s.level), -1);
  const depth = maxLevel + 2;
  const present = new Set(layout.map((a) => a.split(".")[1]));
  const rows = t.rows;
  const byKey = Object.fromEntries(rows.map((r) => [r.key, r]));
  const level = (r) => (r.parent ? level(byKey[r.parent]) + 1 : 0);
  const labelCols = rows.reduce((m, r) => Math.max(m, level(r)), 0) + 1;
  const head = [];
  const done = new Set();
  for (let L = 0; L < depth; L++) {
    const line = [];
    if (L === 0) line.push({ text: lang === "en" ? t.header_note_en : t.header_note, cls: "gw-note", colspan: labelCols, rowspan: depth });
    const emitted = new Set();
    for (const c of cols) {
      if (done.has(c.key)) continue;
      const sp = spanners.find((s) => s.level === L && s.columns.includes(c.key));
      if (sp) {
        if (!emitted.has(sp.id)) { emitted.add(sp.id); line.push({ text: label(sp, "label", lang), colspan: sp.columns.length, cls: "gw-spanner" }); }
        continue;
      }
      const deeper = spanners.some((s) => s.level > L && s.columns.includes(c.key));
      if (!deeper) { done.add(c.key); line.push({ text: label(c, "label", lang), rowspan: depth - L, cls: "gw-colhead" }); }
    }
    head.push(line);
  }
  const dataRows = rows.filter((r) => present.has(r.key));
  const under = (g) => dataRows.filter((r) => { let p = r.parent; while (p) { if (p === g) return true; p = byKey[p].parent; } return false; }).length;
  const started = new Set();
  const body = [];
  for (const r of dataRows) {
    const line = [];
    const chain = [];
    let p = r.parent;
    while (p) { chain.unshift(byKey[p]); p = byKey[p].parent; }
    for (const g of chain) {
      if (started.has(g.key)) continue;
      started.add(g.key);
      line.push({ text: label(g, "label", lang), rowspan: under(g.key), cls: "gw-group", row: g.key });
    }
    line.push({ text: label(r, "label", lang), colspan: labelCols - chain.length, cls: "gw-rowhead gw-level" + chain.length, row: r.key });
    for (const c of cols) line.push({ addr: `t3.${r.key}.${c.key}` });
    body.push({ key: r.key, cells: line });
  }
  return [{ head, body, unit: t.unit }];
}

function t4Layout(def, layout, lang) {
  const t = def.tables.t4;
  const cols = t.columns;
  const head = [[], [], []];
  const parents = [];
  for (const g of t.groups) {
    if (!g.parent_label) { head[0].push({ text: label(g, "label", lang), colspan: cols.length, cls: "gw-spanner" }); continue; }
    const last = parents[parents.length - 1];
    if (last && last.text === g.parent_label) last.n += 1; else parents.push({ text: g.parent_label, en: g.parent_label_en, n: 1 });
  }
  for (const p of parents) head[0].push({ text: lang === "en" ? p.en || p.text : p.text, colspan: p.n * cols.length, cls: "gw-spanner" });
  for (const g of t.groups) {
    if (!g.parent_label) for (const c of cols) head[1].push({ text: label(c, "label", lang), rowspan: 2, cls: "gw-colhead" });
    else {
      head[1].push({ text: label(g, "label", lang), colspan: cols.length, cls: "gw-spanner" });
      for (const c of cols) head[2].push({ text: label(c, "label", lang), cls: "gw-colhead" });
    }
  }
  const line = [];
  for (const g of t.groups) for (const c of cols) line.push({ addr: `t4.${g.key}_${c.key}` });
  return [{ head, body: [{ key: "t4", cells: line }], unit: t.unit }];
}

function t2Layout(def, layout, lang) {
  const t = def.tables.t2;
  const G = t.grid_columns;
  const maxK = t.blocks.reduce((m, b) => Math.max(m, b.columns.length), 0);
  const labelSpan = Math.max(1, G - maxK);
  const body = [];
  for (const b of t.blocks) {
    body.push({ key: b.key, cells: [{ text: label(b, "title", lang), colspan: G, cls: "gw-blocktitle" }] });
    const k = b.columns.length;
    const span = (i) => (i === k - 1 ? G - labelSpan - (k - 1) : 1);
    const hrow = [{ text: lang === "en" ? "Item" : b.label_header, colspan: labelSpan, cls: "gw-colhead" }];
    b.columns.forEach((c, i) => hrow.push({ text: label(c, "label", lang), colspan: span(i), cls: "gw-colhead" }));
    body.push({ key: b.key + ".head", cells: hrow, head: true });
    for (const r of b.rows) {
      const line = [{ text: label(r, "label", lang), colspan: labelSpan, cls: "gw-rowhead", row: `${b.key}.${r.key}` }];
      b.columns.forEach((c, i) => line.push({ addr: `t2.${b.key}.${r.key}.${c.key}`, colspan: span(i) }));
      body.push({ key: `${b.key}.${r.key}`, cells: line });
    }
  }
  return [{ head: [], body, unit: null }];
}

const LAYOUTS = { t2: t2Layout, t3: t3Layout, t4: t4Layout };

// ---- the widget -----------------------------------------------------------------------------
function render({ model, el }) {
  const root = h("div", "gw-table-widget");
  el.appendChild(root);
  let spec, lang, vals, manual, rev = 0, inputs = {}, tds = {}, rowHeads = {}, grid = [], pos = {};
  let kernel = { rev: -1, items: [] }, sums = [], sumOf = {}, computed = new Set();
  let drawn = {}, deltas = {}, msgBox = null, msgSig = null, msgFrame = 0;
  const stamps = new Map(); // rev -> input event time (performance.now clock)
  // latency marks for benchmarks/bench_latency.py (input event → frame painted)
  function mark(kind, ms, r) {
    const m = (window.__govinfo = window.__govinfo || { local: [], kernel: [] });
    (m[kind] = m[kind] || []).push(ms);
    if (m[kind].length > 5000) m[kind].shift();
    m[kind === "local" ? "lastLocalRev" : "lastKernelRev"] = r;
  }

  root.gwState = () => ({ table: spec && spec.table, rev, kernelRev: kernel.rev, manual: [...manual],
    values: Object.fromEntries(Object.entries(vals).filter(([, v]) => v !== null)) }); // for diagnosis
  function tx(k) { return TXT[lang === "en" ? "en" : "zh"][k]; }

  function num(a) {
    if (a.startsWith("prev:")) { const v = spec.prev[a.slice(5)]; return typeof v === "number" ? v : NaN; }
    const v = vals[a];
    if (typeof v === "number") return v;
    if (typeof v === "string") return NaN; // unreadable: never a silent 0
    return computed.has(a) ? NaN : 0; // blank leaf = 0 (V-04), blank total = missing (V-05)
  }

  // Computed cells (totals) left to the machine: Σ of their parts, from the same checks.
  function autofill() {
    for (let pass = 0; pass < 4; pass++) {
      let changed = false;
      for (const s of sums) {
        if (manual.has(s.cell)) continue;
        let total = 0;
        for (const [a, k] of s.parts) total += k * num(a);
        const v = Number.isNaN(total) ? null : Math.round(total * 1e6) / 1e6;
        if (vals[s.cell] !== v) { vals[s.cell] = v; changed = true; }
      }
      if (!changed) break;
    }
  }

  function template(rule, p) {
    const t = (spec.messages[rule] || {})[lang === "en" ? "en" : "zh"] || rule;
    return t.replace(/\{(\w+)\}/g, (_, k) => (p[k] ?? ""));
  }

  function browserIssues() {
    const out = [];
    for (const c of spec.checks) {
      let l = 0, r = 0;
      for (const [a, k] of c.lhs) l += k * num(a);
      for (const [a, k] of c.rhs) r += k * num(a);
      if (Number.isNaN(l) || Number.isNaN(r)) continue; // not assessable: the kernel says why
      const d = l - r;
      const fail = c.op === "eq" ? Math.abs(d) > TOL : c.op === "le" ? d > TOL : d < -TOL;
      if (!fail) continue;
      const en = lang === "en";
      const msg = template(c.rule, { where: en ? c.where_en : c.where, lhs: fmt(l), rhs: fmt(r), diff: fmt(d), cell: en ? c.cell_en : c.cell });
      out.push({ rule: c.rule, severity: c.severity, status: "fail", cells: c.lhs.concat(c.rhs).map((t) => t[0]), message: msg, message_en: msg, browser: true });
    }
    return out;
  }

  function currentIssues() {
    if (kernel.rev === rev) return kernel.items;
    const linear = new Set(spec.checks.map((c) => c.rule));
    return browserIssues().concat(kernel.items.filter((i) => !linear.has(i.rule)));
  }

  function paint() {
    const issues = currentIssues();
    const byCell = {};
    const rows = {};
    const suspects = new Set();
    for (const i of issues) {
      if (i.suspect) suspects.add(i.suspect);
      if (i.status !== "fail" || i.severity === "info") continue;
      for (const a of i.cells || []) {
        if (!(a in tds)) continue;
        (byCell[a] = byCell[a] || []).push(i);
        rows[tds[a].dataset.row] = 1;
      }
    }
    const en = lang === "en";
    for (const a in tds) {
      const td = tds[a], inp = inputs[a], v = vals[a];
      const list = byCell[a] || [];
      const bad = typeof v === "string";
      const isAuto = computed.has(a) && !manual.has(a);
      let cls = "gw-cell";
      if (list.length) cls += list.some((i) => i.severity === "error") ? " gw-fail" : " gw-warn";
      if (suspects.has(a)) cls += " gw-suspect";
      if (bad) cls += " gw-bad";
      if (isAuto) cls += " gw-auto";
      const tips = list.map((i) => (en ? i.message_en || i.message : i.message));
      if (bad) tips.unshift(tx("bad") + v);
      if (isAuto) tips.push(tx("auto"));
      let delta = "";
      if (computed.has(a) && !isAuto) {
        const s = sumOf[a];
        if (s) {
          let t = 0;
          for (const [p, k] of s.parts) t += k * num(p);
          const d = num(a) - t;
          if (!Number.isNaN(t) && !Number.isNaN(d) && Math.abs(d) > TOL) {
            delta = (d > 0 ? "+" : "") + fmt(d);
            tips.push(tx("typed") + fmt(t) + tx("differs") + fmt(d));
          }
        }
      }
      const title = tips.join("\n");
      const text = v === null || v === undefined ? "" : String(v);
      const was = drawn[a] || {};
      if (was.cls !== cls) { td.className = cls + (td.classList.contains("gw-focus") ? " gw-focus" : ""); }
      if (was.title !== title) td.title = title;
      if (was.delta !== delta) deltas[a].textContent = delta;
      if (document.activeElement !== inp && inp.value !== text) inp.value = text;
      drawn[a] = { cls, title, delta };
    }
    for (const k in rowHeads) {
      const on = !!rows[k];
      if (rowHeads[k].classList.contains("gw-row-fail") !== on) rowHeads[k].classList.toggle("gw-row-fail", on);
    }
    const shown = issues.filter((i) => i.status === "fail" && i.severity !== "info");
    const sig = shown.map((i) => (en ? i.message_en || i.message : i.message) + (i.browser ? "*" : "")).join("\u0001");
    if (sig === msgSig) return;
    msgSig = sig;
    // the list below the table changes the page's layout: drawn after the highlight's frame
    cancelAnimationFrame(msgFrame);
    msgFrame = requestAnimationFrame(() => setTimeout(() => drawMessages(shown, en), 0));
  }

  function drawMessages(shown, en) {
    const box = msgBox;
    box.replaceChildren();
    box.classList.toggle("gw-ok", shown.length === 0);
    if (!shown.length) box.appendChild(h("div", "gw-msg-none", tx("none")));
    for (const i of shown.slice(0, 6)) {
      const m = h("div", "gw-msg gw-" + i.severity, (en ? i.message_en || i.message : i.message) + (i.browser ? tx("pending") : ""));
      m.dataset.rule = i.rule;
      m.addEventListener("click", () => focusCells(i.cells || []));
      box.appendChild(m);
    }
    if (shown.length > 6) box.appendChild(h("div", "gw-msg-more", tx("more").replace("{n}", shown.length - 6)));
  }

  function afterPaint(fn) { requestAnimationFrame(() => setTimeout(fn, 0)); }

  function edit(changes, t0) {
    for (const [a, text] of changes) {
      const ty = spec.types[a] || {};
      const v = parseNumber(text, ty.dtype, ty.signed);
      if (computed.has(a)) { if (v === null) manual.delete(a); else manual.add(a); }
      vals[a] = v;
    }
    rev += 1; // first: from now on the kernel's last answer is out of date, the browser's check shows
    const r = rev;
    autofill();
    paint();
    stamps.set(r, t0);
    if (stamps.size > 200) stamps.delete(stamps.keys().next().value);
    // one trait, one message: the values, the totals typed by hand and the edit's number travel together.
    // It leaves once the highlight is on screen, so that the kernel's busy/idle traffic (which the
    // page redraws) cannot delay that frame; the copy is taken now, and the messages keep their order.
    const msg = { rev: r, values: { ...vals }, manual: [...manual] };
    mark("checked", performance.now() - t0, r);
    afterPaint(() => {
      mark("local", performance.now() - t0, r);
      model.set("edit", msg);
      model.save_changes();
      mark("sent", performance.now() - t0, r);
    });
  }

  function focusCells(cells) {
    const list = cells.filter((a) => a in inputs);
    if (!list.length) return;
    for (const a of list) { tds[a].classList.remove("gw-focus"); void tds[a].offsetWidth; tds[a].classList.add("gw-focus"); }
    inputs[list[0]].focus();
    tds[list[0]].scrollIntoView({ block: "center", behavior: "smooth" });
  }

  function move(a, dr, dc) {
    const [r, c] = pos[a];
    let nr = r + dr, nc = c + dc;
    if (dc !== 0 && (nc < 0 || nc >= grid[r].length)) { nr = r + Math.sign(dc); nc = dc > 0 ? 0 : (grid[nr] || []).length - 1; }
    if (nr < 0 || nr >= grid.length) return false;
    nc = Math.max(0, Math.min(nc, grid[nr].length - 1));
    inputs[grid[nr][nc]].focus();
    return true;
  }

  function onKey(e, a) {
    const inp = inputs[a];
    const atStart = inp.selectionStart === 0 && inp.selectionEnd === 0;
    const atEnd = inp.selectionStart === inp.value.length;
    const all = inp.selectionStart === 0 && inp.selectionEnd === inp.value.length;
    let moved = false;
    if (e.key === "ArrowUp") moved = move(a, -1, 0);
    else if (e.key === "ArrowDown") moved = move(a, 1, 0);
    else if (e.key === "ArrowLeft" && (atStart || all)) moved = move(a, 0, -1);
    else if (e.key === "ArrowRight" && (atEnd || all)) moved = move(a, 0, 1);
    else if (e.key === "Enter") moved = move(a, e.shiftKey ? -1 : 1, 0) || true;
    else if (e.key === "Tab") moved = move(a, 0, e.shiftKey ? -1 : 1);
    if (moved) e.preventDefault();
  }

  function onPaste(e, a) {
    const text = (e.clipboardData || window.clipboardData).getData("text");
    if (!/[\t\n]/.test(text.replace(/\r?\n$/, ""))) return; // one value: let the input take it
    e.preventDefault();
    const lines = text.replace(/\r/g, "").replace(/\n$/, "").split("\n");
    const [r0, c0] = pos[a];
    const changes = [];
    lines.forEach((line, i) => line.split("\t").forEach((cell, j) => {
      const row = grid[r0 + i];
      if (row && row[c0 + j] !== undefined) changes.push([row[c0 + j], cell.trim()]);
    }));
    for (const [addr, t] of changes) inputs[addr].value = t;
    edit(changes, e.timeStamp || performance.now());
  }

  function build() {
    spec = model.get("form");
    lang = model.get("lang");
    vals = { ...model.get("values") };
    manual = new Set(model.get("manual"));
    computed = new Set(spec.computed);
    sums = spec.sums || [];
    sumOf = Object.fromEntries(sums.map((x) => [x.cell, x]));
    inputs = {}; tds = {}; rowHeads = {}; grid = []; pos = {}; drawn = {}; deltas = {}; msgSig = null;
    root.replaceChildren();
    if (!spec.definition) return;
    const parts = LAYOUTS[spec.table](spec.definition, spec.layout, lang);
    for (const part of parts) {
      if (part.unit) root.appendChild(h("div", "gw-unit", tx("unit") + part.unit));
      const table = h("table", "gw-form gw-" + spec.table);
      const thead = h("thead");
      for (const line of part.head) {
        const tr = h("tr");
        for (const c of line) {
          const th = h("th", c.cls, c.text);
          if (c.colspan > 1) th.colSpan = c.colspan;
          if (c.rowspan > 1) th.rowSpan = c.rowspan;
          tr.appendChild(th);
        }
        thead.appendChild(tr);
      }
      table.appendChild(thead);
      const tbody = h("tbody");
      for (const line of part.body) {
        const tr = h("tr", line.head ? "gw-headrow" : "");
        tr.dataset.row = line.key;
        const rowAddrs = [];
        for (const c of line.cells) {
          if (!c.addr) {
            const th = h(line.head ? "th" : "td", c.cls, c.text);
            if (c.colspan > 1) th.colSpan = c.colspan;
            if (c.rowspan > 1) th.rowSpan = c.rowspan;
            if (c.row) rowHeads[c.row] = th;
            tr.appendChild(th);
            continue;
          }
          if (!spec.layout.includes(c.addr)) { tr.appendChild(h("td", "gw-void")); continue; }
          const td = h("td", "gw-cell");
          if (c.colspan > 1) td.colSpan = c.colspan;
          td.dataset.addr = c.addr;
          td.dataset.row = line.key;
          const inp = h("input", "gw-input");
          inp.type = "text";
          inp.inputMode = (spec.types[c.addr] || {}).dtype === "decimal" ? "decimal" : "numeric";
          inp.setAttribute("aria-label", spec.labels[c.addr] || c.addr);
          inp.dataset.addr = c.addr;
          inp.addEventListener("input", (e) => edit([[c.addr, inp.value]], e.timeStamp || performance.now()));
          inp.addEventListener("keydown", (e) => onKey(e, c.addr));
          inp.addEventListener("paste", (e) => onPaste(e, c.addr));
          inp.addEventListener("focus", () => inp.select());
          inp.addEventListener("blur", () => { // show the value as read (a cleared total: its computed value)
            const v = vals[c.addr];
            const text = v === null || v === undefined ? "" : String(v);
            if (inp.value !== text) inp.value = text;
          });
          td.appendChild(inp);
          deltas[c.addr] = td.appendChild(h("span", "gw-delta"));
          tds[c.addr] = td;
          inputs[c.addr] = inp;
          rowAddrs.push(c.addr);
          tr.appendChild(td);
        }
        if (rowAddrs.length) { rowAddrs.forEach((a, j) => (pos[a] = [grid.length, j])); grid.push(rowAddrs); }
        tbody.appendChild(tr);
      }
      table.appendChild(tbody);
      root.appendChild(table);
    }
    msgBox = h("div", "gw-msgs");
    msgBox.setAttribute("aria-live", "polite");
    root.appendChild(msgBox);
    rev = model.get("rev");
    kernel = model.get("issues") || { rev: -1, items: [] };
    autofill();
    paint();
  }

  model.on("change:form", build);
  model.on("change:lang", build);
  model.on("change:rev", () => {
    // a change made in Python (a restore, start from last year) replaces what is shown
    const r = model.get("rev");
    rev = Math.max(rev, r);
    vals = { ...model.get("values") };
    manual = new Set(model.get("manual"));
    autofill();
    paint();
  });
  model.on("change:issues", () => {
    const k = model.get("issues") || { rev: -1, items: [] };
    const log = ((window.__govinfo = window.__govinfo || { local: [], kernel: [] }).answers ||= []);
    log.push([spec.table, k.rev, rev, k.items.map((i) => i.rule).join(",")]); // for diagnosis: the kernel's answers
    if (log.length > 50) log.shift();
    if (k.rev < rev) return; // an answer to an older edit: the browser's own check stays in force
    kernel = k;
    paint();
    const t0 = stamps.get(k.rev);
    stamps.delete(k.rev);
    if (t0 !== undefined) afterPaint(() => mark("kernel", performance.now() - t0, k.rev));
  });
  model.on("change:focus", () => focusCells((model.get("focus") || {}).cells || []));
  build();
  return () => root.replaceChildren();
}

export default { render };
