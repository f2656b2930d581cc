/* The live board (templates/live/board.html). Protocol: docs/realtime.md.
 *
 * - Joins the session's room on every (re)connect with the last seq it applied; the server
 *   replays everything after it. Events are applied strictly in seq order: a duplicate
 *   (seq already applied) is dropped, an early one waits for the gap to fill (resume).
 * - Every post carries a client_id and is kept in localStorage until the server acknowledges
 *   it; after a reconnect (or a reload) the same post is sent again with the same client_id,
 *   and the server answers with the original instead of storing a second copy.
 * - New questions, answers and recommendations are announced in an aria-live region, and
 *   others' arrive as a "live:arrived" event on the board for live-arrivals.js (shown where
 *   the eye is).
 */
(function () {
  "use strict";
  var root = document.getElementById("board");
  if (!root || typeof io === "undefined" || !window.echoDom) { return; }
  // The page also works without JavaScript (docs/realtime.md, "Without JavaScript"): from
  // here the socket keeps it current, so the no-JS parts go and the JS-only controls show.
  // The server-rendered posts are replaced by id when the state is rendered below.
  root.querySelectorAll("[data-nojs]").forEach(function (e) { e.remove(); });
  root.querySelectorAll("[data-js-only]").forEach(function (e) { e.hidden = false; });

  var sessionId = Number(root.dataset.sessionId);
  var userId = Number(root.dataset.userId);
  var role = root.dataset.role;
  var lastSeq = Number(root.dataset.lastSeq) || 0;
  var canEndorse = root.dataset.canEndorse === "1";
  var facilitator = root.dataset.facilitator === "1";
  var status = root.dataset.status;
  var currentCase = root.dataset.currentCase ? Number(root.dataset.currentCase) : null;
  var phase = root.dataset.phase || "";
  var itemLang = root.dataset.itemLang || "";
  var phaseStarted = root.dataset.phaseStarted ? Date.parse(root.dataset.phaseStarted) : null;
  var state = JSON.parse(document.getElementById("board-state").textContent);
  // What this script says, in the reader's language (echo/live/words.py); {name} marks a value.
  var S = JSON.parse(document.getElementById("strings-live").textContent);
  var CATS = S.categories, PHASES = S.phases;
  var questions = {}, recs = {};
  var buffer = {}, gapTimer = null;
  var PENDING_KEY = "echo-live-pending:" + sessionId + ":" + userId;
  var connStatus = document.getElementById("conn-status");
  var announcer = document.getElementById("announcer");
  var errorBox = document.getElementById("board-error");

  // --- small helpers ---------------------------------------------------------------------
  var h = window.echoDom.h;
  function t(key, values) {
    var text = S[key];
    if (text && typeof text === "object") { text = values && values.n === 1 ? text.one : text.other; }
    return String(text).replace(/\{(\w+)\}/g, function (m, k) { return values && k in values ? String(values[k]) : m; });
  }
  function newId() {
    if (window.crypto && crypto.randomUUID) { return crypto.randomUUID(); }
    return "c" + Date.now().toString(36) + Math.random().toString(36).slice(2, 12);
  }
  function arrived(e, domId) {
    if (e.author && e.author.id === userId) { return; }  // one's own post is where one is looking
    root.dispatchEvent(new CustomEvent("live:arrived", { detail: { id: domId } }));
  }
  function authorText(a) {
    if (!a) { return t("someone"); }
    return a.role ? t("author_role", { name: a.name, role: S.roles[a.role] || a.role }) : a.name;
  }
  var announceQueue = [], announceTimer = null;
  function announce(text) {
    // One message at a time, so that screen readers do not drop any.
    announceQueue.push(text);
    if (announceTimer) { return; }
    (function next() {
      var t = announceQueue.shift();
      if (t === undefined) { announceTimer = null; return; }
      announcer.textContent = t;
      announceTimer = setTimeout(next, 1200);
    })();
  }
  function showError(msg) {
    errorBox.textContent = msg || "";
    errorBox.hidden = !msg;
  }

  // --- pending posts (survive reconnects and reloads) --------------------------------------
  function loadPending() {
    try { return JSON.parse(localStorage.getItem(PENDING_KEY) || "[]"); } catch (e) { return []; }
  }
  function savePending(list) {
    try { localStorage.setItem(PENDING_KEY, JSON.stringify(list)); } catch (e) { /* private mode: memory only */ }
    pendingMem = list;
    updateConn();
  }
  var pendingMem = loadPending();
  function addPending(entry) {
    var list = loadPending().filter(function (p) { return p.payload.client_id !== entry.payload.client_id; });
    list.push(entry);
    savePending(list);
  }
  function dropPending(clientId) {
    savePending(loadPending().filter(function (p) { return p.payload.client_id !== clientId; }));
  }
  function updateConn() {
    var n = pendingMem.length;
    var base = socket && socket.connected ? t("connected") : t("reconnecting");
    connStatus.textContent = base + (n ? " · " + t("pending", { n: n }) : "");
    connStatus.className = "conn " + (socket && socket.connected ? "ok" : "bad");
  }

  // --- rendering -----------------------------------------------------------------------------
  function actionButton(label, act, id, extra) {
    var attrs = { type: "button", "class": "link", "data-act": act, "data-id": id };
    Object.keys(extra || {}).forEach(function (k) { attrs[k] = extra[k]; });
    return h("button", attrs, [label]);
  }
  function presenterOf(caseId) {
    var block = document.getElementById("case-" + caseId);
    return block ? Number(block.dataset.presenterId) : null;
  }
  function place(listId, id, li) {
    var old = document.getElementById(id);
    if (old) { old.replaceWith(li); return; }
    var list = document.getElementById(listId);
    if (list) { list.appendChild(li); }
  }
  // An item's content is the server's rendering (templates/live/_item.html), sent as `html` with
  // every event about it; this script adds only the viewer's own buttons after it.
  // The content is in the room's language, which may not be the page's: its lang says so
  // (screen readers then read it right), as on the board without JavaScript (_nojs.html).
  function item(id, cls, html, actions) {
    var li = h("li", { id: id, "class": cls });
    var body = h("div", { "class": "item-body", lang: itemLang || null });
    body.innerHTML = html || "";
    li.appendChild(body);
    if (actions) { li.appendChild(actions); }
    return li;
  }
  function merge(store, fresh, html) {
    // The item as the event describes it now, keeping what only this viewer knows (mine).
    var old = store[fresh.id] || {};
    var d = Object.assign({}, old, fresh);
    d.html = html || old.html || "";
    return d;
  }
  function renderQuestion(q) {
    questions[q.id] = q;
    var own = q.author && q.author.id === userId;
    var mayAnswer = !q.withdrawn && (presenterOf(q.case_id) === userId || role === "coordinator");
    var li = item("q-" + q.id, "item question" + (q.withdrawn ? " withdrawn" : ""), q.html,
      h("p", { "class": "item-actions" }, [
        mayAnswer ? actionButton(q.answer ? t("change_answer") : t("answer"), "answer", q.id) : null,
        own && !q.withdrawn ? actionButton(t("edit"), "edit-question", q.id) : null,
        own && !q.withdrawn ? actionButton(t("withdraw"), "withdraw-question", q.id) : null,
      ]));
    place("questions-" + q.case_id, "q-" + q.id, li);
  }
  function renderRec(r) {
    recs[r.id] = r;
    var own = r.author && r.author.id === userId;
    var li = item("r-" + r.id, "item rec" + (r.consensus ? " consensus" : "") + (r.withdrawn ? " withdrawn" : ""), r.html,
      r.withdrawn ? null : h("p", { "class": "item-actions" }, [
        canEndorse && !own ? actionButton(r.mine ? t("unendorse") : t("endorse"), "endorse", r.id, { "aria-pressed": r.mine ? "true" : "false" }) : null,
        facilitator ? actionButton(r.consensus ? t("unmark_consensus") : t("mark_consensus"), "consensus", r.id) : null,
        own ? actionButton(t("edit"), "edit-rec", r.id) : null,
        own ? actionButton(t("withdraw"), "withdraw-rec", r.id) : null,
      ]));
    place("recs-" + r.case_id, "r-" + r.id, li);
  }
  function renderPresence(list) {
    var ul = document.getElementById("present");
    ul.textContent = "";
    list.forEach(function (p) { addPresent(p); });
    document.getElementById("present-count").textContent = ul.children.length;
  }
  function addPresent(p) {
    var ul = document.getElementById("present");
    var li = h("li", { "data-user-id": p.id }, [p.name + " ", h("span", { "class": "tag" }, [p.role ? (S.roles[p.role] || p.role) : t("guest")])]);
    var old = ul.querySelector('[data-user-id="' + p.id + '"]');
    if (old) { old.replaceWith(li); } else { ul.appendChild(li); }
  }
  function applyPresence(msg) {
    if (msg.session_id !== sessionId) { return; }
    var ul = document.getElementById("present");
    msg.present.forEach(addPresent);
    msg.absent.forEach(function (id) {
      var li = ul.querySelector('[data-user-id="' + id + '"]');
      if (li) { li.remove(); }
    });
    document.getElementById("present-count").textContent = ul.children.length;
  }
  function showCase(caseId) {
    document.querySelectorAll(".case-block").forEach(function (b) { b.hidden = Number(b.dataset.caseId) !== caseId; });
  }
  function withheld(caseId) {
    var b = document.getElementById("case-" + caseId);
    return Boolean(b && b.hasAttribute("data-withheld"));
  }
  function renderSession() {
    document.getElementById("session-status").textContent = S.statuses[status] || status;
    document.getElementById("current-phase").textContent = status === "ended" ? t("session_ended") : (PHASES[phase] || t("waiting"));
    document.querySelectorAll("#agenda li").forEach(function (li) {
      var cur = Number(li.dataset.caseId) === currentCase;
      li.classList.toggle("current", cur);
      if (cur) { li.setAttribute("aria-current", "step"); } else { li.removeAttribute("aria-current"); }
    });
    var start = document.querySelector('[data-action="start_session"]');
    if (start) { start.hidden = status !== "scheduled"; }
    var far = document.getElementById("start-far");
    if (far) { far.hidden = status !== "scheduled"; }
    document.querySelectorAll('[data-action="set_phase"]').forEach(function (b) {
      b.setAttribute("aria-pressed", status === "live" && b.dataset.phase === phase ? "true" : "false");
    });
    tick();
  }
  function tick() {
    var t = document.getElementById("phase-timer");
    if (!phaseStarted || status !== "live") { t.textContent = ""; return; }
    var s = Math.max(0, Math.floor((Date.now() - phaseStarted) / 1000));
    t.textContent = Math.floor(s / 60) + ":" + String(s % 60).padStart(2, "0");
  }
  setInterval(tick, 1000);

  // --- applying events in seq order ----------------------------------------------------------
  function apply(e, replay) {
    var d = e.data || {};
    var q, r;
    switch (e.kind) {
      case "question_posted":
        // Known already (the page, or a replay overlap): the page's state is at least as new.
        if (!questions[d.question.id]) { renderQuestion(merge(questions, d.question, d.html)); }
        if (!replay) { announce(t("new_question", { author: authorText(e.author), text: d.question.text })); arrived(e, "q-" + d.question.id); }
        break;
      case "question_answered":
      case "question_edited":
      case "question_withdrawn":
        q = questions[d.question_id];
        if (q) {
          // Events stored before they carried the item: their own fields.
          if (d.question) { q = merge(questions, d.question, d.html); }
          else if (e.kind === "question_answered") { q.answer = d.answer; }
          else if (e.kind === "question_edited") { q.text = d.text; }
          else { q.withdrawn = true; }
          renderQuestion(q);
        }
        if (!replay && e.kind === "question_answered") { announce(t("new_answer", { author: authorText(e.author), text: d.answer })); arrived(e, "q-" + d.question_id); }
        break;
      case "recommendation_posted":
        r = d.recommendation;
        if (!recs[r.id]) { renderRec(merge(recs, r, d.html)); }
        if (!replay) {
          announce(t(r.source === "spoke" ? "new_suggestion" : "new_recommendation",
                     { category: CATS[r.category] || r.category, author: authorText(e.author), text: r.text }));
          arrived(e, "r-" + r.id);
        }
        break;
      case "recommendation_edited":
      case "recommendation_withdrawn":
      case "endorsement_changed":
      case "consensus_changed":
        r = recs[d.recommendation_id];
        if (r) {
          if (d.recommendation) { r = merge(recs, d.recommendation, d.html); }
          else if (e.kind === "recommendation_edited") { r.text = d.text; r.category = d.category; }
          else if (e.kind === "recommendation_withdrawn") { r.withdrawn = true; r.consensus = false; }
          else if (e.kind === "endorsement_changed") { r.count = d.count; }
          else { r.consensus = d.consensus; }
          if (e.kind === "endorsement_changed" && d.user && d.user.id === userId) { r.mine = d.endorsed; }
          renderRec(r);
        }
        if (!replay && e.kind === "consensus_changed" && d.consensus) { announce(r ? t("consensus_marked", { text: r.text }) : t("consensus_marked_some")); }
        break;
      case "session_started":
      case "phase_changed":
        status = "live";
        currentCase = d.current_case_id;
        phase = d.phase;
        phaseStarted = Date.parse(d.phase_started_at);
        if (d.previous_case_id && d.previous_case_id !== currentCase) { setCaseState(d.previous_case_id, "presented"); }
        if (d.case_state) { setCaseState(currentCase, d.case_state); }
        if (currentCase) { showCase(currentCase); }
        if (currentCase && !replay && withheld(currentCase)) {
          // The page holds nothing of this case: the server decides whether this viewer sees it now.
          window.location.assign(window.location.pathname + "?case=" + currentCase + "#case-" + currentCase);
          return;
        }
        renderSession();
        if (!replay) { announce(e.kind === "session_started" ? t("started") : t("now", { phase: PHASES[phase] || phase })); }
        break;
      case "session_ended":
        status = "ended";
        phaseStarted = null;
        if (currentCase) { setCaseState(currentCase, "presented"); }
        renderSession();
        if (!replay) { announce(t("ended")); }
        break;
      case "summary_sent":
        setCaseState(d.case_id, d.case_state);
        break;
      default:
        break; // kinds this page does not know yet are skipped, but still counted
    }
  }
  function setCaseState(caseId, st) {
    var li = document.querySelector('#agenda li[data-case-id="' + caseId + '"] [data-case-state]');
    if (li && st) { li.textContent = S.case_states[st] || st; }
  }
  function receive(e, replay) {
    if (!e || e.session_id !== sessionId || e.seq <= lastSeq) { return; }  // duplicate or foreign
    buffer[e.seq] = e;
    while (buffer[lastSeq + 1]) {
      var next = buffer[lastSeq + 1];
      delete buffer[lastSeq + 1];
      lastSeq = next.seq;
      apply(next, replay);
    }
    root.dataset.lastSeq = lastSeq;
    if (Object.keys(buffer).length && !gapTimer) { gapTimer = setTimeout(fillGap, 800); }
  }
  function fillGap(behind) {  // behind: a beat said events are missing, even with none buffered
    gapTimer = null;
    if ((!behind && !Object.keys(buffer).length) || !socket.connected) { return; }
    socket.timeout(10000).emit("resume", { session_id: sessionId, last_seq: lastSeq }, function (err, ack) {
      if (err || !ack || !ack.ok) { return; }
      ack.events.forEach(function (e) { receive(e, true); });
      if (ack.more) { fillGap(true); }
    });
  }

  // --- sending ---------------------------------------------------------------------------------
  var callbacks = {};
  function send(name, payload, cb) {
    payload.session_id = sessionId;
    payload.client_id = payload.client_id || newId();
    var entry = { name: name, payload: payload };
    if (cb) { callbacks[payload.client_id] = cb; }
    addPending(entry);
    transmit(entry);
    return payload.client_id;
  }
  function transmit(entry) {
    if (!socket.connected) { return; }  // kept; sent again after the reconnect
    socket.timeout(15000).emit(entry.name, entry.payload, function (err, ack) {
      if (err) { setTimeout(flushPending, 3000); return; }  // no answer: retried with the same client_id
      var cid = entry.payload.client_id;
      dropPending(cid);
      var cb = callbacks[cid];
      delete callbacks[cid];
      if (ack.ok) { receive(ack.event, false); showError(""); }
      else if (!cb) { restoreRefused(entry, ack); }
      if (cb) { cb(ack); }
    });
  }
  function restoreRefused(entry, ack) {
    // A post kept from before a reload was refused (e.g. held by the privacy guard): give its
    // text back to its form, so that nothing typed is lost.
    var p = entry.payload;
    var form = document.querySelector('form.post-form[data-post="' + entry.name + '"][data-case-id="' + p.case_id + '"]');
    if (form && p.text && !form.elements.text.value.trim()) {
      form.elements.text.value = p.text;
      if (p.category && form.elements.category) { form.elements.category.value = p.category; }
      showFindings(form, ack, function (d) { submitForm(form, d); });
    } else {
      showError(ack.error.message);
    }
  }
  function flushPending() {
    if (!socket.connected) { return; }
    loadPending().forEach(transmit);
  }

  function showFindings(form, ack, resend) {
    var box = form.querySelector(".form-findings");
    box.textContent = "";
    if (!ack || ack.ok) { box.hidden = true; return; }
    box.hidden = false;
    if (ack.error.code !== "privacy") {
      box.appendChild(h("p", { "class": "error", role: "alert" }, [ack.error.message]));
      return;
    }
    var list = h("ul", {}, ack.error.findings.map(function (f) {
      return h("li", {}, [h("mark", {}, [f.text]), " — " + f.label + (f.hint ? ". " + f.hint : "")]);
    }));
    var reasonId = "reason-" + newId();
    var reason = h("input", { type: "text", id: reasonId, "class": "reason" });
    var again = h("button", { type: "button", "class": "button secondary" }, [t("post_anyway")]);
    again.addEventListener("click", function () {
      if (!reason.value.trim()) { reason.focus(); return; }
      resend(ack.error.findings.map(function (f) { return { fingerprint: f.fingerprint, reason: reason.value.trim() }; }));
    });
    box.appendChild(h("p", { "class": "error", role: "alert" }, [t("nothing_posted", { message: ack.error.message })]));
    box.appendChild(list);
    box.appendChild(h("label", { "for": reasonId }, [t("why_not_identifiers")]));
    box.appendChild(reason);
    box.appendChild(again);
  }

  function submitForm(form, dismissals) {
    var text = form.elements.text.value.trim();
    if (!text) { form.elements.text.focus(); return; }
    var payload = { text: text, case_id: Number(form.dataset.caseId) };
    if (form.elements.category) {
      payload.category = form.elements.category.value;
      if (!payload.category) {
        showFindings(form, { ok: false, error: { code: "invalid", message: t("choose_category") } });
        form.elements.category.focus();
        return;
      }
    }
    if (dismissals) { payload.dismissals = dismissals; }
    // The same text sent twice (double click, retry) keeps its client_id: one post at most.
    var key = JSON.stringify([payload.text, payload.category || ""]);
    if (form.dataset.key !== key) { form.dataset.key = key; form.dataset.clientId = newId(); }
    payload.client_id = form.dataset.clientId;
    send(form.dataset.post, payload, function (ack) {
      showFindings(form, ack, function (d) { submitForm(form, d); });
      if (ack.ok && form.elements.text.value.trim() === text) {
        form.elements.text.value = "";
        form.dataset.key = "";
        // The next one is filed deliberately too, not under this one's category.
        if (form.elements.category) { form.elements.category.value = ""; }
      }
    });
  }
  document.querySelectorAll("form.post-form").forEach(function (form) {
    form.addEventListener("submit", function (ev) { ev.preventDefault(); submitForm(form); });
  });

  function inlineForm(li, label, value, onSave) {
    if (li.querySelector("form")) { return; }
    var id = "inline-" + newId();
    var ta = h("textarea", { id: id, rows: "2", maxlength: "4000" });
    ta.value = value || "";
    var form = h("form", { "class": "inline-form", novalidate: "novalidate" }, [
      h("label", { "for": id }, [label]), ta, h("div", { "class": "form-findings", hidden: "hidden" }),
      h("button", { type: "submit", "class": "button" }, [t("save")]), " ",
      h("button", { type: "button", "class": "button secondary", "data-cancel": "1" }, [t("cancel")]),
    ]);
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      if (!ta.value.trim()) { ta.focus(); return; }
      onSave(ta.value.trim(), form);
    });
    form.querySelector("[data-cancel]").addEventListener("click", function () { form.remove(); });
    li.appendChild(form);
    ta.focus();
  }
  function inlineSend(form, name, payload) {
    var clientId = newId();
    (function go(dismissals) {
      if (dismissals) { payload.dismissals = dismissals; }
      payload.client_id = clientId;
      send(name, payload, function (ack) {
        if (ack.ok) { form.remove(); } else { showFindings(form, ack, go); }
      });
    })();
  }

  root.addEventListener("click", function (ev) {
    var b = ev.target.closest("button");
    if (!b || !root.contains(b)) { return; }
    var id = Number(b.dataset.id);
    var li = b.closest("li");
    switch (b.dataset.act) {
      case "answer":
        inlineForm(li, t("your_answer"), questions[id].answer, function (text, form) {
          inlineSend(form, "answer_question", { question_id: id, text: text });
        });
        return;
      case "edit-question":
        inlineForm(li, t("edit_question"), questions[id].text, function (text, form) {
          inlineSend(form, "edit_post", { kind: "question", id: id, text: text });
        });
        return;
      case "edit-rec":
        inlineForm(li, t("edit_recommendation"), recs[id].text, function (text, form) {
          inlineSend(form, "edit_post", { kind: "recommendation", id: id, text: text, category: recs[id].category });
        });
        return;
      case "withdraw-question":
        if (window.confirm(t("confirm_withdraw_question"))) { send("withdraw_post", { kind: "question", id: id }); }
        return;
      case "withdraw-rec":
        if (window.confirm(t("confirm_withdraw_recommendation"))) { send("withdraw_post", { kind: "recommendation", id: id }); }
        return;
      case "endorse":
        send("endorse", { recommendation_id: id, endorse: !recs[id].mine });
        return;
      case "consensus":
        send("mark_consensus", { recommendation_id: id, consensus: !recs[id].consensus });
        return;
      default:
        break;
    }
    if (b.dataset.viewCase) { showCase(Number(b.dataset.viewCase)); return; }
    var action = b.dataset.action;
    if (!action) { return; }
    var viewed = document.querySelector(".case-block:not([hidden])");
    var viewedId = viewed ? Number(viewed.dataset.caseId) : currentCase;
    if (action === "start_session") {
      send("start_session", { move_to_now: b.dataset.move === "yes" }, function (ack) {
        if (ack.ok) { return; }
        showError(ack.error.message);
        // Far from its scheduled time (the clock moved on since the page was drawn): the
        // button now offers what the server asks for.
        if (ack.error.code === "not_now") { b.dataset.move = "yes"; b.textContent = t("move_and_start"); }
      });
    }
    else if (action === "set_phase") { send("set_phase", { case_id: viewedId, phase: b.dataset.phase }); }
    else if (action === "next_case") {
      var ids = Array.prototype.map.call(document.querySelectorAll("#agenda li"), function (x) { return Number(x.dataset.caseId); });
      var i = ids.indexOf(currentCase);
      if (i >= 0 && i + 1 < ids.length) { send("set_phase", { case_id: ids[i + 1], phase: "presentation" }); }
      else { showError(t("last_case")); }
    } else if (action === "end_session") {
      if (window.confirm(t("confirm_end"))) { send("end_session", {}); }
    }
  });

  // --- the connection ----------------------------------------------------------------------------
  state.questions.forEach(renderQuestion);
  state.recommendations.forEach(renderRec);
  renderSession();

  // Default transports: long-polling first, upgraded to WebSocket when the network allows.
  var socket = io({ reconnectionDelayMax: 5000 });
  socket.on("connect", function () {
    updateConn();
    socket.timeout(15000).emit("join", { session_id: sessionId, last_seq: lastSeq }, function (err, ack) {
      if (err) { socket.disconnect(); socket.connect(); return; }
      if (!ack.ok) { showError(ack.error.message); return; }
      if (ack.reset) { window.location.reload(); return; }  // the log is behind what we saw
      role = ack.role;
      renderPresence(ack.present);
      ack.events.forEach(function (e) { receive(e, true); });
      if (ack.more) { fillGap(); }
      flushPending();
    });
  });
  // A coordinator changed this user's role or removed them (or an admin deactivated the account):
  // the server closes the socket; reloading joins again with the new role, or shows why not.
  // Unsent posts survive the reload in localStorage.
  function accessChanged() {
    connStatus.textContent = t("access_changed");
    window.setTimeout(function () { window.location.reload(); }, 300);
  }
  socket.on("access_changed", accessChanged);
  socket.on("disconnect", function (reason) {
    updateConn();
    if (reason === "io server disconnect") { accessChanged(); }  // the client would not reconnect by itself
  });
  socket.on("event", function (e) { receive(e, false); });
  socket.on("presence", applyPresence);
  // Every few seconds the server says the session's last stored seq: a board behind it (an event
  // whose delivery was lost between processes) asks for the rest unless it arrives meanwhile.
  socket.on("beat", function (b) {
    if (!b || b.session_id !== sessionId || b.last_seq <= lastSeq) { return; }
    window.setTimeout(function () {
      if (lastSeq < b.last_seq && !gapTimer) { fillGap(true); }
    }, 800);
  });
  window.echoLive = { socket: socket, lastSeq: function () { return lastSeq; }, pending: loadPending };
  updateConn();
})();
