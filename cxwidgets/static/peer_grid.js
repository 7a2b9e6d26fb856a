// The roadshow rubric as ONE widget: a row per team (and the calibration pitch), a column per
// criterion, each cell a native <select> of the scale. `rows`: [{id, label, own}];
// `criteria`: [{id, label}]; `scale`: [low, high]; `value`: {row id: {criterion: score}};
// `totals`: {row id: text}; `texts`: {empty, total, own}. A choice sets `value`; the kernel
// checks it (a learner's own team is refused) and sends back what it kept.
export default {
  render({ model, el }) {
    const wrap = document.createElement("div");
    wrap.className = "cx-peer-wrap";
    const table = document.createElement("table");
    table.className = "cx-peer-grid";
    wrap.append(table);
    el.append(wrap);
    let selects = [];

    const value = () => JSON.parse(JSON.stringify(model.get("value") || {}));

    const choose = (row, criterion, text) => {
      const next = value();
      next[row] = next[row] || {};
      if (text === "") delete next[row][criterion];
      else next[row][criterion] = Number(text);
      if (!Object.keys(next[row]).length) delete next[row];
      model.set("value", next);
      model.save_changes();
    };

    const build = () => {
      const [low, high] = model.get("scale") || [1, 5];
      const criteria = model.get("criteria") || [];
      const texts = model.get("texts") || {};
      table.replaceChildren();
      const head = document.createElement("tr");
      [""].concat(criteria.map((c) => c.label)).concat([texts.total || ""]).forEach((label) => {
        const th = document.createElement("th");
        th.textContent = label;
        head.append(th);
      });
      const thead = document.createElement("thead");
      thead.append(head);
      const tbody = document.createElement("tbody");
      table.append(thead, tbody);
      selects = [];
      (model.get("rows") || []).forEach((row) => {
        const tr = document.createElement("tr");
        tr.className = `cx-peer-row cx-peer-row-${row.id}` + (row.own ? " cx-peer-own" : "");
        const th = document.createElement("th");
        th.scope = "row";
        th.textContent = row.own ? `${row.label} ${texts.own || ""}` : row.label;
        tr.append(th);
        criteria.forEach((criterion) => {
          const td = document.createElement("td");
          const select = document.createElement("select");
          select.className = `cx-peer-cell cx-peer-${row.id}-${criterion.id}`;
          select.setAttribute("aria-label", `${row.label} ${criterion.label}`);
          const blank = document.createElement("option");
          blank.value = "";
          blank.textContent = texts.empty || "";
          select.append(blank);
          for (let n = low; n <= high; n += 1) {
            const option = document.createElement("option");
            option.value = String(n);
            option.textContent = String(n);
            select.append(option);
          }
          select.dataset.row = row.id;
          select.dataset.criterion = criterion.id;
          select.addEventListener("change", () => choose(row.id, criterion.id, select.value));
          td.append(select);
          tr.append(td);
          selects.push(select);
        });
        const total = document.createElement("td");
        total.className = `cx-peer-total cx-peer-total-${row.id}`;
        tr.append(total);
        tbody.append(tr);
      });
      paint();
    };

    const paint = () => {
      const current = model.get("value") || {};
      const totals = model.get("totals") || {};
      selects.forEach((select) => {
        const score = (current[select.dataset.row] || {})[select.dataset.criterion];
        const text = score === undefined || score === null ? "" : String(score);
        if (select.value !== text) select.value = text;
      });
      table.querySelectorAll(".cx-peer-total").forEach((cell) => {
        const id = cell.className.split("cx-peer-total-")[1];
        cell.textContent = totals[id] || "";
      });
    };

    const structure = ["rows", "criteria", "scale", "texts"];
    structure.forEach((name) => model.on(`change:${name}`, build));
    model.on("change:value", paint);
    model.on("change:totals", paint);
    build();
    return () => {
      structure.forEach((name) => model.off(`change:${name}`, build));
      model.off("change:value", paint);
      model.off("change:totals", paint);
    };
  },
};
