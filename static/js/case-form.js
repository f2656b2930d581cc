/* The case form's privacy guard: as the author types, ask the server which spans look like
   identifiers, highlight them in a mirror below each field, and list them with a
   "dismiss with reason" form. The server checks again on save and on submit; without this
   script the same findings are shown after saving. No inline scripts: data-* attributes only. */
(function () {
  "use strict";
  var form = document.getElementById("case-form");
  if (!form || !window.fetch || !window.echoCaseStrings) return;
  var S = window.echoCaseStrings;  // the page's words (case-strings.js)
  var panel = document.getElementById("privacy-findings");
  var list = document.getElementById("privacy-list");
  var status = document.getElementById("privacy-status");
  var dismissedList = document.getElementById("privacy-dismissed");
  var csrf = form.dataset.csrf;
  var checkUrl = form.dataset.checkUrl;
  var caseId = form.dataset.caseId ? parseInt(form.dataset.caseId, 10) : null;
  var programId = parseInt(form.dataset.programId, 10);
  var dismissUrl = form.dataset.dismissUrl || "";
  var fields = {};
  Array.prototype.forEach.call(form.querySelectorAll(".privacy-mirror"), function (mirror) {
    var name = mirror.dataset.mirrorFor;
    var input = form.elements[name];
    if (input) fields[name] = { input: input, mirror: mirror, text: mirror.querySelector(".mirror-text") };
  });
  var labels = {};
  Object.keys(fields).forEach(function (name) {
    var l = form.querySelector('label[for="' + fields[name].input.id + '"]');
    labels[name] = l ? l.textContent.trim() : name;
  });

  var timer = null, seq = 0, uid = 0;

  // A text-only element (echoDom.h, static/js/dom.js).
  function el(tag, attrs, text) {
    return window.echoDom.h(tag, Object.assign({}, attrs || {}, text != null ? { text: text } : {}));
  }

  // Offsets from the server count code points; JavaScript strings count UTF-16 units.
  function highlight(box, text, found) {
    box.textContent = "";
    var chars = Array.from(text), pos = 0;
    found.slice().sort(function (a, b) { return a.start - b.start; }).forEach(function (f) {
      if (f.start < pos) return;
      box.appendChild(document.createTextNode(chars.slice(pos, f.start).join("")));
      var m = el("mark", { "class": f.dismissed ? "finding dismissed" : "finding", title: f.label }, chars.slice(f.start, f.end).join(""));
      box.appendChild(m);
      pos = f.end;
    });
    box.appendChild(document.createTextNode(chars.slice(pos).join("")));
  }

  // Select the finding's span in its field (code point offsets -> UTF-16 offsets).
  function select(f) {
    var input = fields[f.field] && fields[f.field].input;
    if (!input) return;
    var chars = Array.from(input.value);
    var start = chars.slice(0, f.start).join("").length;
    var end = start + chars.slice(f.start, f.end).join("").length;
    // Opens the section holding the input when the form shows one at a time (case-sections.js).
    input.dispatchEvent(new CustomEvent("case:reveal", { bubbles: true }));
    input.focus();
    if (input.setSelectionRange) input.setSelectionRange(start, end);
  }

  function item(f) {
    var li = el("li", { "class": "finding-item", "data-field": f.field, "data-key": f.field + "|" + f.fingerprint });
    S.fill(li, "finding_in", { finding: el("strong", null, f.label), field: labels[f.field] || f.field,
                               text: el("mark", { "class": "finding" }, f.text) });
    var show = el("a", { href: "#" + f.field, "class": "show-finding" }, S.t("show_in_text"));
    show.addEventListener("click", function (ev) { ev.preventDefault(); select(f); });
    li.appendChild(document.createTextNode(" "));
    li.appendChild(show);
    li.appendChild(el("p", { "class": "hint" }, f.hint));
    if (!dismissUrl) {
      li.appendChild(el("p", { "class": "muted" }, S.t("fix_or_save")));
      return li;
    }
    var id = "reason-js-" + (++uid);
    var fm = el("form", { method: "post", action: dismissUrl, "class": "dismiss-form" });
    [["csrf_token", csrf], ["field", f.field], ["fingerprint", f.fingerprint], ["kind", f.kind]].forEach(function (p) {
      fm.appendChild(el("input", { type: "hidden", name: p[0], value: p[1] }));
    });
    fm.appendChild(el("label", { "class": "sr-only", "for": id }, S.t("why_not_identifier")));
    fm.appendChild(el("input", { type: "text", id: id, name: "reason", maxlength: "500", placeholder: S.t("why_not_identifier") }));
    fm.appendChild(el("button", { type: "submit", "class": "button secondary" }, S.t("dismiss_with_reason")));
    li.appendChild(fm);
    return li;
  }

  // Keyed update of the list: an item still present keeps its node, so a reason being typed
  // into it (and the focus) survives the next check.
  function render(data) {
    var unresolved = 0, wanted = {}, have = {};
    Array.prototype.slice.call(list.children).forEach(function (li) {
      if (have[li.dataset.key]) li.remove(); else have[li.dataset.key] = li;
    });
    Object.keys(fields).forEach(function (name) {
      var found = (data.fields && data.fields[name]) || [];
      var f = fields[name];
      if (found.length) {
        highlight(f.text, f.input.value, found);
        f.mirror.hidden = false;
      } else {
        f.mirror.hidden = true;
        f.text.textContent = "";
      }
      found.forEach(function (x) {
        if (x.dismissed) return;
        unresolved++;
        var key = x.field + "|" + x.fingerprint;
        if (wanted[key]) return;
        wanted[key] = true;
        if (!have[key]) list.appendChild(item(x));
      });
    });
    Object.keys(have).forEach(function (key) { if (!wanted[key]) have[key].remove(); });
    status.textContent = unresolved ? S.n("unresolved", unresolved) : S.t("none_unresolved");
    status.className = unresolved ? "error" : "muted";
    form.dataset.unresolved = String(unresolved);
    panel.dataset.state = "checked";
  }

  function check() {
    var mine = ++seq;
    var body = { program_id: programId, fields: {} };
    if (caseId) body.case_id = caseId;
    Object.keys(fields).forEach(function (name) { body.fields[name] = fields[name].input.value; });
    panel.dataset.state = "checking";
    fetch(checkUrl, {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "Accept": "application/json", "X-CSRFToken": csrf },
      body: JSON.stringify(body)
    }).then(function (r) {
      if (!r.ok) throw new Error("status " + r.status);
      return r.json();
    }).then(function (data) {
      if (mine === seq) render(data);
    }).catch(function () {
      if (mine !== seq) return;
      status.textContent = S.t("check_failed");
      panel.dataset.state = "error";
    });
  }

  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(check, 400);
  }

  Object.keys(fields).forEach(function (name) { fields[name].input.addEventListener("input", schedule); });
  // The leave-page warning and the unsaved-changes state belong to autosave.js.

  // An autosave's reply carries the findings of the text it saved: show them when the text has
  // not changed since (otherwise the check scheduled by the typing is on its way).
  form.addEventListener("autosave:saved", function (ev) {
    if (ev.detail && ev.detail.fresh && ev.detail.privacy) { ++seq; render(ev.detail.privacy); }
  });
  // The first autosave of a new case made it a draft: findings can now be dismissed.
  form.addEventListener("autosave:created", function (ev) {
    caseId = ev.detail.caseId;
    dismissUrl = ev.detail.dismissUrl;
    list.textContent = "";
    check();
  });

  panel.addEventListener("submit", function (ev) {
    var fm = ev.target;
    if (!fm.classList || !fm.classList.contains("dismiss-form")) return;
    ev.preventDefault();
    var reason = fm.elements.reason.value.trim();
    var old = fm.querySelector(".error");
    if (old) old.remove();
    fetch(fm.action, {
      method: "POST", credentials: "same-origin",
      headers: { "Accept": "application/json", "X-CSRFToken": csrf },
      body: new FormData(fm)
    }).then(function (r) {
      return r.json().then(function (data) { return { ok: r.ok, data: data }; });
    }).then(function (res) {
      if (!res.ok) {
        var msg = (res.data && res.data.error && res.data.error.message) || S.t("dismiss_failed");
        fm.appendChild(el("p", { "class": "error", role: "alert" }, msg));
        return;
      }
      if (dismissedList) {
        var kind = fm.elements.kind.value;
        dismissedList.appendChild(el("li", null, S.t("dismissed", {
          kind: (S.words.kinds && S.words.kinds[kind]) || kind, field: labels[fm.elements.field.value] || "", reason: reason })));
      }
      check();
    }).catch(function () {
      fm.appendChild(el("p", { "class": "error", role: "alert" }, S.t("dismiss_failed_now")));
    });
  });

  check();
})();
