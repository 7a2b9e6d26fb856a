// The how-might-we board of lecture 06: idea notes with votes, and an impact/effort grid.
// Notes are dragged with the pointer (mouse, pen, finger) from the parking area onto the grid,
// moved on it, or back; with the keyboard a focused note is placed with Enter, moved with the
// arrow keys (Up/Down impact, Right/Left effort) and parked again with Escape. Every text comes
// from the kernel (`texts`, and each note's `label`); the kernel validates every move and sends
// the notes back, so a refused move snaps back.
function make(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

export default {
  render({ model, el }) {
    const root = make("div", "cx-hmw-board");
    const park = make("div", "cx-hmw-park");
    const parkTitle = make("div", "cx-hmw-park-title");
    const parkList = make("div", "cx-hmw-park-list");
    parkList.setAttribute("role", "list");
    park.append(parkTitle, parkList);
    const area = make("div", "cx-hmw-area");
    const yTitle = make("div", "cx-hmw-axis cx-hmw-axis-y");
    const grid = make("div", "cx-hmw-grid");
    grid.setAttribute("role", "group");
    const quadrants = {};
    for (const code of ["quick_win", "big_bet", "fill_in", "money_pit"]) {
      const cell = make("div", `cx-hmw-quadrant cx-hmw-quadrant-${code}`);
      cell.dataset.quadrant = code;
      quadrants[code] = cell;
      grid.append(cell);
    }
    const xTitle = make("div", "cx-hmw-axis cx-hmw-axis-x");
    const help = make("div", "cx-hmw-help");
    area.append(yTitle, grid, xTitle);
    const live = make("div", "cx-hmw-live");
    live.setAttribute("aria-live", "polite");
    root.append(park, area, help, live);
    el.append(root);

    const cfg = () => model.get("config") || { max: 10, high: 5 };
    const texts = () => model.get("texts") || {};
    let focusId = null;
    let drag = null;

    const send = (message) => model.send(message);
    const clamp = (v) => Math.max(0, Math.min(cfg().max, Math.round(v)));

    const dropAt = (note, x, y) => {
      const box = grid.getBoundingClientRect();
      if (x >= box.left && x <= box.right && y >= box.top && y <= box.bottom) {
        const max = cfg().max;
        const effort = clamp(((x - box.left) / box.width) * max);
        const impact = clamp((1 - (y - box.top) / box.height) * max);
        send({ action: "place", id: note.id, impact, effort });
        return true;
      }
      const parkBox = park.getBoundingClientRect();
      if (x >= parkBox.left && x <= parkBox.right && y >= parkBox.top && y <= parkBox.bottom) {
        if (note.impact !== null) send({ action: "park", id: note.id });
        return true;
      }
      return false;
    };

    const onKey = (note, event) => {
      if (event.target !== event.currentTarget) return;
      const max = cfg().max;
      const placed = note.impact !== null && note.effort !== null;
      const centre = Math.round(max / 2);
      let impact = placed ? note.impact : centre;
      let effort = placed ? note.effort : centre;
      const moves = { ArrowUp: [1, 0], ArrowDown: [-1, 0], ArrowRight: [0, 1], ArrowLeft: [0, -1] };
      if (event.key in moves) {
        if (placed) {
          impact = clamp(impact + moves[event.key][0]);
          effort = clamp(effort + moves[event.key][1]);
        }
        send({ action: "place", id: note.id, impact, effort });
      } else if ((event.key === "Enter" || event.key === " ") && !placed) {
        send({ action: "place", id: note.id, impact, effort });
      } else if (event.key === "Escape" && placed) {
        send({ action: "park", id: note.id });
      } else {
        return;
      }
      event.preventDefault();
      focusId = note.id;
    };

    const startDrag = (note, node, event) => {
      if (event.button !== 0 || event.target.closest("button")) return;
      drag = { note, node, x: event.clientX, y: event.clientY, moved: false };
      node.setPointerCapture(event.pointerId);
    };

    const moveDrag = (event) => {
      if (!drag) return;
      const dx = event.clientX - drag.x;
      const dy = event.clientY - drag.y;
      if (!drag.moved && Math.hypot(dx, dy) < 4) return;
      drag.moved = true;
      drag.node.classList.add("cx-hmw-dragging");
      drag.node.style.translate = `${dx}px ${dy}px`;
    };

    const endDrag = (event) => {
      if (!drag) return;
      const { note, node, moved } = drag;
      drag = null;
      node.classList.remove("cx-hmw-dragging");
      node.style.translate = "";
      if (moved) {
        focusId = note.id;
        dropAt(note, event.clientX, event.clientY);
      }
    };

    const noteNode = (note) => {
      const t = texts();
      const node = make("div", "cx-hmw-note");
      node.dataset.id = note.id;
      node.tabIndex = 0;
      node.setAttribute("role", "listitem");
      node.setAttribute("aria-label", note.label);
      node.classList.toggle("cx-hmw-note-mine", Boolean(note.mine));
      if (note.quadrant) node.dataset.quadrant = note.quadrant;
      const text = make("span", "cx-hmw-note-text", note.text);
      const dots = make("span", "cx-hmw-note-votes", String(note.votes));
      dots.setAttribute("aria-hidden", "true");
      const vote = make("button", "cx-hmw-vote", note.mine ? "\u2605" : "\u2606");
      vote.type = "button";
      vote.setAttribute("aria-pressed", note.mine ? "true" : "false");
      vote.setAttribute("aria-label", `${note.mine ? t.unvote : t.vote}: ${note.text}`);
      vote.title = note.mine ? t.unvote : t.vote;
      vote.addEventListener("click", () => {
        focusId = note.id;
        send({ action: note.mine ? "unvote" : "vote", id: note.id });
      });
      const remove = make("button", "cx-hmw-delete", "\u00d7");
      remove.type = "button";
      remove.setAttribute("aria-label", `${t.delete}: ${note.text}`);
      remove.title = t.delete || "";
      remove.addEventListener("click", () => send({ action: "delete", id: note.id }));
      node.append(text, dots, vote, remove);
      node.addEventListener("keydown", (event) => onKey(note, event));
      node.addEventListener("pointerdown", (event) => startDrag(note, node, event));
      node.addEventListener("pointermove", moveDrag);
      node.addEventListener("pointerup", endDrag);
      node.addEventListener("pointercancel", endDrag);
      if (note.impact !== null && note.effort !== null) {
        const max = cfg().max || 10;
        node.classList.add("cx-hmw-note-placed");
        node.style.left = `${(note.effort / max) * 100}%`;
        node.style.top = `${(1 - note.impact / max) * 100}%`;
      }
      return node;
    };

    const paint = () => {
      const t = texts();
      const notes = model.get("notes") || [];
      const active = document.activeElement;
      const hadFocus = Boolean(active && root.contains(active));
      if (hadFocus && active.closest) {
        const holder = active.closest(".cx-hmw-note");
        if (holder) focusId = holder.dataset.id;
      }
      parkTitle.textContent = t.park || "";
      yTitle.textContent = t.impact || "";
      xTitle.textContent = t.effort || "";
      help.textContent = t.help || "";
      grid.setAttribute("aria-label", t.grid || "");
      for (const [code, cell] of Object.entries(quadrants)) cell.textContent = t[code] || "";
      grid.querySelectorAll(".cx-hmw-note").forEach((node) => node.remove());
      parkList.replaceChildren();
      let parked = 0;
      for (const note of notes) {
        const node = noteNode(note);
        if (note.impact !== null && note.effort !== null) {
          grid.append(node);
        } else {
          parked += 1;
          parkList.append(node);
        }
      }
      if (!parked) parkList.append(make("div", "cx-hmw-park-empty", t.park_empty || ""));
      const focused = focusId && root.querySelector(`.cx-hmw-note[data-id="${CSS.escape(focusId)}"]`);
      if (focused && hadFocus) {
        focused.focus();
        live.textContent = focused.getAttribute("aria-label");
      }
    };

    const names = ["notes", "texts", "config"];
    names.forEach((name) => model.on(`change:${name}`, paint));
    paint();
    return () => {
      names.forEach((name) => model.off(`change:${name}`, paint));
      root.remove();
    };
  },
};
