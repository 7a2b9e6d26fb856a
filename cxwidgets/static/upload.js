// A file picker that checks the size before reading: a real <input type=file> inside a
// <label class="cx-upload"> styled as a button. A file over `max_bytes` is never read; only its
// name and size go to the kernel, which shows the "too big" message. A file within the limit
// goes to the kernel as one binary buffer. Every text comes from Python (`label`, `busy_label`).
export default {
  render({ model, el }) {
    const button = document.createElement("label");
    button.className = "cx-upload jupyter-button widget-button";
    const input = document.createElement("input");
    input.type = "file";
    input.className = "cx-upload-input";
    const caption = document.createElement("span");
    caption.className = "cx-upload-caption";
    button.append(input, caption);
    el.append(button);

    let pending = 0; // files sent and not yet answered with {event: "done"}

    const paint = () => {
      const busy = pending > 0;
      caption.textContent = busy ? model.get("busy_label") : model.get("label");
      input.setAttribute("aria-label", model.get("label"));
      input.accept = model.get("accept");
      button.classList.toggle("cx-upload-busy", busy);
      if (busy) button.setAttribute("aria-busy", "true");
      else button.removeAttribute("aria-busy");
    };

    const send = (content, buffers) => {
      pending += 1;
      paint();
      model.send(content, undefined, buffers);
    };

    const onChange = () => {
      const file = input.files && input.files[0];
      // Empty the input so that choosing the same file again fires another change.
      input.value = "";
      if (!file) return;
      if (file.size > model.get("max_bytes")) {
        send({ event: "too_big", name: file.name, size: file.size });
        return;
      }
      file.arrayBuffer().then(
        (data) => send({ event: "file", name: file.name, size: file.size }, [data]),
        () => send({ event: "unreadable", name: file.name }),
      );
    };

    const onMessage = (msg) => {
      if (!msg || msg.event !== "done") return;
      pending = Math.max(0, pending - 1);
      paint();
    };

    input.addEventListener("change", onChange);
    model.on("msg:custom", onMessage);
    model.on("change:label", paint);
    model.on("change:busy_label", paint);
    model.on("change:accept", paint);
    paint();
    return () => {
      input.removeEventListener("change", onChange);
      model.off("msg:custom", onMessage);
      model.off("change:label", paint);
      model.off("change:busy_label", paint);
      model.off("change:accept", paint);
    };
  },
};
