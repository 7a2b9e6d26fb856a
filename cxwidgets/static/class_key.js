// A class member's identity in this browser: a secret key kept in localStorage.
//
// mode "join" (course home): the class code and a display name; "join" sends them with the
// key. mode "key" (any page opened for a class member): the key is sent at once; if another
// browser holds the name, the recovery form appears. The recovery code of the last join is
// kept in this browser too and shown on request. All text comes from Python (texts).
const KEY = "cx.class.browser-key";
const RECOVERY = "cx.class.recovery.";

function local() {
  try {
    const store = window.localStorage;
    store.getItem(KEY);
    return store;
  } catch (err) {
    return null; // storage blocked: a key for this tab only, the recovery code covers reloads
  }
}

let memoryKey = null;

function browserKey() {
  const store = local();
  let key = store ? store.getItem(KEY) : memoryKey;
  if (!key) {
    const bytes = new Uint8Array(24);
    window.crypto.getRandomValues(bytes);
    key = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
    if (store) store.setItem(KEY, key);
    else memoryKey = key;
  }
  return key;
}

function make(tag, className, attributes = {}) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  return node;
}

function field(className, labelText, input) {
  const label = make("label", `cx-class-field ${className}`);
  const caption = make("span", "cx-class-caption");
  caption.textContent = labelText;
  label.append(caption, input);
  return label;
}

export default {
  render({ model, el }) {
    const root = make("div", "cx-class-key");
    el.append(root);
    const text = (name) => String((model.get("texts") || {})[name] ?? "");
    let sentKey = false;

    const send = (event, extra = {}) => model.send({ event, key: browserKey(), ...extra });
    const remember = () => {
      const recovery = model.get("recovery");
      const learner = model.get("learner");
      const store = local();
      if (store && recovery && learner) store.setItem(RECOVERY + learner, recovery);
    };
    const storedRecovery = () => {
      const store = local();
      const learner = model.get("learner");
      return store && learner ? store.getItem(RECOVERY + learner) || "" : "";
    };

    const input = (className, value, extra = {}) => {
      const node = make("input", className, { type: "text", autocomplete: "off", ...extra });
      node.value = value;
      return node;
    };
    const button = (className, label, onClick) => {
      const node = make("button", `jupyter-button widget-button ${className}`, { type: "button" });
      node.textContent = label;
      node.addEventListener("click", onClick);
      return node;
    };
    const submitOnEnter = (nodes, action) => nodes.forEach((node) => {
      node.addEventListener("keydown", (event) => {
        if (event.key === "Enter") action();
      });
    });

    const errorLine = () => {
      const line = make("div", "cx-msg cx-msg-error cx-class-error", { role: "alert" });
      line.textContent = model.get("error");
      line.hidden = !model.get("error");
      return line;
    };

    const recoveryNote = (code) => {
      const note = make("div", "cx-msg cx-msg-info cx-class-recovery", { role: "status" });
      const strong = make("strong", "cx-class-recovery-code");
      strong.textContent = code;
      const before = document.createElement("span");
      before.textContent = `${text("recovery_is")} `;
      const after = document.createElement("span");
      after.textContent = ` ${text("recovery_why")}`;
      note.append(before, strong, after);
      return note;
    };

    const joinForm = () => {
      const code = input("cx-class-code", model.get("code"), {
        "aria-label": text("code"), maxlength: "9", autocapitalize: "characters",
      });
      const name = input("cx-class-name", model.get("name"), {
        "aria-label": text("name"), maxlength: "24",
      });
      const go = () => send("join", { code: code.value, name: name.value });
      const join = button("cx-class-join", text("join"), go);
      submitOnEnter([code, name], go);
      const form = make("div", "cx-class-form", { role: "group", "aria-label": text("title") });
      form.append(field("cx-class-code-field", text("code"), code),
        field("cx-class-name-field", text("name"), name), join);
      return form;
    };

    const recoverForm = () => {
      const code = input("cx-class-recovery-input", "", {
        "aria-label": text("recovery"), maxlength: "24", autocapitalize: "characters",
      });
      const go = () => send("recover", { recovery: code.value });
      const use = button("cx-class-recover", text("recover"), go);
      submitOnEnter([code], go);
      const form = make("div", "cx-class-form", { role: "group", "aria-label": text("recovery") });
      form.append(field("cx-class-recovery-field", text("recovery"), code), use);
      return form;
    };

    const paint = () => {
      const focused = document.activeElement && root.contains(document.activeElement)
        ? document.activeElement.className : null;
      root.replaceChildren();
      const status = model.get("status");
      const mode = model.get("mode");
      root.dataset.status = status || "";
      if (status === "joined" || status === "recovered") {
        remember();
        const done = make("div", "cx-msg cx-msg-success cx-class-joined", { role: "status" });
        done.textContent = model.get("message");
        root.append(done, recoveryNote(model.get("recovery")));
      } else if (status === "ok") {
        const saved = storedRecovery();
        if (saved) {
          const details = make("details", "cx-class-my-recovery");
          const summary = make("summary");
          summary.textContent = text("show_recovery");
          details.append(summary, recoveryNote(saved));
          root.append(details);
        }
      } else if (mode === "join") {
        const title = make("div", "cx-class-title");
        title.textContent = text("title");
        root.append(title, joinForm());
      } else if (status === "refused") {
        const why = make("div", "cx-class-why");
        why.textContent = text("refused");
        root.append(why, recoverForm());
      }
      root.append(errorLine());
      if (focused) {
        const again = root.querySelector(`.${focused.split(" ")[0]}`);
        if (again) again.focus();
      }
    };

    const start = () => {
      if (model.get("mode") === "key" && model.get("learner") && !sentKey) {
        sentKey = true;
        send("key");
      }
    };

    const names = "change:status change:error change:texts change:mode change:recovery change:message";
    model.on(names, paint);
    model.on("change:learner", start);
    paint();
    start();
    // Opened from the class link (code filled in): bring the form into view, ready to type.
    const nameBox = root.querySelector(".cx-class-name");
    if (model.get("mode") === "join" && model.get("code") && nameBox && !model.get("status")) {
      requestAnimationFrame(() => {
        root.scrollIntoView({ block: "center" });
        nameBox.focus({ preventScroll: true });
      });
    }
    return () => {
      model.off(names, paint);
      model.off("change:learner", start);
      root.remove();
    };
  },
};
