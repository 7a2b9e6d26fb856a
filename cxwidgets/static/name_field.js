// A name box with its button: Enter or the button hands the typed name to the kernel.
// What is typed and not yet applied is kept in the tab's sessionStorage, so a reload does not
// lose it. All text comes from Python.
function storage() {
  try {
    return window.sessionStorage;
  } catch (err) {
    return null; // storage blocked: the box still works, the draft is not kept
  }
}

export default {
  render({ model, el }) {
    const store = storage();
    const key = `cx.draft.${model.get("name")}`;
    el.classList.add("cx-name-field");
    const label = document.createElement("label");
    const caption = document.createElement("span");
    caption.className = "cx-name-caption";
    const input = document.createElement("input");
    input.type = "text";
    input.className = "cx-name-input";
    const button = document.createElement("button");
    button.type = "button";
    button.className = `jupyter-button widget-button ${model.get("button_class")}`;
    label.append(caption, input);

    const relabel = () => {
      caption.textContent = model.get("label");
      input.placeholder = model.get("placeholder");
      input.setAttribute("aria-label", model.get("label"));
      input.maxLength = model.get("max_length");
      button.textContent = model.get("button");
    };
    const keep = () => {
      if (!store) return;
      if (input.value && input.value !== model.get("value")) store.setItem(key, input.value);
      else store.removeItem(key);
    };
    const submit = () => model.send({ event: "submit", value: input.value });
    const onKey = (event) => {
      if (event.key === "Enter") submit();
    };
    const applied = () => {
      input.value = model.get("value");
      if (store) store.removeItem(key);
    };

    const draft = store ? store.getItem(key) : null;
    input.value = draft ?? model.get("value");
    input.addEventListener("input", keep);
    input.addEventListener("keydown", onKey);
    button.addEventListener("click", submit);
    model.on("change:value", applied);
    model.on("change:label change:placeholder change:button change:max_length", relabel);
    relabel();
    el.append(label, button);
    return () => {
      input.removeEventListener("input", keep);
      input.removeEventListener("keydown", onKey);
      button.removeEventListener("click", submit);
      model.off("change:value", applied);
      model.off("change:label change:placeholder change:button change:max_length", relabel);
    };
  },
};
