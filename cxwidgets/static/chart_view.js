// Shows a chart the kernel rendered to SVG (the widget's `value`, course HTML only).
// When the view is first drawn it tells the kernel, which sends the current chart again:
// an update that reached the browser before this widget's model existed would otherwise be
// lost, and the chart would stay on its placeholder.
export default {
  render({ model, el }) {
    const draw = () => {
      el.innerHTML = model.get("value");
    };
    model.on("change:value", draw);
    draw();
    model.send({ event: "shown" });
    return () => model.off("change:value", draw);
  },
};
