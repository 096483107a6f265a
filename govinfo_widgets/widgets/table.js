// One official-form table (Table 2, 3 or 4) that checks itself as you type.
// It renders and evaluates only what Python sends (govinfo_widgets/widgets/_table.py): the grid
// (schema.table_grid, the one every exporter fills), the compiled linear checks, each computed
// cell's parts, the cell parser's rules as data (io.parse_rules) and the message catalogue.
// The kernel stays the authority and confirms. The pure functions are exported so that
// tests/test_js_parity.py runs them under Node against Python on the same inputs.

const TOL = 1e-6;

// ---- pure functions -------------------------------------------------------------------------

// Python's _fmt (rules._engine): "—" for a missing number, integers plain, at most 4 decimals.
export function fmt(x) {
  if (x === null || x === undefined || Number.isNaN(x)) return "—";
  if (Number.isInteger(x)) return String(x);
  return x.toFixed(4).replace(/0+$/, "").replace(/\.$/, "");
}

// Python's str.format on a catalogue template with every placeholder supplied ("" when absent).
export function fill(template, params) {
  return String(template).replace(/\{(\w+)\}/g, (_, k) => String(params[k] ?? ""));
}

const compiled = new WeakMap();
function regexes(rules) {
  let r = compiled.get(rules);
  if (!r) {
    r = {
      spaces: new RegExp(rules.spaces, "g"),
      number: new RegExp(rules.number),
      thousands: new RegExp(rules.thousands),
      split: new RegExp("^(?:" + rules.split + ")$"),
      na: new Set(rules.na),
    };
    compiled.set(rules, r);
  }
  return r;
}

// One typed cell read as io.parse_cell reads it: {value, status}. ``type`` is {dtype, signed, unit,
// computed} of the cell; ``rules`` the parser's rules (regular expressions, "not applicable" markers).
// A number past rules.max_number (2^53: beyond it a double no longer holds every integer) is
// "unreadable", as a Cell makes it in Python: never a rounded number.
export function parseCell(text, type, rules) {
  const ty = type || {};
  const R = regexes(rules);
  let s = String(text ?? "").normalize("NFKC").replace(R.spaces, " ").replace(/^ +| +$/g, "");
  if (!s) return { value: null, status: ty.computed ? "blank_missing" : "blank_zero" };
  if (R.na.has(s) || R.na.has(s.replaceAll(" ", ""))) return { value: null, status: "not_applicable" };
  let status = "parsed";
  if (s.includes(" ")) {
    const joined = s.replaceAll(" ", "");
    if (R.split.test(joined)) status = "repaired";
    s = joined;
  }
  if (R.thousands.test(s)) s = s.replaceAll(",", "");
  const m = R.number.exec(s);
  if (!m) return { value: null, status: "unreadable" };
  const [, sign, digits, unit] = m;
  let value = Number(digits);
  if (sign === "-") value = -value;
  const decimal = ty.dtype === "decimal";
  let converted = false;
  if (unit === "元" || unit === "万元") {
    if (!decimal) return { value: null, status: "unreadable" };
    if (ty.unit === "万元" && unit === "元") {
      value = value / 10000;
      status = "repaired";
      converted = true;
    }
  }
  // an integer is compared exactly (BigInt), as Python compares its int; a decimal as a double
  const exact = !digits.includes(".") && !converted ? BigInt(digits) : null;
  if (exact !== null ? exact > BigInt(rules.max_number) : Math.abs(value) > rules.max_number)
    return { value: null, status: "unreadable" };
  return { value: value === 0 ? 0 : value, status };
}

// What a cell adds to a sum: its number; 0 for the statuses Python counts as 0 (rules.zero: a blank
// leaf, "not applicable"); NaN (missing) for a blank total or text that is not a number — never a silent 0.
export function cellNumber(v, type, rules) {
  if (typeof v === "number") return v;
  if (v === null || v === undefined || v === "") // a blank, on every keystroke: no need to parse it
    return rules.zero.includes((type || {}).computed ? "blank_missing" : "blank_zero") ? 0 : NaN;
  const p = typed(v, type, rules);
  if (typeof p.value === "number") return p.value;
  return rules.zero.includes(p.status) ? 0 : NaN;
}

// A typed cell as the editor keeps it: parsed, but what the parser would repair (rules.refuse) is
// left as typed, unreadable — in the kernel too (widgets._table.apply_values).
export function typed(text, type, rules) {
  const p = parseCell(text, type, rules);
  return rules.refuse.includes(p.status) ? { value: null, status: "unreadable" } : p;
}

// The totals left to the machine, filled in the order Python sends (a total after the totals it adds),
// as rules.compute_totals fills them. Returns the new values.
export function autofill(values, parts, manual, num) {
  const out = { ...values };
  const get = (a) => num(a, out[a]);
  for (const [cell, list] of parts) {
    if (manual.has(cell)) continue;
    let total = 0;
    for (const p of list) total += get(p);
    out[cell] = Number.isNaN(total) ? null : total;
  }
  return out;
}

// The compiled linear checks on one table's values: each failed check with both sides
// (checks with a missing value are left to the kernel, which says why they cannot be assessed).
export function evaluateChecks(checks, num) {
  const out = [];
  for (const c of checks) {
    let l = 0, r = 0;
    for (const [a, k] of c.lhs) l += k * num(a);
    for (const [a, k] of c.rhs) r += k * num(a);
    if (Number.isNaN(l) || Number.isNaN(r)) continue;
    const d = l - r;
    const fail = c.op === "eq" ? Math.abs(d) > TOL : c.op === "le" ? d > TOL : d < -TOL;
    if (fail) out.push({ check: c, lhs: l, rhs: r, diff: d });
  }
  return out;
}

// A failed check's issue, its message in both languages from the catalogue sent by Python.
export function checkIssue(f, messages) {
  const c = f.check;
  const t = messages[c.rule] || {};
  const p = { lhs: fmt(f.lhs), rhs: fmt(f.rhs), diff: fmt(f.diff) };
  return {
    rule: c.rule, severity: c.severity, status: "fail", table: c.table, scope: c.scope,
    cells: c.lhs.concat(c.rhs).map((x) => x[0]),
    message: fill(t.zh ?? c.rule, { ...p, where: c.where, cell: c.cell }),
    message_en: fill(t.en ?? c.rule, { ...p, where: c.where_en, cell: c.cell_en }),
  };
}

// The grid as drawn: leading rows of headers (thead), then body rows; each row's key is the key of
// its own label cell (the last one: earlier label cells head the groups above it).
export function gridRows(grid) {
  const isHead = (row) => row.every((c) => c.kind === "head" || c.kind === "note");
  let nHead = 0;
  if (grid.key !== "t2") while (nHead < grid.rows.length && isHead(grid.rows[nHead])) nHead++;
  return grid.rows.map((row, i) => {
    const labels = row.filter((c) => c.kind === "label");
    const own = labels.length ? labels[labels.length - 1].key : grid.key;
    const cells = row.map((c) => {
      let cls = "";
      if (c.kind === "note") cls = "gw-note";
      else if (c.kind === "title") cls = "gw-blocktitle";
      else if (c.kind === "head") cls = i < nHead && c.colspan > 1 ? "gw-spanner" : "gw-colhead";
      else if (c.kind === "label") cls = c.key === own ? "gw-rowhead gw-level" + c.level : "gw-group";
      return { kind: c.kind, cls, text: c.text, colspan: c.colspan, rowspan: c.rowspan, addr: c.address, row: c.key };
    });
    return { head: i < nHead, headRow: i >= nHead && isHead(row), key: row.length === 1 && row[0].kind === "title" ? row[0].key : own, cells };
  });
}

// ---- the widget -----------------------------------------------------------------------------
function h(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined && text !== null) e.textContent = String(text); // textContent: user text is never HTML
  return e;
}

// input → painted frame, for benchmarks/bench_latency.py (read with a PerformanceObserver); only the
// latest of each is kept in the page's timeline.
function measure(name, t0) {
  performance.clearMeasures(name);
  performance.measure(name, { start: t0, end: performance.now() });
}

function render({ model, el }) {
  const root = h("div", "gw-table-widget");
  el.appendChild(root);
  let spec, lang, vals, manual, rev = 0, inputs = {}, tds = {}, rowHeads = {}, grid = [], pos = {};
  let kernel = { rev: -1, items: [] }, parts = [], partsOf = {}, computed = new Set();
  let drawn = {}, deltas = {}, msgBox = null, msgSig = null, msgFrame = 0;
  const stamps = new Map(); // rev -> input event time (performance.now clock)

  function tx(k) { return (spec.text[k] || {})[lang === "en" ? "en" : "zh"] || ""; }
  function type(a) { return spec.types[a] || (computed.has(a) ? { computed: true } : null); }

  function num(a, v) {
    if (a.startsWith("prev:")) { const p = spec.prev[a.slice(5)]; return typeof p === "number" ? p : NaN; }
    return cellNumber(v === undefined ? vals[a] : v, type(a), spec.parse);
  }
  const cur = (a) => num(a);

  function refill() { vals = autofill(vals, parts, manual, num); }

  function currentIssues() {
    if (kernel.rev === rev) return kernel.items;
    const linear = new Set(spec.checks.map((c) => c.rule));
    const mine = evaluateChecks(spec.checks, cur).map((f) => ({ ...checkIssue(f, spec.messages), browser: true }));
    return mine.concat(kernel.items.filter((i) => !linear.has(i.rule)));
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
      const bad = typeof v === "string" && typed(v, type(a), spec.parse).status === "unreadable";
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
      if (computed.has(a) && !isAuto && partsOf[a]) {
        let t = 0;
        for (const p of partsOf[a]) t += num(p);
        const d = num(a) - t;
        if (!Number.isNaN(t) && !Number.isNaN(d) && Math.abs(d) > TOL) {
          delta = (d > 0 ? "+" : "") + fmt(d);
          tips.push(fill(tx("typed"), { value: fmt(t), diff: fmt(d) }));
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
    root.dataset.rev = rev;
    root.dataset.kernelRev = kernel.rev;
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
    if (shown.length > 6) box.appendChild(h("div", "gw-msg-more", fill(tx("more"), { n: shown.length - 6 })));
  }

  function afterPaint(fn) { requestAnimationFrame(() => setTimeout(fn, 0)); }

  function edit(changes, t0) {
    for (const [a, text] of changes) {
      const p = typed(text, type(a), spec.parse);
      // a number travels as a number; anything else as typed, for the kernel's parser to read alike
      const v = typeof p.value === "number" ? p.value : p.status.startsWith("blank") ? null : String(text);
      if (computed.has(a)) { if (v === null) manual.delete(a); else manual.add(a); }
      vals[a] = v;
    }
    rev += 1; // first: from now on the kernel's last answer is out of date, the browser's check shows
    const r = rev;
    refill();
    paint();
    stamps.set(r, t0);
    if (stamps.size > 200) stamps.delete(stamps.keys().next().value);
    // one trait, one message: the values, the totals typed by hand and the edit's number travel together.
    // It leaves once the highlight is on screen, so that the kernel's busy/idle traffic (which the
    // page redraws) cannot delay that frame; the copy is taken now, and the messages keep their order.
    const msg = { rev: r, values: { ...vals }, manual: [...manual] };
    measure("gw-checked", t0);
    afterPaint(() => {
      measure("gw-local", t0);
      model.set("edit", msg);
      model.save_changes();
      measure("gw-sent", t0);
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

  function spans(e, c) {
    if (c.colspan > 1) e.colSpan = c.colspan;
    if (c.rowspan > 1) e.rowSpan = c.rowspan;
    return e;
  }

  function valueCell(c, key) {
    const td = spans(h("td", "gw-cell"), c);
    td.dataset.addr = c.addr;
    td.dataset.row = key;
    const inp = h("input", "gw-input");
    inp.type = "text";
    inp.inputMode = (spec.types[c.addr] || {}).dtype === "decimal" ? "decimal" : "numeric";
    inp.setAttribute("aria-label", (spec.labels[lang] || {})[c.addr] || c.addr);
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
    return td;
  }

  function build() {
    spec = model.get("form");
    lang = model.get("lang") === "en" ? "en" : "zh";
    vals = { ...model.get("values") };
    manual = new Set(model.get("manual"));
    computed = new Set(spec.computed || []);
    parts = Object.entries(spec.parts || {});
    partsOf = spec.parts || {};
    inputs = {}; tds = {}; rowHeads = {}; grid = []; pos = {}; drawn = {}; deltas = {}; msgSig = null;
    root.replaceChildren();
    const g = (spec.grid || {})[lang];
    if (!g) return;
    const layout = new Set(spec.layout);
    if (g.unit) root.appendChild(h("div", "gw-unit", tx("unit") + g.unit));
    const table = h("table", "gw-form gw-" + spec.table);
    const thead = h("thead");
    const tbody = h("tbody");
    for (const line of gridRows(g)) {
      const tr = h("tr", line.headRow ? "gw-headrow" : "");
      if (!line.head) tr.dataset.row = line.key;
      const rowAddrs = [];
      for (const c of line.cells) {
        if (c.kind !== "value") {
          const th = spans(h(line.head || line.headRow ? "th" : "td", c.cls, c.text), c);
          if (c.kind === "label" && c.row) rowHeads[c.row] = th;
          tr.appendChild(th);
        } else if (!layout.has(c.addr)) {
          tr.appendChild(spans(h("td", "gw-void"), c));
        } else {
          tr.appendChild(valueCell(c, line.key));
          rowAddrs.push(c.addr);
        }
      }
      if (rowAddrs.length) { rowAddrs.forEach((a, j) => (pos[a] = [grid.length, j])); grid.push(rowAddrs); }
      (line.head ? thead : tbody).appendChild(tr);
    }
    if (thead.children.length) table.appendChild(thead);
    table.appendChild(tbody);
    root.appendChild(table);
    msgBox = h("div", "gw-msgs");
    msgBox.setAttribute("aria-live", "polite");
    root.appendChild(msgBox);
    rev = model.get("rev");
    kernel = model.get("issues") || { rev: -1, items: [] };
    refill();
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
    refill();
    paint();
  });
  model.on("change:issues", () => {
    const k = model.get("issues") || { rev: -1, items: [] };
    if (k.rev < rev) return; // an answer to an older edit: the browser's own check stays in force
    kernel = k;
    paint();
    const t0 = stamps.get(k.rev);
    stamps.delete(k.rev);
    if (t0 !== undefined) afterPaint(() => measure("gw-kernel", t0));
  });
  model.on("change:focus", () => focusCells((model.get("focus") || {}).cells || []));
  build();
  return () => root.replaceChildren();
}

export default { render };
