// The issues panel: the kernel's findings grouped by severity and rule; a click focuses the cells.
// Every string it shows comes from Python (the headings catalogue and the findings' own messages).

function h(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined && text !== null) e.textContent = String(text);
  return e;
}

function render({ model, el }) {
  const root = h("div", "gw-issues");
  el.appendChild(root);
  function draw() {
    const lang = model.get("lang") === "en" ? "en" : "zh";
    const text = model.get("text") || {};
    const t = Object.fromEntries(Object.entries(text).map(([k, v]) => [k, v[lang] || ""]));
    const titles = model.get("titles") || {};
    const items = model.get("issues") || [];
    root.replaceChildren();
    if (!items.length) { root.appendChild(h("div", "gw-empty", t.none)); return; }
    const order = ["error", "warning", "info", "na"];
    const groups = {};
    for (const i of items) {
      const sev = i.status === "fail" ? i.severity : "na";
      ((groups[sev] = groups[sev] || {})[i.rule] = groups[sev][i.rule] || []).push(i);
    }
    for (const sev of order) {
      if (!groups[sev]) continue;
      const box = h("div", "gw-sev gw-sev-" + sev);
      const n = Object.values(groups[sev]).reduce((s, l) => s + l.length, 0);
      box.appendChild(h("h4", null, t.count.replace("{label}", t[sev]).replace("{n}", n)));
      for (const [rule, list] of Object.entries(groups[sev])) {
        const d = h("details");
        d.open = sev === "error" || sev === "warning";
        const s = h("summary", null, `${rule} ${(titles[rule] || {})[lang] || ""}`);
        s.appendChild(h("span", "gw-count", list.length));
        d.appendChild(s);
        for (const i of list) {
          const it = h("div", "gw-item", lang === "en" ? i.message_en || i.message : i.message);
          it.dataset.rule = rule;
          it.tabIndex = 0;
          const go = () => model.send({ focus: i.cells || [], table: i.table || "" });
          it.addEventListener("click", go);
          it.addEventListener("keydown", (e) => { if (e.key === "Enter") go(); });
          d.appendChild(it);
        }
        box.appendChild(d);
      }
      root.appendChild(box);
    }
  }
  model.on("change:issues", draw);
  model.on("change:lang", draw);
  draw();
  return () => root.replaceChildren();
}

export default { render };
