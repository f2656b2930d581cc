/* The case form in sections. On a narrow screen one section shows at a time, with Back / Next,
   "Section 2 of 7" and the table of contents as the steps (done marks, a mark on sections with
   privacy findings). A link to an input or a section (the table of contents, the privacy panel)
   opens its section, and so do errors from the server. Only sections are hidden: every input
   stays in the form, so autosave and Save / Submit see all of them. Without this script, or on
   a wide screen, every section shows under the table of contents. No inline scripts. */
(function () {
  "use strict";
  var form = document.getElementById("case-form");
  var toc = document.getElementById("case-toc");
  var nav = document.getElementById("section-nav");
  if (!form || !toc || !nav || !window.matchMedia || !window.echoCaseStrings) return;
  var S = window.echoCaseStrings;  // the page's words (case-strings.js)

  var sections = Array.prototype.slice.call(form.querySelectorAll(".case-section"));
  var progress = document.getElementById("section-progress");
  var back = document.getElementById("section-back");
  var next = document.getElementById("section-next");
  var findings = document.getElementById("privacy-list");
  var narrow = window.matchMedia("(max-width: 48rem)");
  var current = 0;

  function entry(s) { return toc.querySelector('li[data-section="' + s.dataset.section + '"]'); }
  function heading(s) { return s.querySelector(".section-heading"); }
  function sectionOf(node) {
    for (var i = 0; i < sections.length; i++) if (node && sections[i].contains(node)) return i;
    return -1;
  }

  function show(i, focusHeading) {
    current = Math.max(0, Math.min(sections.length - 1, i));
    var one = narrow.matches;
    sections.forEach(function (s, k) {
      s.hidden = one && k !== current;
      var link = entry(s).querySelector("a");
      if (one && k === current) link.setAttribute("aria-current", "step"); else link.removeAttribute("aria-current");
    });
    nav.hidden = progress.hidden = !one;
    back.disabled = current === 0;
    next.disabled = current === sections.length - 1;
    progress.textContent = S.t("section_of", { current: current + 1, total: sections.length, heading: heading(sections[current]).textContent });
    if (one && focusHeading) heading(sections[current]).focus();
  }

  function filled(el) {
    if (!el) return false;
    return el.type === "checkbox" ? el.checked : String(el.value || "").trim() !== "";
  }

  // The same rule as the server's (echo/cases/sections.py): required inputs filled, or for a
  // section with none required, anything in it filled.
  function mark() {
    var flagged = {};
    if (findings) {
      Array.prototype.forEach.call(findings.querySelectorAll("li[data-field]"), function (li) {
        flagged[sectionOf(form.elements[li.dataset.field])] = true;
      });
    }
    sections.forEach(function (s, k) {
      var needed = (s.dataset.required || "").split(" ").filter(Boolean);
      var done = needed.length
        ? needed.every(function (n) { return filled(form.elements[n]); })
        : Array.prototype.some.call(s.querySelectorAll("input, select, textarea"), filled);
      var li = entry(s);
      li.querySelector(".mark-done").hidden = !done;
      li.querySelector(".mark-finding").hidden = !flagged[k];
      li.querySelector(".mark-invalid").hidden = !s.querySelector('[aria-invalid="true"]');
    });
  }

  back.addEventListener("click", function () { show(current - 1, true); });
  next.addEventListener("click", function () { show(current + 1, true); });

  // In-page links (the table of contents, "Show in the text" in the privacy panel).
  document.addEventListener("click", function (ev) {
    var a = ev.target.closest ? ev.target.closest('a[href^="#"]') : null;
    if (ev.defaultPrevented || !a || !narrow.matches) return;
    var target = document.getElementById(decodeURIComponent(a.getAttribute("href").slice(1)));
    var k = sectionOf(target);
    if (k < 0) return;
    ev.preventDefault();
    if (target === sections[k]) { show(k, true); return; }
    show(k);
    target.focus();
  });
  // case-form.js asks before it focuses an input (to select a finding's span in it).
  form.addEventListener("case:reveal", function (ev) {
    var k = sectionOf(ev.target);
    if (k >= 0 && k !== current) show(k);
  });

  form.addEventListener("input", mark);
  form.addEventListener("change", mark);
  form.addEventListener("autosave:saved", mark);  // it marks the inputs it could not save
  if (findings && window.MutationObserver) new MutationObserver(mark).observe(findings, { childList: true });
  var onResize = function () { show(current); };
  if (narrow.addEventListener) narrow.addEventListener("change", onResize); else narrow.addListener(onResize);

  // Open on the first error the server reported, else on the section the address names.
  var invalid = form.querySelector('[aria-invalid="true"]');
  var named = window.location.hash ? document.getElementById(window.location.hash.slice(1)) : null;
  if (invalid) {
    show(sectionOf(invalid));
    if (narrow.matches) invalid.focus();
  } else {
    show(Math.max(0, sectionOf(named)));
  }
  mark();
})();
