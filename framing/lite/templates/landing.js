// The start page's checks: why Python (Pyodide) would not start in a notebook of this site.
// Each check adds one line: ok, warn (a notebook works with less) or fail (it will not start).
"use strict";
(function () {
  const list = document.getElementById("checks");
  const pending = document.getElementById("checking");
  const KERNEL = "@jupyterlite/pyodide-kernel-extension:kernel";
  const CDN = "https://cdn.jsdelivr.net/pyodide/";

  function say(level, text) {
    const item = document.createElement("li");
    item.className = level;
    item.dataset.check = level;
    item.textContent = text;
    list.appendChild(item);
  }

  function done() {
    if (pending) pending.remove();
    document.body.dataset.checked = "yes";
  }

  async function json(url) {
    const response = await fetch(url, { cache: "no-store" });
    if (!response.ok) throw new Error(url + ": HTTP " + response.status);
    return response.json();
  }

  async function reachable(url, ms) {
    const stop = new AbortController();
    const timer = setTimeout(() => stop.abort(), ms);
    try {
      await fetch(url, { mode: "no-cors", cache: "no-store", signal: stop.signal });
      return true;
    } catch (err) {
      return false;
    } finally {
      clearTimeout(timer);
    }
  }

  async function check() {
    if (location.protocol === "file:") {
      say("fail", "This page was opened as a file (file://), and JupyterLite does not work that way: the " +
        "browser will not load Python from files. Serve the folder instead, for example with " +
        "“python -m http.server -d <this folder>”, then open http://localhost:8000.");
      return;
    }
    if (!window.isSecureContext || !("serviceWorker" in navigator)) {
      say("warn", "This page came over plain http from another computer (" + location.host + "), so the " +
        "browser gives it no service worker: Python starts and the self-checks work, but a notebook cannot " +
        "see its own folder, and a file it writes (notebook 06's my_codes.csv) lasts only until its kernel " +
        "restarts. Your notebooks themselves are kept in this browser. Open the site over https, or on the " +
        "computer that serves it (http://localhost), to keep such files.");
    } else {
      say("ok", "Served over " + (location.protocol === "https:" ? "https" : "localhost") +
        ": the notebooks can read their files.");
    }
    let config = {}, made = {};
    try {
      config = (await json("jupyter-lite.json"))["jupyter-config-data"] || {};
      made = await json("framing-lite.json");
    } catch (err) {
      say("fail", "This site is not whole (" + err.message + "): ask your instructor to build it again.");
      return;
    }
    const settings = (config.litePluginSettings || {})[KERNEL] || {};
    const pyodide = settings.pyodideUrl || "";
    if (pyodide && !/^[a-z]+:\/\//i.test(pyodide)) {
      const lock = new URL(pyodide.replace(/[^/]*$/, "pyodide-lock.json"), location.href).href;
      let ok = true;
      try { await json(lock); } catch (err) { ok = false; }
      const missing = ((made.offline || {}).missing) || [];
      if (!ok) {
        say("fail", "This offline site has lost Python's own files (" + lock + "): ask your instructor " +
          "to build it again.");
      } else if (missing.length) {
        say("fail", "This is the offline build (nothing is downloaded), but it was built without " +
          missing.join(", ") + ": the notebooks will stop at their first cell. Ask your instructor to build " +
          "it again with them (framing lite --pyodide DIR --fetch, on a machine with internet).");
      } else {
        say("ok", "Python comes from this site itself (the offline build): no internet connection needed.");
      }
      return;
    }
    const url = pyodide || CDN;
    if (await reachable(url, 8000)) {
      say("ok", "Python loads from Pyodide's CDN (" + new URL(url).host + "): the first notebook takes " +
        "about a minute to start.");
    } else {
      say("fail", "Python loads from Pyodide's CDN (" + new URL(url).host + "), which this browser cannot " +
        "reach: the notebooks' kernels will not start. Connect to the internet, or ask your instructor for " +
        "the kit's offline build of this site.");
    }
  }

  check().catch((err) => say("fail", "The check itself failed: " + err)).finally(done);
})();
