/* Autosave of the case form.

   - Saves the form in the background 5 s after the author stops typing, and at least every
     30 s while they type without a pause (POST JSON to data-autosave-url, X-CSRFToken).
   - Keeps a copy of unsaved text in this browser's localStorage (key per user and case, or
     per user and program for a case not created yet) from the first keystroke until the
     server has it, so a dropped connection, a closed tab or a dead battery loses nothing;
     retries when the connection is back; offers the copy back when the page is opened again.
     The copy is the author's own draft on the author's own device (docs/cases.md).
   - Says what happened in #autosave-status (role=status, aria-live=polite).
   - Warns before leaving the page only when something is not saved.
   Without this script the form's Save buttons work as before. No inline scripts: data-* only.
*/
(function () {
  "use strict";
  var form = document.getElementById("case-form");
  if (!form || !window.fetch || !window.JSON || !form.dataset.autosaveUrl || !window.echoCaseStrings) return;
  var S = window.echoCaseStrings;  // the page's words (case-strings.js)
  // Times in the page's language; an English page keeps the browser's own form, as before.
  var pageLang = document.documentElement.lang;
  var LOCALES = pageLang && pageLang !== "en" ? [pageLang] : [];

  var QUIET_MS = 5000;      // save this long after the last keystroke
  var MAX_WAIT_MS = 30000;  // ...but no later than this after the first unsaved one
  var LOCAL_MS = 1000;      // copy to localStorage at most once a second while typing
  var RETRY_MIN_MS = 5000, RETRY_MAX_MS = 60000;
  var KEEP_DAYS = 30;       // copies older than this are dropped from the device
  var PREFIX = "echo-case-draft:";
  var SKIP = { csrf_token: 1, version: 1, action: 1 };

  var statusEl = document.getElementById("autosave-status");
  var restoreBox = document.getElementById("autosave-restore");
  var csrf = form.dataset.csrf;
  var url = form.dataset.autosaveUrl;
  var userId = form.dataset.userId;
  var programId = form.dataset.programId;
  var caseId = form.dataset.caseId || null;
  var formKey = form.dataset.formKey || "";
  var versionInput = form.elements.version;

  var inputs = Array.prototype.filter.call(form.elements, function (el) {
    return el.name && !SKIP[el.name] && ["submit", "button", "hidden", "reset"].indexOf(el.type) < 0;
  });

  function values() {
    var v = {};
    inputs.forEach(function (el) { v[el.name] = el.type === "checkbox" ? el.checked : el.value; });
    return v;
  }
  function same(a, b) { return a !== null && b !== null && JSON.stringify(a) === JSON.stringify(b); }

  // What the server holds, as this page last knew it. After a failed POST the page shows text
  // the server does not have (data-unsaved): unknown, so everything counts as unsaved.
  var saved = form.dataset.unsaved ? null : values();
  var timer = null, localTimer = null, retryTimer = null, retryDelay = 0;
  var firstEditAt = 0, lastEditAt = Date.now();
  var inFlight = false, again = false, stopped = false, submitting = false, pendingSubmit = null, lastButton = null;
  var pendingRestore = null;
  // Tells this tab's copy from another tab's copy of the same case (they share one slot).
  var tabId = String(Date.now()) + Math.random().toString(36).slice(2);

  function dirty() { return !same(values(), saved); }

  // --- status ------------------------------------------------------------------------------

  function hhmm(ms) {
    var d = new Date(ms), t = d.toLocaleTimeString(LOCALES, { hour: "2-digit", minute: "2-digit" });
    return d.toDateString() === new Date().toDateString() ? t : d.toLocaleDateString(LOCALES) + " " + t;
  }
  function setStatus(text, isError, link) {
    if (!statusEl) return;
    statusEl.hidden = false;
    statusEl.className = isError ? "error" : "muted";
    statusEl.textContent = text;
    if (link) {
      var a = document.createElement("a");
      a.href = link.href;
      a.textContent = link.text;
      statusEl.appendChild(document.createTextNode(" "));
      statusEl.appendChild(a);
    }
  }
  function labelOf(name) {
    var el = form.elements[name];
    var l = el && el.id ? form.querySelector('label[for="' + el.id + '"]') : null;
    return l ? l.textContent.trim() : name;
  }

  // Errors of inputs the autosave left out (a bad value), shown beside the input.
  function showErrors(errors) {
    Array.prototype.forEach.call(form.querySelectorAll(".autosave-error"), function (p) {
      var el = form.elements[p.dataset.for];
      if (el) {
        el.setAttribute("aria-invalid", "false");
        var ids = (el.getAttribute("aria-describedby") || "").split(" ").filter(function (x) { return x && x !== p.id; });
        el.setAttribute("aria-describedby", ids.join(" "));
      }
      p.remove();
    });
    Object.keys(errors || {}).forEach(function (name) {
      var el = form.elements[name];
      if (!el || !el.id) return;
      var p = document.createElement("p");
      p.className = "error autosave-error";
      p.id = el.id + "-autosave-error";
      p.dataset.for = name;
      p.textContent = errors[name].join(" ");
      el.insertAdjacentElement("afterend", p);
      el.setAttribute("aria-invalid", "true");
      el.setAttribute("aria-describedby", ((el.getAttribute("aria-describedby") || "") + " " + p.id).trim());
    });
  }

  // --- the copy on this device ---------------------------------------------------------------

  function keyFor(id) { return PREFIX + "u" + userId + ":" + (id ? "c" + id : "new:p" + programId); }
  function readLocal(key) {
    try { return JSON.parse(window.localStorage.getItem(key) || "null"); } catch (e) { return null; }
  }
  function writeLocal() {
    clearTimeout(localTimer); localTimer = null;
    if (pendingRestore) return;  // the copy on offer is not overwritten before the author decides
    try {
      window.localStorage.setItem(keyFor(caseId), JSON.stringify({
        user: userId, tab: tabId, caseId: caseId, programId: programId, formKey: formKey,
        baseVersion: versionInput ? versionInput.value : "", editedAt: lastEditAt, fields: values()
      }));
    } catch (e) { /* storage full or disabled: the server save still runs */ }
  }
  function clearLocal(id) {
    try { window.localStorage.removeItem(keyFor(id === undefined ? caseId : id)); } catch (e) { /* nothing kept */ }
  }
  // After a save: drop the copy unless another tab has written its own unsaved text there since.
  function clearOwnLocal() {
    var entry = readLocal(keyFor(caseId));
    if (entry && entry.tab !== tabId && !same(entry.fields, saved)) return;
    clearLocal();
  }
  function dropOldCopies() {
    try {
      var cutoff = Date.now() - KEEP_DAYS * 864e5, store = window.localStorage;
      for (var i = store.length - 1; i >= 0; i--) {
        var k = store.key(i);
        if (k && k.indexOf(PREFIX) === 0) {
          var e = readLocal(k);
          if (!e || !(e.editedAt > cutoff)) store.removeItem(k);
        }
      }
    } catch (e) { /* no storage */ }
  }

  function offerRestore() {
    var entry = readLocal(keyFor(caseId));
    if (!entry || !entry.fields || String(entry.user) !== String(userId)) return;
    if (same(entry.fields, values())) { clearLocal(); return; }
    if (!restoreBox) return;
    pendingRestore = entry;
    var serverAt = form.dataset.savedAt ? Date.parse(form.dataset.savedAt) : 0;
    var text = !serverAt || entry.editedAt > serverAt
      ? S.t("restore_newer", { when: hhmm(entry.editedAt) })
      : S.t("restore_older", { when: hhmm(entry.editedAt), saved: hhmm(serverAt) });
    document.getElementById("autosave-restore-text").textContent = text;
    restoreBox.hidden = false;
  }

  function restore() {
    var entry = pendingRestore, first = null;
    pendingRestore = null;
    restoreBox.hidden = true;
    if (!caseId && entry.formKey) formKey = entry.formKey;  // a retried create finds the draft it made
    inputs.forEach(function (el) {
      if (!(el.name in entry.fields)) return;
      var v = entry.fields[el.name];
      if (el.type === "checkbox" ? el.checked === !!v : el.value === v) return;
      if (el.type === "checkbox") el.checked = !!v; else el.value = v;
      first = first || el;
      el.dispatchEvent(new Event("input", { bubbles: true }));  // the privacy check runs again
    });
    if (first) {
      first.dispatchEvent(new CustomEvent("case:reveal", { bubbles: true }));  // its section, on a phone
      first.focus();
    }
    writeLocal();
    save();
  }

  // --- saving -------------------------------------------------------------------------------

  function schedule() {
    clearTimeout(timer);
    var wait = QUIET_MS;
    if (firstEditAt) wait = Math.min(wait, Math.max(0, firstEditAt + MAX_WAIT_MS - Date.now()));
    timer = setTimeout(save, wait);
  }

  function retryLater() {
    retryDelay = retryDelay ? Math.min(retryDelay * 2, RETRY_MAX_MS) : RETRY_MIN_MS;
    clearTimeout(retryTimer);
    retryTimer = setTimeout(save, retryDelay);
  }

  function hasContent(v) {
    return Object.keys(v).some(function (k) { return v[k] === true || (typeof v[k] === "string" && v[k].trim() !== ""); });
  }

  function save(opts) {
    clearTimeout(timer); timer = null;
    clearTimeout(retryTimer); retryTimer = null;
    if (stopped) return finish();
    if (inFlight) { again = true; return; }
    again = false;
    var sent = values();
    if (same(sent, saved) || (!caseId && !hasContent(sent))) return finish();
    var body = caseId ? { version: parseInt(versionInput.value, 10), fields: sent } : { form_key: formKey, fields: sent };
    var json = JSON.stringify(body);
    inFlight = true; firstEditAt = 0;
    setStatus(S.t("saving"));
    fetch(url, {
      method: "POST", credentials: "same-origin", body: json,
      keepalive: !!(opts && opts.keepalive) && json.length < 60000,  // may outlive the page being hidden
      headers: { "Content-Type": "application/json", "Accept": "application/json", "X-CSRFToken": csrf }
    }).then(function (r) {
      return r.json().then(function (data) { return { status: r.status, data: data }; },
                           function () { return { status: r.status, data: null }; });
    }).then(function (res) { inFlight = false; handle(res, sent); finish(); },
            function () { inFlight = false; failed(S.t("offline")); finish(); });
  }

  function failed(text, link) {
    writeLocal();
    setStatus(text, true, link);
    retryLater();
  }

  function adopt(data) {
    // The first autosave made the draft: from now on this page is its edit page.
    var oldKey = caseId;
    caseId = String(data.case_id);
    url = data.urls.autosave;
    // (the form has buttons named "action", which shadow form.action)
    form.setAttribute("action", data.urls.edit);
    form.dataset.caseId = caseId;
    clearLocal(oldKey);
    if (window.history && history.replaceState) history.replaceState(history.state, "", data.urls.edit);
    var newTitle = S.t("new_case_title");
    if (document.title.indexOf(newTitle) === 0) {
      document.title = S.t("edit_case_title", { id: caseId }) + document.title.slice(newTitle.length);
    }
    form.dispatchEvent(new CustomEvent("autosave:created", { detail: { caseId: data.case_id, dismissUrl: data.urls.dismiss } }));
  }

  function handle(res, sent) {
    var data = res.data || {}, err = data.error || {};
    if ((res.status === 200 || res.status === 201) && data.ok) {
      var created = !caseId;
      if (created) adopt(data);
      if (versionInput) versionInput.value = String(data.version);
      var errors = data.errors || {}, next = {};
      Object.keys(sent).forEach(function (k) { next[k] = errors[k] ? (saved ? saved[k] : null) : sent[k]; });
      saved = next;
      retryDelay = 0;
      showErrors(errors);
      form.dispatchEvent(new CustomEvent("autosave:saved", { detail: { privacy: data.privacy, fresh: same(values(), sent) } }));
      if (dirty()) writeLocal(); else clearOwnLocal();
      var when = hhmm(Date.parse(data.saved_at) || Date.now());
      var bad = Object.keys(errors);
      if (bad.length) {
        var inputs = bad.map(function (k) { return S.t("input_error", { input: labelOf(k), errors: errors[k].join(" ") }); })
          .join(S.t("list_separator"));
        setStatus(S.t(created ? "saved_new_except" : "saved_except", { id: caseId, when: when, inputs: inputs }), true);
      } else {
        setStatus(S.t(created ? "saved_new" : "saved", { id: caseId, when: when }));
      }
      return;
    }
    if (res.status === 409) {
      // Changed in another tab or device, or no longer editable: stop; nothing is overwritten.
      stopped = true;
      writeLocal();
      setStatus(S.t("not_saved", { problem: err.message || S.t("changed_elsewhere") }), true,
                { href: form.getAttribute("action"), text: S.t("reload") });
      return;
    }
    if (res.status === 403 || res.status === 404) {
      stopped = true;
      writeLocal();
      setStatus(S.t("not_saved", { problem: err.message || S.t("may_not_edit") }), true);
      return;
    }
    if (res.status === 401) return failed(S.t("logged_out"));
    if (res.status >= 500 || !res.data) return failed(S.t("server_down"));
    // 400 / 413: this request cannot succeed as it is; the next change tries again.
    writeLocal();
    setStatus(S.t("not_saved", { problem: err.message || S.t("refused") }), true);
  }

  // After a save: finish a Save / Submit click that waited for it, or save what was typed meanwhile.
  function finish() {
    if (pendingSubmit) {
      var button = pendingSubmit;
      pendingSubmit = null;
      if (!dirty()) clearOwnLocal(); else writeLocal();
      submitting = true;
      if (form.requestSubmit) {
        form.requestSubmit(button && button.form === form ? button : undefined);
      } else {
        if (button && button.name) {
          var h = document.createElement("input");
          h.type = "hidden"; h.name = button.name; h.value = button.value;
          form.appendChild(h);
        }
        form.submit();
      }
      return;
    }
    if (!inFlight && !stopped && (again || (firstEditAt && dirty()))) schedule();
  }

  // --- events -------------------------------------------------------------------------------

  function onEdit() {
    lastEditAt = Date.now();
    if (!firstEditAt) firstEditAt = lastEditAt;
    if (!localTimer) localTimer = setTimeout(writeLocal, LOCAL_MS);
    if (!stopped) schedule();
  }
  form.addEventListener("input", onEdit);
  form.addEventListener("change", onEdit);

  Array.prototype.forEach.call(form.querySelectorAll("button[type=submit]"), function (b) {
    b.addEventListener("click", function () { lastButton = b; });
  });
  // Save / Submit: first bring the server up to date in the background (so the form's version
  // is current and the copy on the device can go), then send the form as without JavaScript.
  form.addEventListener("submit", function (ev) {
    if (submitting) return;
    if (!inFlight && (stopped || !dirty())) {
      // Nothing to bring up to date: let this submission go as it is. (Browsers ignore a
      // requestSubmit() made while the submit event is being handled, so finish() cannot
      // send it from here.)
      if (!dirty()) clearOwnLocal(); else writeLocal();
      submitting = true;
      return;
    }
    ev.preventDefault();
    pendingSubmit = ev.submitter || lastButton;
    if (inFlight) { setStatus(S.t("finishing")); return; }
    save();
  });

  window.addEventListener("online", function () { if (dirty()) save(); });
  // A phone switching apps may never come back to this tab: save now.
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden" && dirty() && !submitting) { writeLocal(); save({ keepalive: true }); }
  });
  window.addEventListener("pagehide", function () { if (dirty() && !submitting) writeLocal(); });
  window.addEventListener("beforeunload", function (ev) {
    if (!submitting && (inFlight || dirty())) { ev.preventDefault(); ev.returnValue = ""; }
  });

  if (restoreBox) {
    document.getElementById("autosave-restore-yes").addEventListener("click", restore);
    document.getElementById("autosave-restore-no").addEventListener("click", function () {
      pendingRestore = null;
      restoreBox.hidden = true;
      clearLocal();
      if (dirty()) writeLocal();
    });
  }

  dropOldCopies();
  offerRestore();
  if (saved === null) {
    // Shown after a refused POST: nothing of it was saved. Keep it and save what is valid.
    writeLocal();
    firstEditAt = Date.now();
    schedule();
    setStatus(S.t("not_saved_yet"), true);
  } else {
    setStatus(S.t("autosave_on"));
  }
})();
