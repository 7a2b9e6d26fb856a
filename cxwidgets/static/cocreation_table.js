// An editable table of rows (lecture 10: the team plan, the user-test table) as ONE widget.
// `columns`: [{id, label, kind: "text" | "date" | "choice", options: [[label, code]]}];
// `rows`: [{column id: text}]; `texts`: {add, remove, row, empty} from the kernel's catalogue;
// `max_rows` caps "add". An edit sets `rows` (the kernel validates it and may send it back).
export default {
  render({ model, el }) {
    const wrap = document.createElement("div");
    wrap.className = "cx-rows";
    const table = document.createElement("table");
    table.className = "cx-rows-table";
    const head = document.createElement("thead");
    const body = document.createElement("tbody");
    table.append(head, body);
    const add = document.createElement("button");
    add.type = "button";
    add.className = "cx-rows-add jupyter-button widget-button";
    wrap.append(table, add);
    el.append(wrap);

    const rows = () => (model.get("rows") || []).map((row) => ({ ...row }));
    const texts = () => model.get("texts") || {};
    const send = (next) => {
      model.set("rows", next);
      model.save_changes();
    };

    const editor = (column, r) => {
      let input;
      if (column.kind === "choice") {
        input = document.createElement("select");
        const blank = document.createElement("option");
        blank.value = "";
        blank.textContent = texts().empty || "";
        input.append(blank);
        (column.options || []).forEach(([label, code]) => {
          const option = document.createElement("option");
          option.value = code;
          option.textContent = label;
          input.append(option);
        });
      } else {
        input = document.createElement("input");
        input.type = column.kind === "date" ? "date" : "text";
      }
      input.className = `cx-rows-cell cx-rows-${column.id}`;
      input.dataset.row = String(r);
      input.dataset.column = column.id;
      const commit = () => {
        const next = rows();
        if (!next[r] || next[r][column.id] === input.value) return;
        next[r][column.id] = input.value;
        send(next);
      };
      input.addEventListener(column.kind === "text" ? "input" : "change", commit);
      return input;
    };

    const build = () => {
      const columns = model.get("columns") || [];
      const list = rows();
      head.replaceChildren();
      const tr = document.createElement("tr");
      columns.forEach((column) => {
        const th = document.createElement("th");
        th.textContent = column.label;
        tr.append(th);
      });
      tr.append(document.createElement("th"));
      head.append(tr);
      body.replaceChildren();
      list.forEach((_row, r) => {
        const line = document.createElement("tr");
        line.className = "cx-rows-row";
        columns.forEach((column) => {
          const td = document.createElement("td");
          const input = editor(column, r);
          input.setAttribute("aria-label", `${column.label} ${r + 1}`);
          td.append(input);
          line.append(td);
        });
        const td = document.createElement("td");
        const remove = document.createElement("button");
        remove.type = "button";
        remove.className = "cx-rows-remove jupyter-button widget-button";
        remove.textContent = "×";
        remove.setAttribute("aria-label", `${texts().remove || ""} ${r + 1}`);
        remove.addEventListener("click", () => send(rows().filter((_x, i) => i !== r)));
        td.append(remove);
        line.append(td);
        body.append(line);
      });
    };

    const paint = () => {
      const list = rows();
      if (body.children.length !== list.length) build();
      body.querySelectorAll(".cx-rows-cell").forEach((input) => {
        const value = (list[Number(input.dataset.row)] || {})[input.dataset.column] || "";
        if (input.value !== value) input.value = value;
      });
      add.textContent = texts().add || "";
      add.setAttribute("aria-label", texts().add || "");
      add.disabled = list.length >= model.get("max_rows");
    };

    const onAdd = () => {
      const columns = model.get("columns") || [];
      const blank = Object.fromEntries(columns.map((column) => [column.id, ""]));
      send([...rows(), blank]);
    };
    const rebuild = () => {
      build();
      paint();
    };
    add.addEventListener("click", onAdd);
    model.on("change:rows", paint);
    model.on("change:columns", rebuild);
    model.on("change:texts", rebuild);
    model.on("change:max_rows", paint);
    rebuild();
    return () => {
      add.removeEventListener("click", onAdd);
      model.off("change:rows", paint);
      model.off("change:columns", rebuild);
      model.off("change:texts", rebuild);
      model.off("change:max_rows", paint);
    };
  },
};
