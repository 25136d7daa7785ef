(function () {
  "use strict";
  var body = document.body;
  var run = body.dataset.run, question = body.dataset.question, assignment = body.dataset.assignment;
  var points = parseFloat(body.dataset.points);
  var key = "framing-sheet:" + run + ":" + question;
  var rows = Array.prototype.slice.call(document.querySelectorAll("section.answer"));
  var status = document.getElementById("status");

  function parseScore(text) {
    text = (text || "").trim().replace(",", ".");
    if (text === "") return null;
    var v = Number(text);
    return isFinite(v) ? v : NaN;
  }
  function check(row) {
    var input = row.querySelector(".score");
    var v = parseScore(input.value);
    var bad = v !== null && (isNaN(v) || v < 0 || v > points);
    input.classList.toggle("bad", bad);
    input.title = bad ? "a score from 0 to " + points : "";
    row.classList.toggle("graded", v !== null && !bad);
    return !bad;
  }
  function count() {
    var done = rows.filter(function (r) { return r.classList.contains("graded"); }).length;
    status.textContent = done + " / " + rows.length + " graded";
  }
  function state() {
    var out = {};
    rows.forEach(function (r) {
      out[r.dataset.code] = [r.querySelector(".score").value, r.querySelector(".comment").value];
    });
    return out;
  }
  function store() {
    try { localStorage.setItem(key, JSON.stringify(state())); } catch (e) { /* a browser that keeps nothing */ }
  }
  function apply(saved) {
    rows.forEach(function (r) {
      var item = saved[r.dataset.code];
      if (!item) return;
      r.querySelector(".score").value = item[0];
      r.querySelector(".comment").value = item[1];
      check(r);
    });
    count();
  }
  try {
    var saved = JSON.parse(localStorage.getItem(key) || "null");
    if (saved) apply(saved);
  } catch (e) { /* nothing kept */ }
  rows.forEach(function (r) {
    check(r);
    r.addEventListener("input", function () { check(r); count(); store(); });
  });
  count();

  function cell(v) {
    v = String(v);
    return /[",\r\n]/.test(v) ? '"' + v.replace(/"/g, '""') + '"' : v;
  }
  document.getElementById("save").addEventListener("click", function () {
    var bad = rows.filter(function (r) { return !check(r); });
    if (bad.length) {
      alert("Scores must be from 0 to " + points + ": fix " + bad.map(function (r) { return r.dataset.code; }).join(", "));
      bad[0].scrollIntoView();
      return;
    }
    var lines = ["run,question,code,points,score,comment"];
    rows.forEach(function (r) {
      lines.push([run, question, r.dataset.code, points, r.querySelector(".score").value.trim(),
                  r.querySelector(".comment").value].map(cell).join(","));
    });
    var blob = new Blob(["\ufeff" + lines.join("\r\n") + "\r\n"], {type: "text/csv;charset=utf-8"});
    var a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = assignment + "-" + question + "-scores.csv";
    document.body.appendChild(a);
    a.click();
    setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
  });

  function parseCsv(text) {
    var out = [], row = [], field = "", quoted = false, i = 0;
    text = text.replace(/^\ufeff/, "");
    for (; i < text.length; i++) {
      var c = text[i];
      if (quoted) {
        if (c === '"' && text[i + 1] === '"') { field += '"'; i++; }
        else if (c === '"') quoted = false;
        else field += c;
      } else if (c === '"') quoted = true;
      else if (c === "," ) { row.push(field); field = ""; }
      else if (c === "\n" || c === "\r") {
        if (c === "\r" && text[i + 1] === "\n") i++;
        row.push(field); out.push(row); row = []; field = "";
      } else field += c;
    }
    if (field !== "" || row.length) { row.push(field); out.push(row); }
    return out;
  }
  document.getElementById("load").addEventListener("change", function (event) {
    var file = event.target.files[0];
    if (!file) return;
    file.text().then(function (text) {
      var table = parseCsv(text), head = table.shift() || [];
      var at = function (name) { return head.indexOf(name); };
      if (at("code") < 0 || at("score") < 0 || at("run") < 0) { alert(file.name + ": not a saved sheet (no run, code and score columns)"); return; }
      var saved = {}, other = 0;
      table.forEach(function (r) {
        if (r.length < head.length) return;
        if (r[at("run")] !== run || (at("question") >= 0 && r[at("question")] !== question)) { other++; return; }
        saved[r[at("code")]] = [r[at("score")], at("comment") >= 0 ? r[at("comment")] : ""];
      });
      if (other) { alert(file.name + ": " + other + " row(s) are from another grading run or question, and were not loaded"); }
      apply(saved);
      store();
    });
  });
  document.getElementById("next").addEventListener("click", function () {
    var next = rows.find(function (r) { return !r.classList.contains("graded"); });
    if (next) { next.scrollIntoView({block: "start"}); next.querySelector(".score").focus(); }
  });
})();
