// Session page: show the "Join video" button from 20 minutes before the start until the end,
// without a reload. The server already renders the right state; this only keeps it current.
(function () {
  var box = document.querySelector(".join-video[data-join-from]");
  if (!box) return;
  var from = Date.parse(box.getAttribute("data-join-from"));
  var ends = Date.parse(box.getAttribute("data-ends"));
  var button = box.querySelector(".join-button");
  var later = box.querySelector(".join-later");
  function tick() {
    var now = Date.now();
    var open = now >= from && now < ends;
    if (button) button.hidden = !open;
    if (later) later.hidden = open || now >= ends;
  }
  tick();
  setInterval(tick, 30000);
})();
