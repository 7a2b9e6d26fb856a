// Keeps the learner's name and language in the page URL and in the browser
// (localStorage), so a reload, a new tab or a restarted server finds them again.
// No logic about workbooks lives here: Python decides, this only mirrors.
const LEARNER_KEY = "cx.learner";
const LANG_KEY = "cx.lang";

function store(key, value) {
  try {
    if (value) localStorage.setItem(key, value);
  } catch (err) {
    /* private mode: the URL still carries the state */
  }
}

function read(key) {
  try {
    return localStorage.getItem(key);
  } catch (err) {
    return null;
  }
}

export default {
  render({ model, el }) {
    el.classList.add("cx-browser-state");
    el.setAttribute("aria-hidden", "true");
    const inVoila = window.location.pathname.includes("/voila/render/");

    if (inVoila) {
      const params = new URLSearchParams(window.location.search);
      const stored = read(LEARNER_KEY);
      if (!params.get("learner") && stored && !model.get("learner")) {
        // Opened without a name (bookmark, typed URL): reopen as the remembered learner.
        params.set("learner", stored);
        const lang = read(LANG_KEY);
        if (lang && !params.get("lang")) params.set("lang", lang);
        model.set("redirecting", true);
        model.save_changes();
        window.location.replace(`${window.location.pathname}?${params}`);
        return () => {};
      }
    }

    const mirror = () => {
      const learner = model.get("learner");
      const lang = model.get("lang");
      store(LEARNER_KEY, learner);
      store(LANG_KEY, lang);
      document.documentElement.lang = lang;
      if (inVoila) {
        const params = new URLSearchParams(window.location.search);
        // No learner yet: the page asks who is learning; the URL gets the name once given.
        if (learner) params.set("learner", learner);
        else params.delete("learner");
        params.set("lang", lang);
        window.history.replaceState(null, "", `${window.location.pathname}?${params}`);
      }
    };
    model.on("change:learner", mirror);
    model.on("change:lang", mirror);
    mirror();
    // Tell the kernel the page is on screen: it then builds the exercises it deferred.
    model.send({ event: "rendered" });
    return () => {
      model.off("change:learner", mirror);
      model.off("change:lang", mirror);
    };
  },
};
