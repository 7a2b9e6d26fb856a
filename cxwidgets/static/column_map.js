// The mapping of an uploaded file's columns to an exercise's fields, in one widget
// (cxwidgets/widgets/column_map.py). A <table class="cx-map-table"> with a caption and column
// headers; a <tbody> per group, headed by a row with <th scope="rowgroup">; a row per field
// (tr.cx-map-row[data-key]) holding the label (<th scope="row">, a "*" marking a required
// field, its meaning in a visually hidden text), an optional text box for the field's name
// (input.cx-map-name), a native <select class="cx-map-select"> named by the label (texts.none,
// value "", then every column), and the chosen column's sample answers (td.cx-map-samples).
// Problems show in role="alert" boxes (the row's, or problems[""] above the table).
// Every text comes from the kernel and is set with textContent: headers and answers come from
// uploaded files. Choosing sets `value` at once; typing sets `names` at most every 300 ms, and
// at once on change / blur. Rows are kept and updated in place; when the table must be rebuilt
// (other fields), the focus and the caret of the name box are put back.
let counter = 0;
const TYPING_MS = 300;

const make = (tag, className, text) => {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
};

const hasName = (field) => field.name !== null && field.name !== undefined;

export default {
  render({ model, el }) {
    const prefix = `cx-map-${++counter}-${Math.random().toString(36).slice(2, 8)}`;
    const root = make("div", "cx-map");
    const overall = make("div", "cx-map-problem cx-map-problem-all");
    overall.setAttribute("role", "alert");
    const table = make("table", "cx-map-table");
    root.append(overall, table);
    el.append(root);

    let shape = "";
    let views = new Map(); // field key -> the row's elements

    const text = (name) => String((model.get("texts") || {})[name] ?? "");
    const fields = () => model.get("fields") || [];
    const columns = () => model.get("columns") || [];

    // ---------------------------------------------------------------- events up
    const choose = (key, column) => {
      const value = model.get("value") || {};
      if ((value[key] ?? "") === column) return;
      model.set("value", { ...value, [key]: column });
      model.save_changes();
    };

    // `view` is the row whose box was edited: a box of a row that a rebuild replaced still
    // fires "blur" when it leaves the page, and must not send (its text was sent before).
    const sendName = (view) => {
      clearTimeout(view.timer);
      view.timer = null;
      const key = view.row.dataset.key;
      if (views.get(key) !== view || !view.name || view.composing) return;
      const names = model.get("names") || {};
      if (String(names[key] ?? view.given ?? "") === view.name.value) return; // no edit
      model.set("names", { ...names, [key]: view.name.value });
      model.save_changes();
    };

    // While typing, the name is sent at most every TYPING_MS.
    const typed = (view) => {
      if (!view.timer) view.timer = setTimeout(() => sendName(view), TYPING_MS);
    };

    const flush = () => views.forEach((view) => { if (view.timer) sendName(view); });

    // ---------------------------------------------------------------- building
    const makeRow = (field, serial) => {
      const row = make("tr", "cx-map-row");
      row.dataset.key = field.key;
      const head = make("th", "cx-map-field");
      head.scope = "row";
      const label = make("span", "cx-map-label");
      head.append(label);
      const view = { row, label, head };
      if (field.required) {
        view.star = make("span", "cx-map-required", "*");
        view.star.setAttribute("aria-hidden", "true");
        view.hint = make("span", "cx-map-sr");
        head.append(view.star, view.hint);
      }
      if (hasName(field)) {
        view.name = make("input", "cx-map-name");
        view.name.type = "text";
        view.name.autocomplete = "off";
        // An input method (pinyin) composes a word in the box: only the word is sent.
        view.name.addEventListener("compositionstart", () => { view.composing = true; });
        view.name.addEventListener("compositionend", () => {
          view.composing = false;
          typed(view);
        });
        view.name.addEventListener("input", (event) => {
          if (!event.isComposing && !view.composing) typed(view);
        });
        view.name.addEventListener("change", () => sendName(view));
        view.name.addEventListener("blur", () => sendName(view));
        head.append(view.name);
      }
      const cell = make("td", "cx-map-column");
      view.select = make("select", "cx-map-select");
      view.select.addEventListener("change", () => choose(field.key, view.select.value));
      view.problem = make("div", "cx-map-problem");
      view.problem.id = `${prefix}-problem-${serial}`;
      view.problem.setAttribute("role", "alert");
      cell.append(view.select, view.problem);
      view.samples = make("td", "cx-map-samples");
      row.append(head, cell, view.samples);
      view.options = "";
      return view;
    };

    const build = () => {
      views = new Map();
      const caption = make("caption", "cx-map-caption");
      const colgroup = make("colgroup");
      ["cx-map-col-field", "cx-map-col-column", "cx-map-col-samples"].forEach((name) => {
        colgroup.append(make("col", name));
      });
      const thead = make("thead");
      const headRow = make("tr");
      ["field", "column", "samples"].forEach((name) => {
        const cell = make("th", `cx-map-head-${name}`);
        cell.scope = "col";
        headRow.append(cell);
      });
      thead.append(headRow);
      const bodies = new Map();
      fields().forEach((field, serial) => {
        const group = field.group || "";
        if (!bodies.has(group)) {
          const body = make("tbody", "cx-map-body");
          if (group) {
            const row = make("tr", "cx-map-group");
            const cell = make("th", "", group);
            cell.scope = "rowgroup";
            cell.colSpan = 3;
            row.append(cell);
            body.append(row);
          }
          bodies.set(group, body);
        }
        const view = makeRow(field, serial);
        views.set(field.key, view);
        bodies.get(group).append(view.row);
      });
      table.replaceChildren(caption, colgroup, thead, ...bodies.values());
    };

    // Which control had the focus (and the caret) before a rebuild, to give it back after.
    const focusOf = () => {
      const active = document.activeElement;
      if (!active || !root.contains(active)) return null;
      const row = active.closest(".cx-map-row");
      if (!row) return null;
      const isName = active.classList.contains("cx-map-name");
      return { key: row.dataset.key, isName, start: active.selectionStart,
        end: active.selectionEnd };
    };

    const refocus = (focus) => {
      const view = focus && views.get(focus.key);
      if (!view) return;
      const target = focus.isName ? view.name : view.select;
      if (!target) return;
      target.focus();
      if (focus.isName && focus.start !== null) {
        const end = target.value.length;
        target.setSelectionRange(Math.min(focus.start, end), Math.min(focus.end, end));
      }
    };

    // ---------------------------------------------------------------- painting
    const paintOptions = (view) => {
      const list = columns();
      const now = JSON.stringify([text("none"), list.map((column) => column.name)]);
      if (view.options === now) return;
      const none = make("option", "", text("none"));
      none.value = "";
      const options = list.map((column) => {
        const option = make("option", "", column.name);
        option.value = column.name;
        option.title = column.name;
        return option;
      });
      view.select.replaceChildren(none, ...options);
      view.options = now;
    };

    const paintName = (view, field, names) => {
      view.given = field.name;
      const wanted = String(names[field.key] ?? field.name ?? "");
      view.name.setAttribute("aria-label", field.name_label || field.label || "");
      // Typing (not sent yet) or composing: what is in the box is newer than the kernel's.
      if (view.timer || view.composing || view.name.value === wanted) return;
      if (document.activeElement === view.name) {
        const { selectionStart: start, selectionEnd: end } = view.name;
        view.name.value = wanted;
        view.name.setSelectionRange(Math.min(start, wanted.length), Math.min(end, wanted.length));
      } else {
        view.name.value = wanted;
      }
    };

    const paintSamples = (view, column) => {
      const found = columns().find((entry) => entry.name === column);
      const samples = found ? found.samples || [] : [];
      const now = JSON.stringify(samples);
      if (view.shown === now) return;
      view.samples.replaceChildren(...samples.map((sample) => {
        const item = make("span", "cx-map-sample", sample);
        item.title = sample;
        return item;
      }));
      view.shown = now;
    };

    const paintRow = (view, field, value, names, problems) => {
      const column = String(value[field.key] ?? "");
      const problem = problems[field.key] || "";
      const missing = Boolean(field.required) && !column;
      view.row.classList.toggle("cx-map-bad", Boolean(problem));
      view.row.classList.toggle("cx-map-missing", missing);
      view.label.textContent = field.label || "";
      if (view.star) {
        view.star.title = text("required");
        view.hint.textContent = ` (${text("required")})`;
      }
      if (view.name) paintName(view, field, names);
      paintOptions(view);
      const select = view.select;
      if (select.value !== column) select.value = column;
      select.title = column;
      select.setAttribute("aria-label", field.label || "");
      select.setAttribute("aria-required", field.required ? "true" : "false");
      if (problem) {
        select.setAttribute("aria-invalid", "true");
        select.setAttribute("aria-describedby", view.problem.id);
      } else {
        select.removeAttribute("aria-invalid");
        select.removeAttribute("aria-describedby");
      }
      if (view.problem.textContent !== problem) view.problem.textContent = problem;
      view.problem.hidden = !problem;
      paintSamples(view, column);
    };

    const paintTable = () => {
      const caption = table.querySelector("caption");
      caption.textContent = text("caption");
      caption.hidden = !text("caption");
      ["field", "column", "samples"].forEach((name) => {
        table.querySelector(`.cx-map-head-${name}`).textContent = text(name);
      });
      const all = (model.get("problems") || {})[""] || "";
      if (overall.textContent !== all) overall.textContent = all;
      overall.hidden = !all;
    };

    let painting = false; // sending a typed name while rebuilding calls paint again
    const paint = () => {
      if (painting) return;
      painting = true;
      try {
        paintAll();
      } finally {
        painting = false;
      }
    };

    const paintAll = () => {
      const now = JSON.stringify(fields().map((field) => [field.key, field.group || "",
        Boolean(field.required), hasName(field)]));
      let focus = null;
      if (now !== shape) {
        focus = focusOf();
        flush(); // nothing typed is lost
        build();
        shape = now;
      }
      paintTable();
      const value = model.get("value") || {};
      const names = model.get("names") || {};
      const problems = model.get("problems") || {};
      fields().forEach((field) => paintRow(views.get(field.key), field, value, names, problems));
      if (focus) refocus(focus); // after the rows hold their values again
    };

    // The kernel asks to show the first row with a problem (an analysis refused for it).
    const onMessage = (message) => {
      if (!message || message.event !== "focus_problem") return;
      const row = table.querySelector(".cx-map-row.cx-map-bad, .cx-map-row.cx-map-missing");
      const target = row ? row.querySelector("select") : overall;
      if (!target) return;
      target.scrollIntoView({ block: "center" });
      if (target.focus) target.focus({ preventScroll: true });
    };

    const traits = ["columns", "fields", "value", "names", "problems", "texts"];
    traits.forEach((name) => model.on(`change:${name}`, paint));
    model.on("msg:custom", onMessage);
    paint();
    return () => {
      traits.forEach((name) => model.off(`change:${name}`, paint));
      model.off("msg:custom", onMessage);
      flush();
      root.remove();
    };
  },
};
