// "从上年报告开始": a file button that checks the file's size in the browser before anything is sent
// (Jupyter's websocket drops messages over 10 MiB without a word), then sends the bytes to the kernel.

const TXT = {
  zh: { tooBig: "文件过大（{n} MB），网页上传上限为 {max} MB，未上传。更大的文件请用命令行 govinfo parse 读取。", sending: "正在上传……" },
  en: { tooBig: "File too large ({n} MB); the page uploads at most {max} MB, nothing was sent. Read larger files with `govinfo parse`.", sending: "Uploading…" },
};

function render({ model, el }) {
  const tx = (k) => TXT[model.get("lang") === "en" ? "en" : "zh"][k];
  const label = document.createElement("label");
  label.className = "gw-upload jupyter-button widget-button";
  const text = document.createElement("span");
  const input = document.createElement("input");
  input.type = "file";
  input.className = "gw-upload-input";
  const msg = document.createElement("div");
  msg.className = "gw-upload-refused";
  msg.hidden = true;
  label.append(text, input);
  el.append(label, msg);
  const draw = () => {
    text.textContent = model.get("description"); // textContent: never HTML
    input.accept = model.get("accept");
  };
  input.addEventListener("change", async () => {
    const f = input.files && input.files[0];
    input.value = "";
    if (!f) return;
    const max = model.get("max_bytes");
    if (f.size > max) {
      const mb = (n) => (n / 1048576).toFixed(1);
      msg.textContent = tx("tooBig").replace("{n}", mb(f.size)).replace("{max}", mb(max));
      msg.hidden = false;
      return;
    }
    msg.hidden = true;
    const data = await f.arrayBuffer();
    model.send({ upload: f.name, size: f.size }, undefined, [data]); // (content, callbacks, buffers)
  });
  model.on("change:description", draw);
  model.on("change:accept", draw);
  draw();
}

export default { render };
