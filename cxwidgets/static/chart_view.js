// Draws a course chart in the learner's browser: the kernel sends a Vega-Lite spec (`chart`),
// this view draws it with the Vega bundled in the course (the cx template's static/vega.js,
// fetched once per browser, no CDN), as SVG with tooltips. `message` is course HTML shown
// instead of a chart (placeholder, "no data", an error). Outside the cx template (a trainer's
// own notebook) the bundle is looked for under the server's Voila extension; when it cannot be
// loaded the view asks the kernel for an SVG instead (`fallback_svg`).
//
// When only the chart's data changed the kernel sends those alone (`data`: datasets by their
// names in `chart`, signal values; see `charts.data_change`), and they are applied to the Vega
// view already drawn. A view that has none (first draw, after an error) draws `chart` and then
// applies `data`; if applying fails it asks the kernel for the whole chart ("stale").
//
// While a spec is being drawn the element has the class `cx-chart-busy`; once drawn,
// `cx-chart-drawn`, and `data-draws` counts the draws so far.
//
// When the view is first drawn it tells the kernel, which sends the current state again: an
// update that reached the browser before this widget's model existed would otherwise be lost.

const EMBED_OPTIONS = { renderer: "svg", actions: false, tooltip: { theme: "light" } };

export default {
  render({ model, el }) {
    const note = document.createElement("div");
    note.className = "cx-chart-note";
    const box = document.createElement("div");
    box.className = "cx-chart-svg";
    box.setAttribute("role", "img");
    // vega-embed sets its own role and label on the element it draws into: draw into a child,
    // so the box keeps the course's accessible name.
    const target = document.createElement("div");
    box.append(target);
    el.replaceChildren(note, box);

    let view = null;
    let chartChanged = true; // `chart` is newer than the spec `view` was drawn from
    let token = 0;
    let draws = 0; // `data-draws` counts finished draws (benchmarks time a redraw by it)
    let queue = Promise.resolve();
    let closed = false;

    const clearView = () => {
      if (view) view.finalize();
      view = null;
      target.replaceChildren();
    };

    const drawNow = async (mine) => {
      if (closed || mine !== token) return; // a newer state is queued: draw that one only
      const spec = model.get("chart");
      const fallback = model.get("fallback_svg");
      note.innerHTML = model.get("message");
      box.setAttribute("aria-label", model.get("label"));
      el.classList.remove("cx-chart-drawn");
      el.classList.toggle("cx-chart-busy", Boolean(spec && Object.keys(spec).length));
      if (!spec || Object.keys(spec).length === 0) {
        clearView();
        return;
      }
      if (fallback) {
        clearView();
        target.innerHTML = fallback;
        el.classList.remove("cx-chart-busy");
        el.classList.add("cx-chart-drawn");
        el.dataset.draws = String(++draws);
        return;
      }
      let embed;
      try {
        embed = await loadVega();
      } catch (error) {
        model.send({ event: "no-vega", error: String(error) }); // stays busy: an SVG comes
        return;
      }
      if (closed || mine !== token) return;
      if (view && !chartChanged) {
        await applyData(mine);
        return;
      }
      chartChanged = false;
      if (view) view.finalize();
      view = null;
      try {
        const result = await embed(target, spec, EMBED_OPTIONS);
        if (closed || mine !== token) {
          result.finalize();
          return;
        }
        view = result.view;
      } catch (error) {
        el.classList.remove("cx-chart-busy");
        model.send({ event: "failed", error: String(error) });
        return;
      }
      await applyData(mine);
    };

    // Applies `data` to the drawn view (nothing to apply right after a whole chart is drawn).
    const applyData = async (mine) => {
      const data = model.get("data") || {};
      try {
        for (const [name, values] of Object.entries(data.datasets || {})) view.data(name, values);
        for (const [name, value] of Object.entries(data.signals || {})) view.signal(name, value);
        await view.runAsync();
      } catch (error) {
        el.classList.remove("cx-chart-busy");
        model.send({ event: "stale", error: String(error) });
        return;
      }
      if (closed || mine !== token) return;
      el.classList.remove("cx-chart-busy");
      el.classList.add("cx-chart-drawn");
      el.dataset.draws = String(++draws);
    };

    const schedule = () => {
      token += 1;
      const mine = token;
      queue = queue.then(() => drawNow(mine));
    };

    const chartChange = () => {
      chartChanged = true;
      schedule();
    };

    model.on("change:chart", chartChange);
    model.on("change:data change:message change:label change:fallback_svg", schedule);
    schedule();
    model.send({ event: "shown" });
    return () => {
      closed = true;
      model.off("change:chart", chartChange);
      model.off("change:data change:message change:label change:fallback_svg", schedule);
      if (view) view.finalize();
    };
  },
};
