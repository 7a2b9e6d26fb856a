// A button that saves a chart as PNG or SVG, drawn by the learner's browser.
// On a click the kernel sends the chart's Vega-Lite spec; the Vega the page loaded for its
// charts (the cx template's static/vega.js, loaded by vega_loader.js, shared with
// chart_view.js; the bundle exposes only window.vegaEmbed) renders it off screen, in a
// detached element with no renderer, and the file is saved under the name the kernel gave. The spec carries the course's CJK font stack (charts.style), so Chinese is drawn with
// the page's fonts. When Vega cannot be loaded, or drawing fails, the kernel renders the file
// instead and sends its bytes (the widget's binary buffer, like download.js). The button's
// data-drawn-by says which drew the last file ("browser" or "kernel").

// Whether this page can draw pictures (window.vegaEmbed is set once the bundle is loaded).
async function hasVega() {
  try {
    await loadVega();
  } catch (error) {
    return false;
  }
  return Boolean(window.vegaEmbed);
}

function canvasBlob(canvas) {
  return new Promise((resolve, reject) => {
    canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error("empty canvas"))), "image/png");
  });
}

const OFF_SCREEN = { renderer: "none", actions: false, tooltip: false };

// The picture of a Vega-Lite spec, drawn off screen: a PNG at `scale` or an SVG document.
export async function picture(spec, format, scale) {
  const embed = await loadVega();
  const result = await embed(document.createElement("div"), spec, OFF_SCREEN);
  try {
    if (format === "svg") {
      const svg = await result.view.toSVG();
      return new Blob([svg], { type: "image/svg+xml" });
    }
    return await canvasBlob(await result.view.toCanvas(scale));
  } finally {
    result.finalize();
  }
}

function save(blob, filename) {
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

export default {
  render({ model, el }) {
    const wrap = document.createElement("span");
    wrap.className = "cx-download-wrap";
    const button = document.createElement("button");
    button.type = "button";
    button.className = "cx-download cx-chart-download jupyter-button widget-button";
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
    const idle = () => {
      button.disabled = false;
      button.removeAttribute("aria-busy");
    };
    const onClick = async () => {
      button.disabled = true;
      button.setAttribute("aria-busy", "true");
      model.send({ event: "request", browser: await hasVega() });
    };
    const onMessage = async (msg, buffers) => {
      if (!msg) return;
      if (msg.event === "spec") {
        try {
          save(await picture(msg.spec, msg.format, msg.scale), msg.filename);
          button.dataset.drawnBy = "browser";
          model.send({ event: "saved" });
          idle();
        } catch (error) {
          model.send({ event: "failed", error: String(error) }); // the kernel renders it
        }
        return;
      }
      idle();
      if (msg.event === "file" && buffers && buffers.length) {
        save(new Blob([buffers[0]], { type: msg.mime }), msg.filename);
        button.dataset.drawnBy = "kernel";
      }
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
