// The connection guard of the report editor (issue 12): notices when the kernel or the server is gone,
// keeps what is typed in the browser from then on (localStorage, per draft), offers to re-send it when the
// page is opened again.

const TXT = {
  zh: {
    down: "⚠ 与内核或服务器的连接已中断（已停止或长时间无响应）。此后输入的内容不会保存到草稿，已暂存在本浏览器中；请重新启动后刷新本页，再点“重新发送”。",
    pending: "有 {n} 项内容是在连接中断时输入的，尚未保存到草稿：",
    resend: "重新发送", discard: "丢弃",
  },
  en: {
    down: "⚠ The connection to the kernel or server is lost (stopped or not answering). What you type now is not saved to the draft; it is kept in this browser. Restart, reload this page, then click Re-send.",
    pending: "{n} entries typed while the connection was lost are not saved in the draft yet:",
    resend: "Re-send", discard: "Discard",
  },
};

function h(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = String(text); // textContent: never HTML
  return e;
}

function render({ model, el }) {
  const tx = (k) => TXT[model.get("lang") === "en" ? "en" : "zh"][k];
  const key = "govinfo-pending:" + model.get("key");
  const box = h("div", "gw-guard");
  const banner = h("div", "gw-offline");
  const resendBar = h("div", "gw-resend");
  banner.hidden = resendBar.hidden = true;
  box.append(banner, resendBar);
  el.appendChild(box);

  const load = () => { try { return JSON.parse(localStorage.getItem(key) || "[]"); } catch { return []; } };
  const store = (list) => { try { list.length ? localStorage.setItem(key, JSON.stringify(list)) : localStorage.removeItem(key); } catch { /* full or off */ } };
  let pending = load(); // [{t, kind: "cell"|"text", id, value}], the last value per field
  let down = false, lastAnswer = Date.now(), seq = 0;
  const sent = new Map(); // ping number -> time sent

  function editorRoot() { return el.closest(".gw-editor") || document; }

  function showResend() {
    if (down || !pending.length) { resendBar.hidden = true; return; }
    resendBar.replaceChildren(h("span", "", tx("pending").replace("{n}", pending.length)));
    const again = h("button", "gw-resend-send", tx("resend"));
    const drop = h("button", "gw-resend-drop", tx("discard"));
    again.onclick = resend;
    drop.onclick = () => { pending = []; store(pending); showResend(); };
    resendBar.append(" ", again, " ", drop);
    resendBar.hidden = false;
  }

  function target(p) {
    const root = editorRoot();
    if (p.kind === "cell") return root.querySelector(`td.gw-cell[data-addr="${CSS.escape(p.id)}"] input`);
    return root.querySelector(`.gw-section-${CSS.escape(p.id)} textarea`);
  }

  function resend() {
    const left = [];
    for (const p of pending) {
      const inp = target(p);
      if (!inp) { left.push(p); continue; }
      inp.value = p.value;
      inp.dispatchEvent(new Event("input", { bubbles: true }));
      inp.dispatchEvent(new Event("change", { bubbles: true }));
    }
    pending = left; // kept until the kernel answers a ping sent after them (see the pong handler)
    store(pending);
    resendBar.hidden = true;
  }

  function record(e) {
    const t = e.target;
    let kind = null, id = null;
    if (t.matches && t.matches("td.gw-cell input")) { kind = "cell"; id = t.closest("td").dataset.addr; }
    else if (t.tagName === "TEXTAREA") {
      const sec = [...(t.closest("[class*='gw-section-']")?.classList || [])].find((c) => c.startsWith("gw-section-"));
      if (sec) { kind = "text"; id = sec.slice("gw-section-".length); }
    }
    if (!kind) return;
    pending = pending.filter((p) => !(p.kind === kind && p.id === id));
    pending.push({ t: Date.now(), kind, id, value: t.value });
    store(pending);
  }

  function setDown(v) {
    if (v === down) return;
    down = v;
    banner.textContent = tx("down");
    banner.hidden = !down;
    document.documentElement.classList.toggle("gw-connection-lost", down);
    showResend();
  }

  model.on("msg:custom", (m) => {
    if (!m || m.pong === undefined) return;
    lastAnswer = Date.now();
    const at = sent.get(m.pong);
    sent.delete(m.pong);
    // the kernel handles messages in order: what was typed a second before this ping has been received
    if (at !== undefined && pending.length) {
      const before = pending.length;
      pending = pending.filter((p) => p.t > at - 1000);
      if (pending.length !== before) store(pending);
    }
    setDown(false);
  });

  const root = editorRoot();
  root.addEventListener("input", record, true);
  const every = model.get("interval_ms");
  const timer = setInterval(() => {
    try {
      seq += 1;
      sent.set(seq, Date.now());
      if (sent.size > 50) sent.delete(sent.keys().next().value);
      model.send({ ping: seq });
    } catch { setDown(true); }
    if (Date.now() - lastAnswer > model.get("timeout_ms")) setDown(true);
  }, every);
  showResend();
  return () => {
    clearInterval(timer);
    root.removeEventListener("input", record, true);
  };
}

export default { render };
