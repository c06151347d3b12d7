// seogo's web UI: plain JavaScript, no build step, no CDN.
// Rule: text that comes from documents or the server is only ever set with
// textContent (never innerHTML), so a document holding <script> stays text.
"use strict";
(function () {
  const $ = (id) => document.getElementById(id);
  const state = {
    lang: localStorage.getItem("seogo.lang") || "ko",
    key: sessionStorage.getItem("seogo.key") || "",
    coll: localStorage.getItem("seogo.coll") || "",
    history: [],
  };

  // ---- words ----
  function t(id, ...args) {
    const s = (window.SEOGO_I18N[state.lang] || {})[id] || id;
    return s.replace(/\{(\d)\}/g, (_, i) => String(args[+i]));
  }
  function applyLang() {
    document.documentElement.lang = state.lang;
    document.querySelectorAll("[data-i18n]").forEach((el) => { el.textContent = t(el.dataset.i18n); });
    document.querySelectorAll("[data-i18n-placeholder]").forEach((el) => { el.placeholder = t(el.dataset.i18nPlaceholder); });
    const b = $("lang-button");
    b.textContent = t("langOther");
    b.setAttribute("aria-label", t("langSwitch"));
  }

  // el builds an element whose text is set as text, never as markup.
  function el(tag, props, ...kids) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(props || {})) {
      if (k === "text") e.textContent = v;
      else if (k === "class") e.className = v;
      else if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
      else e.setAttribute(k, v);
    }
    for (const k of kids) if (k != null) e.append(k);
    return e;
  }

  function flash(msg) {
    const f = $("flash");
    f.textContent = msg;
    f.hidden = !msg;
  }

  // ---- API ----
  function headers(extra) {
    const h = Object.assign({ "Accept-Language": state.lang }, extra || {});
    if (state.key) h.Authorization = "Bearer " + state.key;
    return h;
  }
  async function api(method, path, body) {
    const opt = { method, headers: headers(body ? { "Content-Type": "application/json" } : {}) };
    if (body) opt.body = JSON.stringify(body);
    const res = await fetch(path, opt);
    const data = await res.json().catch(() => ({}));
    if (res.status === 401) askKey();
    if (!res.ok) throw new Error((data.error && data.error.message) || res.statusText);
    return data;
  }

  // ---- tabs (arrow keys move between them, as WAI-ARIA tabs do) ----
  const tabs = Array.from(document.querySelectorAll("[role=tab]"));
  function selectTab(tab, focus) {
    for (const b of tabs) {
      const on = b === tab;
      b.setAttribute("aria-selected", String(on));
      b.tabIndex = on ? 0 : -1;
      $(b.getAttribute("aria-controls")).hidden = !on;
    }
    if (focus) tab.focus();
    if (tab.id === "tab-docs") loadDocs();
    if (tab.id === "tab-colls") loadColls();
  }
  tabs.forEach((b, i) => {
    b.addEventListener("click", () => selectTab(b));
    b.addEventListener("keydown", (e) => {
      const d = e.key === "ArrowRight" ? 1 : e.key === "ArrowLeft" ? -1 : 0;
      if (d) { e.preventDefault(); selectTab(tabs[(i + d + tabs.length) % tabs.length], true); }
    });
  });

  // ---- collections ----
  async function loadColls() {
    let data;
    try { data = await api("GET", "/api/v1/collections"); } catch (e) { flash(e.message); return; }
    const sel = $("coll-select");
    sel.textContent = "";
    const names = data.collections.map((c) => c.name);
    if (!state.coll || (!names.includes(state.coll) && names.length)) state.coll = names.includes(data.default) ? data.default : (names[0] || data.default);
    if (!names.includes(state.coll)) names.unshift(state.coll);
    for (const n of names) sel.append(el("option", { value: n, text: n }));
    sel.value = state.coll;
    const list = $("coll-list");
    list.textContent = "";
    if (!data.collections.length) list.append(el("li", { text: t("noColl") }));
    for (const c of data.collections) {
      list.append(el("li", {},
        el("strong", { text: c.name }), " ",
        el("span", { class: "muted", text: t("docCount", c.documents, c.chunks) + " · " + c.embedder }), " ",
        el("button", { type: "button", class: "secondary", text: t("pick"), "aria-label": t("pick") + " " + c.name,
          onclick: () => { setColl(c.name); selectTab($("tab-chat"), true); } }),
        el("button", { type: "button", class: "danger", text: t("del"), "aria-label": t("del") + " " + c.name,
          onclick: async () => {
            if (!confirm(t("confirmColl", c.name))) return;
            try { await api("DELETE", "/api/v1/collections/" + encodeURIComponent(c.name)); } catch (e) { flash(e.message); }
            if (state.coll === c.name) state.coll = "";
            loadColls();
          } })));
    }
  }
  function setColl(name) {
    state.coll = name;
    localStorage.setItem("seogo.coll", name);
    $("coll-select").value = name;
    state.history = [];
  }
  $("coll-select").addEventListener("change", (e) => { setColl(e.target.value); loadDocs(); });
  $("coll-form").addEventListener("submit", async (e) => {
    e.preventDefault();
    const name = $("coll-name").value.trim();
    try { await api("POST", "/api/v1/collections", { name }); $("coll-name").value = ""; setColl(name); flash(""); } catch (err) { flash(err.message); }
    loadColls();
  });

  // ---- chat ----
  function where(c) {
    let s = c.name || c.title || "";
    if (c.headings && c.headings.length) s += " › " + c.headings.join(" › ");
    if (c.page) s += " · " + t("page", c.page);
    return s;
  }
  function addMessage(role) {
    const body = el("div", { class: "body" });
    const m = el("article", { class: "msg " + role }, el("h3", { class: "who", text: role === "user" ? t("you") : t("assistant") }), body);
    $("messages").append(m);
    m.scrollIntoView({ block: "end" });
    return body;
  }
  function renderAnswer(box, ans) {
    box.textContent = ans.not_found ? t("notFound") : ans.answer;
    for (const n of ans.notices || []) box.parentNode.append(el("p", { class: "notice", role: "status", text: "ⓘ " + n }));
    if (ans.citations && ans.citations.length) {
      const ul = el("ol", { class: "cites", "aria-label": t("sources") });
      for (const c of ans.citations) {
        ul.append(el("li", {}, el("button", { type: "button", class: "cite", "data-n": String(c.n),
          text: "[" + c.n + "] " + where(c), onclick: () => openPassage(c) })));
      }
      box.parentNode.append(el("h4", { text: t("sources") }), ul);
    }
    if (ans.generator) box.parentNode.append(el("p", { class: "muted", text: ans.generator + " · " + t("evidence", (ans.confidence || 0).toFixed(2)) }));
  }
  async function ask(question) {
    addMessage("user").textContent = question;
    const box = addMessage("assistant");
    box.textContent = t("thinking");
    box.setAttribute("aria-busy", "true");
    $("ask-send").disabled = true;
    let text = "", final = null;
    try {
      const res = await fetch("/api/v1/ask", {
        method: "POST", headers: headers({ "Content-Type": "application/json", Accept: "text/event-stream" }),
        body: JSON.stringify(Object.assign({ collection: state.coll, question, mode: $("ask-mode").value, history: state.history, stream: true }, chatSettings())),
      });
      if (!res.ok) {
        const data = await res.json().catch(() => ({}));
        if (res.status === 401) askKey();
        throw new Error((data.error && data.error.message) || res.statusText);
      }
      // Server-sent events over fetch: "event:" and "data:" lines, blank line ends one.
      const reader = res.body.getReader();
      const dec = new TextDecoder();
      let buf = "";
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buf += dec.decode(value, { stream: true });
        let i;
        while ((i = buf.indexOf("\n\n")) >= 0) {
          const block = buf.slice(0, i);
          buf = buf.slice(i + 2);
          let ev = "message", data = "";
          for (const line of block.split("\n")) {
            if (line.startsWith("event: ")) ev = line.slice(7);
            else if (line.startsWith("data: ")) data += line.slice(6);
          }
          const obj = JSON.parse(data);
          if (ev === "delta") { text += obj.text; box.textContent = text; }
          else if (ev === "answer") final = obj;
          else if (ev === "error") throw new Error(obj.message);
        }
      }
      if (final) {
        renderAnswer(box, final);
        state.history.push({ role: "user", content: question }, { role: "assistant", content: final.answer });
      }
    } catch (e) {
      box.textContent = "⚠ " + e.message;
    } finally {
      box.removeAttribute("aria-busy");
      $("ask-send").disabled = false;
    }
  }
  $("ask-form").addEventListener("submit", (e) => {
    e.preventDefault();
    const q = $("ask-input").value.trim();
    if (!q) return;
    $("ask-input").value = "";
    ask(q);
  });
  $("ask-input").addEventListener("keydown", (e) => {
    if (e.key === "Enter" && !e.shiftKey && !e.isComposing) { e.preventDefault(); $("ask-form").requestSubmit(); }
  });
  $("chat-clear").addEventListener("click", () => { $("messages").textContent = ""; state.history = []; resetSettings(); $("ask-input").focus(); });

  // ---- per-chat settings: they start from the server's defaults (/api/v1/me)
  // and a new chat starts from them again. Only values that differ from the
  // defaults are sent, so the server's configuration stays the authority.
  function resetSettings() {
    const d = state.llm || {};
    $("ask-k").value = d.passages || "";
    $("ask-temp").value = d.temperature != null ? d.temperature : 0;
    $("ask-model").value = d.model || "";
    const none = !d.provider || d.provider === "none";
    $("llm-settings").hidden = none;
    $("llm-none").hidden = !none;
  }
  function chatSettings() {
    const d = state.llm || {}, out = {};
    const k = parseInt($("ask-k").value, 10);
    if (k > 0 && k !== d.passages) out.k = k;
    if (d.provider && d.provider !== "none") {
      const temp = parseFloat($("ask-temp").value);
      if (!Number.isNaN(temp) && temp !== d.temperature) out.temperature = temp;
      const m = $("ask-model").value.trim();
      if (m && m !== d.model) out.model = m;
    }
    return out;
  }

  // The cited passage: the document's text with the cited span marked.
  async function openPassage(c) {
    let data;
    try { data = await api("GET", "/api/v1/collections/" + encodeURIComponent(state.coll) + "/documents/" + encodeURIComponent(c.doc_id) + "/text"); }
    catch (e) { flash(e.message); return; }
    const chars = Array.from(data.text); // offsets count characters (code points)
    const box = $("passage-text");
    box.textContent = "";
    const mark = el("mark", { id: "passage-mark", text: chars.slice(c.char_start, c.char_end).join("") });
    box.append(chars.slice(0, c.char_start).join(""), mark, chars.slice(c.char_end).join(""));
    $("passage-title").textContent = "[" + c.n + "] " + (data.document.title || data.document.name);
    $("passage-where").textContent = where(Object.assign({}, c, { name: data.document.name }));
    $("passage").showModal();
    mark.scrollIntoView({ block: "center" });
  }
  $("passage-close").addEventListener("click", () => $("passage").close());

  // ---- documents: upload with per-file progress, then the ingest summary ----
  const drop = $("drop");
  drop.addEventListener("click", () => $("file-input").click());
  drop.addEventListener("keydown", (e) => { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); $("file-input").click(); } });
  drop.addEventListener("dragover", (e) => { e.preventDefault(); drop.classList.add("over"); });
  drop.addEventListener("dragleave", () => drop.classList.remove("over"));
  drop.addEventListener("drop", (e) => { e.preventDefault(); drop.classList.remove("over"); uploadAll(Array.from(e.dataTransfer.files)); });
  $("file-input").addEventListener("change", (e) => { uploadAll(Array.from(e.target.files)); e.target.value = ""; });

  async function uploadAll(files) {
    if (!files.length) return;
    $("ingest-summary").textContent = "";
    const jobs = await Promise.all(files.map(uploadOne));
    const total = { added: 0, updated: 0, unchanged: 0, skipped: 0, failed: 0, chunks: 0 };
    const box = $("ingest-summary");
    const skipped = el("ul");
    for (const j of jobs) {
      if (!j || !j.summary) continue;
      for (const k of Object.keys(total)) total[k] += j.summary[k] || 0;
      for (const f of j.summary.files) {
        if (f.status === "skipped" || f.status === "failed") {
          skipped.append(el("li", { text: f.path + " — " + t(f.status) + (f.reason ? " (" + f.reason + ")" : "") + (f.detail ? ": " + f.detail : "") }));
        }
      }
    }
    box.append(el("p", { text: t("summary", total.added, total.updated, total.unchanged, total.skipped, total.failed, total.chunks) }), skipped);
    loadDocs();
    loadColls();
  }
  function uploadOne(file) {
    const bar = el("progress", { max: "100", value: "0", "aria-label": file.name });
    const status = el("span", { class: "muted", text: t("uploading") });
    $("upload-list").append(el("li", {}, el("span", { class: "fname", text: file.name }), bar, status));
    return new Promise((resolve) => {
      // XMLHttpRequest, not fetch: only it reports upload progress.
      const xhr = new XMLHttpRequest();
      const fd = new FormData();
      const groups = $("groups-input").value.trim();
      if (groups) fd.append("groups", groups);
      fd.append("file", file, file.name);
      xhr.open("POST", "/api/v1/collections/" + encodeURIComponent(state.coll) + "/documents");
      for (const [k, v] of Object.entries(headers())) xhr.setRequestHeader(k, v);
      xhr.upload.onprogress = (e) => { if (e.lengthComputable) bar.value = Math.round((100 * e.loaded) / e.total); };
      xhr.onload = async () => {
        let data = {};
        try { data = JSON.parse(xhr.responseText); } catch (_) { /* not JSON */ }
        if (xhr.status !== 202) { status.textContent = t("failed") + ": " + ((data.error && data.error.message) || xhr.status); resolve(null); return; }
        bar.value = 100;
        for (;;) {
          const job = await api("GET", "/api/v1/jobs/" + data.id).catch(() => null);
          if (!job) { resolve(null); return; }
          const f = job.summary && job.summary.files && job.summary.files[0];
          status.textContent = t(job.status) + (f ? " · " + t(f.status) + (f.reason ? " (" + f.reason + ")" : "") + (f.chunks ? " · " + f.chunks + " " + t("chunks") : "") : "");
          if (job.status === "done" || job.status === "failed") { resolve(job); return; }
          await new Promise((r) => setTimeout(r, 300));
        }
      };
      xhr.onerror = () => { status.textContent = t("failed"); resolve(null); };
      xhr.send(fd);
    });
  }

  async function loadDocs() {
    if (!state.coll) return;
    const q = $("doc-filter").value.trim();
    let data;
    try { data = await api("GET", "/api/v1/collections/" + encodeURIComponent(state.coll) + "/documents?q=" + encodeURIComponent(q)); }
    catch (e) { $("doc-rows").textContent = ""; return; }
    const rows = $("doc-rows");
    rows.textContent = "";
    if (!data.documents.length) rows.append(el("tr", {}, el("td", { colspan: "6", text: t("noDocs") })));
    for (const d of data.documents) {
      rows.append(el("tr", {},
        el("td", { text: d.name }), el("td", { text: d.title }), el("td", { text: String(d.chunks) }),
        el("td", { text: (d.size / 1024).toFixed(1) + " KB" }), el("td", { text: (d.groups || []).join(", ") }),
        el("td", {}, el("button", { type: "button", class: "danger", text: t("del"), "aria-label": t("del") + " " + d.name,
          onclick: async () => {
            if (!confirm(t("confirmDoc", d.name))) return;
            try { await api("DELETE", "/api/v1/collections/" + encodeURIComponent(state.coll) + "/documents/" + d.id); } catch (e) { flash(e.message); }
            loadDocs();
          } }))));
    }
  }
  let filterTimer;
  $("doc-filter").addEventListener("input", () => { clearTimeout(filterTimer); filterTimer = setTimeout(loadDocs, 200); });

  // ---- search inspector: the three rankings side by side ----
  $("inspect-form").addEventListener("submit", async (e) => {
    e.preventDefault();
    const cols = $("inspect-cols");
    cols.textContent = "";
    let data;
    try {
      data = await api("POST", "/api/v1/search", { collection: state.coll, query: $("inspect-input").value, k: +$("inspect-k").value || 5, explain: true });
    } catch (err) { flash(err.message); return; }
    for (const m of ["keyword", "semantic", "hybrid"]) {
      const hits = data.explain[m];
      const list = el("ol", { class: "hits" });
      if (!Array.isArray(hits)) list.append(el("li", { text: (hits && hits.error) || t("noHits") }));
      else if (!hits.length) list.append(el("li", { text: t("noHits") }));
      else for (const h of hits) {
        list.append(el("li", {},
          el("div", { class: "hit-head", text: where(h) }),
          el("div", { class: "scores", text: t("score") + " " + h.score.toFixed(4) + " · " + t("keyword") + " " + h.keyword.score.toFixed(3) +
            " (#" + h.keyword.rank + ") · " + t("vector") + " " + h.vector.score.toFixed(3) + " (#" + h.vector.rank + ")" + (h.fused ? " · " + t("fused") + " " + h.fused.toFixed(4) : "") }),
          el("p", { class: "snippet", text: h.text.slice(0, 240) })));
      }
      cols.append(el("section", { class: "col", "aria-label": t(m) }, el("h3", { text: t(m) + (m === data.mode ? " ★" : "") }), list));
    }
  });

  // ---- key and language ----
  function askKey() {
    const d = $("key-dialog");
    if (!d.open) { $("key-input").value = state.key; d.showModal(); }
  }
  $("key-button").addEventListener("click", askKey);
  $("key-form").addEventListener("submit", () => {
    state.key = $("key-input").value.trim();
    sessionStorage.setItem("seogo.key", state.key);
    flash("");
    init();
  });
  $("lang-button").addEventListener("click", () => {
    state.lang = state.lang === "ko" ? "en" : "ko";
    localStorage.setItem("seogo.lang", state.lang);
    applyLang();
    loadColls();
  });

  async function init() {
    applyLang();
    try { state.llm = (await api("GET", "/api/v1/me")).llm; } catch (e) { return; }
    resetSettings();
    await loadColls();
    loadDocs();
  }
  init();
})();
