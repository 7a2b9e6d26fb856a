// A button that asks the kernel for a file and saves what comes back.
// The bytes travel as a binary buffer on the widget's own channel: no URL, no server route.
export default {
  render({ model, el }) {
    const wrap = document.createElement("span");
    wrap.className = "cx-download-wrap";
    const button = document.createElement("button");
    button.type = "button";
    button.className = "cx-download jupyter-button widget-button";
    const status = document.createElement("span");
    status.className = "cx-download-status";
    status.setAttribute("role", "status");
    wrap.append(button, status);
    el.append(wrap);

    const paint = () => {
      button.textContent = model.get("label");
      button.setAttribute("aria-label", model.get("label"));
      button.dataset.name = model.get("name");
      button.classList.add(`cx-download-${model.get("name")}`);
      status.textContent = model.get("status");
    };
    const onClick = () => {
      button.disabled = true;
      button.setAttribute("aria-busy", "true");
      model.send({ event: "request" });
    };
    const onMessage = (msg, buffers) => {
      button.disabled = false;
      button.removeAttribute("aria-busy");
      if (!msg || msg.event !== "file" || !buffers || !buffers.length) return;
      const blob = new Blob([buffers[0]], { type: msg.mime });
      const url = URL.createObjectURL(blob);
      const link = document.createElement("a");
      link.href = url;
      link.download = msg.filename;
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10000);
    };
    button.addEventListener("click", onClick);
    model.on("msg:custom", onMessage);
    model.on("change:label", paint);
    model.on("change:status", paint);
    paint();
    return () => {
      button.removeEventListener("click", onClick);
      model.off("msg:custom", onMessage);
      model.off("change:label", paint);
      model.off("change:status", paint);
    };
  },
};
