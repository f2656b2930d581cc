// Sign-up: propose the browser's time zone instead of the server's default, unless the person
// already chose one (a form sent back with errors keeps their choice: the server then leaves
// out data-zone-from-browser). Without JavaScript the default stays and can be changed by hand.
(function () {
  var box = document.querySelector("[data-zone-from-browser]");
  if (!box || !window.Intl || !Intl.DateTimeFormat) return;
  var select = box.querySelector("select");
  var zone;
  try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone; } catch (e) { return; }
  if (!select || !zone || select.value === zone) return;
  var known = Array.prototype.some.call(select.options, function (o) { return o.value === zone; });
  if (!known) return;
  select.value = zone;
  var hint = box.querySelector(".hint");
  // The sentence in the page's language, from the template (strings-signup).
  var strings = document.getElementById("strings-signup");
  if (hint && strings) hint.textContent = JSON.parse(strings.textContent).zone_from_browser;
})();
