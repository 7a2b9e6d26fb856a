// The Vega bundle of the course, loaded once per page: prepended to the ES modules of the widgets
// that draw with it (chart_view.js, chart_download.js) by `common.esm`, since anywidget modules
// cannot import each other. `loadVega()` resolves to `window.vegaEmbed`.

// An absolute URL: this module itself runs from a blob: URL, against which paths do not resolve.
function bundleUrl() {
  if (window.cxVegaUrl) return new URL(window.cxVegaUrl, window.location.href).href;
  let base = "/";
  const config = document.getElementById("jupyter-config-data");
  try {
    base = JSON.parse(config.textContent).baseUrl || "/";
  } catch (error) {
    base = "/";
  }
  const path = `${base.replace(/\/?$/, "/")}voila/templates/cx/static/vega.js`;
  return new URL(path, window.location.href).href;
}

// One load per page, shared by every widget (module state is per widget, window is per page).
function loadVega() {
  if (window.vegaEmbed) return Promise.resolve(window.vegaEmbed);
  if (!window.cxVegaLoading) {
    window.cxVegaLoading = import(bundleUrl()).then(() => {
      if (!window.vegaEmbed) throw new Error("vega bundle loaded without vegaEmbed");
      return window.vegaEmbed;
    });
    window.cxVegaLoading.catch(() => {
      window.cxVegaLoading = null; // a later chart may try again
    });
  }
  return window.cxVegaLoading;
}

