// Keeps a copy of the learner's workbook in this browser, so that a server that forgets
// (a culled Binder container, a wiped folder) can be given the work back.
// Storage only: the kernel decides what to keep, restore or ignore (cxwidgets/backup.py).
//
// Records are {learner, revision, sections, text}, one per learner, in IndexedDB
// (database "cx-course", store "workbooks", keyed by learner); localStorage
// ("cx.backup.<learner>") when IndexedDB is missing or refuses. A record never replaces one
// of a higher revision (two tabs of the same learner save in turn).
//
// Messages: kernel -> browser {event: "store", learner, revision, sections, text},
// {event: "send", learner}, {event: "forget", learner};
// browser -> kernel {event: "offer", learner, found, damaged, revision, sections},
// {event: "copy", learner, text}, {event: "stored", learner, revision}.
const DB_NAME = "cx-course";
const STORE = "workbooks";
const LS_PREFIX = "cx.backup.";

let dbPromise = null;

function openDb() {
  if (dbPromise) return dbPromise;
  dbPromise = new Promise((resolve) => {
    let request;
    try {
      request = window.indexedDB.open(DB_NAME, 1);
    } catch (err) {
      resolve(null); // no IndexedDB (blocked, private mode): localStorage instead
      return;
    }
    request.onupgradeneeded = () => request.result.createObjectStore(STORE);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => resolve(null);
    request.onblocked = () => resolve(null);
  });
  return dbPromise;
}

function valid(record) {
  return (
    record !== null &&
    typeof record === "object" &&
    typeof record.text === "string" &&
    Number.isInteger(record.revision) &&
    Number.isInteger(record.sections)
  );
}

function newer(record, existing) {
  return !valid(existing) || record.revision >= existing.revision;
}

function idbRequest(db, mode, work) {
  return new Promise((resolve, reject) => {
    let result;
    const tx = db.transaction(STORE, mode);
    const store = tx.objectStore(STORE);
    work(store, (value) => {
      result = value;
    });
    tx.oncomplete = () => resolve(result);
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error);
  });
}

async function idbGet(learner) {
  const db = await openDb();
  if (!db) return undefined;
  try {
    return await idbRequest(db, "readonly", (store, done) => {
      const request = store.get(learner);
      request.onsuccess = () => done(request.result);
    });
  } catch (err) {
    return undefined;
  }
}

// Put `record` unless a newer one is there, in one transaction (tabs cannot interleave).
async function idbPut(record) {
  const db = await openDb();
  if (!db) return false;
  try {
    return await idbRequest(db, "readwrite", (store, done) => {
      const request = store.get(record.learner);
      request.onsuccess = () => {
        if (newer(record, request.result)) {
          store.put(record, record.learner);
          done(true);
        } else {
          done(false);
        }
      };
    });
  } catch (err) {
    return null; // quota, or the database went away: localStorage instead
  }
}

function lsGet(learner) {
  let text;
  try {
    text = window.localStorage.getItem(LS_PREFIX + learner);
  } catch (err) {
    return undefined;
  }
  if (text === null) return undefined;
  try {
    return JSON.parse(text);
  } catch (err) {
    return { damaged: true };
  }
}

function lsPut(record) {
  if (!newer(record, lsGet(record.learner))) return false;
  try {
    window.localStorage.setItem(LS_PREFIX + record.learner, JSON.stringify(record));
    return true;
  } catch (err) {
    return null; // over the quota: no copy in this browser
  }
}

// The best copy of `learner`: the valid one of highest revision; {damaged} if only bad ones.
async function readCopy(learner) {
  const found = [await idbGet(learner), lsGet(learner)].filter((r) => r !== undefined);
  const good = found.filter(valid).sort((a, b) => b.revision - a.revision);
  if (good.length) return good[0];
  return found.length ? { damaged: true } : null;
}

async function writeCopy(record) {
  const put = await idbPut(record);
  if (put !== null && put !== false) return "indexeddb";
  if (put === false) return null; // a newer copy is already there
  const kept = lsPut(record);
  return kept ? "localstorage" : null;
}

async function forget(learner) {
  const db = await openDb();
  if (db) {
    try {
      await idbRequest(db, "readwrite", (store) => store.delete(learner));
    } catch (err) {
      /* nothing to forget */
    }
  }
  try {
    window.localStorage.removeItem(LS_PREFIX + learner);
  } catch (err) {
    /* storage blocked */
  }
}

export default {
  render({ model, el }) {
    el.classList.add("cx-backup-store");
    el.setAttribute("aria-hidden", "true");
    let alive = true;
    // The kernel may be gone by the time storage answers (page closing, server restarting):
    // then there is nobody to tell.
    const send = (content) => {
      if (!alive) return;
      try {
        model.send(content);
      } catch (err) {
        /* comm closed */
      }
    };

    const offer = async () => {
      const learner = model.get("learner");
      if (!learner) return; // nobody named yet: scratch work is not kept here
      const record = await readCopy(learner);
      if (!alive || learner !== model.get("learner")) return;
      const found = record !== null;
      const damaged = found && !valid(record);
      send({
        event: "offer",
        learner,
        found,
        damaged,
        revision: found && !damaged ? record.revision : null,
        sections: found && !damaged ? record.sections : null,
      });
    };

    const onMessage = async (msg) => {
      if (!msg || typeof msg.learner !== "string") return;
      if (msg.event === "store") {
        const record = {
          learner: msg.learner,
          revision: msg.revision,
          sections: msg.sections,
          text: msg.text,
        };
        const where = await writeCopy(record);
        if (where && alive) {
          el.dataset.revision = String(msg.revision);
          el.dataset.learner = msg.learner;
          el.dataset.store = where;
          send({ event: "stored", learner: msg.learner, revision: msg.revision });
        }
      } else if (msg.event === "send") {
        const record = await readCopy(msg.learner);
        if (alive && record && valid(record)) {
          send({ event: "copy", learner: msg.learner, text: record.text });
        }
      } else if (msg.event === "forget") {
        await forget(msg.learner);
      }
    };

    // Storage failing is never the page's failure: note it, the server copy is unaffected.
    const quietly = (work) => (...args) =>
      work(...args).catch((err) => console.warn("cx backup:", err));
    const onCustom = quietly(onMessage);
    const onLearner = quietly(offer);
    model.on("msg:custom", onCustom);
    model.on("change:learner", onLearner);
    onLearner();
    return () => {
      alive = false;
      model.off("msg:custom", onCustom);
      model.off("change:learner", onLearner);
    };
  },
};
