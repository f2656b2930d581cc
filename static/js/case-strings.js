/* The case form's words in the page's language, for case-form.js, autosave.js and
   case-sections.js: the page renders them as JSON in #strings-cases (echo/cases/js_strings.py).
   echoCaseStrings.t(key, vars): the text with its %(name)s placeholders filled;
   echoCaseStrings.n(key, num, vars): the plural form for num ("one" or "other");
   echoCaseStrings.fill(parent, key, parts): appends the text to parent, each placeholder
   replaced by parts[name] (a node, or a string added as text). Never HTML. */
(function () {
  "use strict";
  var words = {};
  var el = document.getElementById("strings-cases");
  try { words = el ? JSON.parse(el.textContent) : {}; } catch (e) { words = {}; }
  var PLACE = /%\((\w+)\)s/g;

  function format(text, vars) {
    return String(text).replace(PLACE, function (m, name) {
      return vars && Object.prototype.hasOwnProperty.call(vars, name) ? String(vars[name]) : m;
    });
  }
  function raw(key) { return Object.prototype.hasOwnProperty.call(words, key) ? words[key] : key; }
  function t(key, vars) { return format(raw(key), vars); }
  function n(key, num, vars) {
    var forms = raw(key);
    var text = typeof forms === "string" ? forms : forms[num === 1 ? "one" : "other"];
    return format(text, Object.assign({ num: num }, vars || {}));
  }
  function fill(parent, key, parts) {
    String(raw(key)).split(/(%\(\w+\)s)/).forEach(function (piece) {
      var m = /^%\((\w+)\)s$/.exec(piece);
      var part = m && parts && Object.prototype.hasOwnProperty.call(parts, m[1]) ? parts[m[1]] : piece;
      if (part === "") return;
      parent.appendChild(typeof part === "string" ? document.createTextNode(part) : part);
    });
    return parent;
  }
  window.echoCaseStrings = { t: t, n: n, fill: fill, words: words };
})();
