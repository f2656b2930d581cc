/* DOM helpers shared by the pages' scripts (static/js/live.js, static/js/case-form.js).
 *
 * echoDom.h(tag, attrs, children): an element; attrs.text sets its text, attributes that are
 * null, undefined or false are left out; children are nodes or strings (text), falsy ones
 * skipped. Text always goes in as text, never as HTML.
 */
(function () {
  "use strict";
  function h(tag, attrs, children) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "text") { e.textContent = attrs[k]; }
      else if (attrs[k] !== null && attrs[k] !== undefined && attrs[k] !== false) { e.setAttribute(k, attrs[k]); }
    });
    (children || []).forEach(function (c) { if (c) { e.appendChild(typeof c === "string" ? document.createTextNode(c) : c); } });
    return e;
  }
  window.echoDom = { h: h };
})();
