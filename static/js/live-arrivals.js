/* The live board: a post that arrives out of sight is shown where the eye is.
 *
 * On a phone the streams sit below the case, so a new question or recommendation usually
 * arrives off screen. live.js fires "live:arrived" on #board for others' posts; when that post
 * is not on screen, a button stays at the bottom of the screen ("1 new post") and one tap
 * shows the case it belongs to, scrolls the post to the middle and moves the focus to it.
 * Posts scrolled into view by hand count as seen. Screen readers hear each post from the
 * board's aria-live region already.
 */
(function () {
  "use strict";
  var root = document.getElementById("board");
  if (!root || !("IntersectionObserver" in window)) { return; }
  var unseen = [];
  // The page's words for the button, in the reader's language (echo/live/words.py: new_posts).
  var strings = document.getElementById("strings-live");
  var NEW_POSTS = (strings && JSON.parse(strings.textContent).new_posts) || { one: "{n} new post", other: "{n} new posts" };
  var button = document.createElement("button");
  button.type = "button";
  button.className = "button arrivals";
  button.hidden = true;
  document.body.appendChild(button);

  function render() {
    button.hidden = unseen.length === 0;
    button.textContent = "↓ " + (unseen.length === 1 ? NEW_POSTS.one : NEW_POSTS.other).replace("{n}", String(unseen.length));
  }
  function seen(li) {
    unseen = unseen.filter(function (x) { return x !== li; });
    watch.unobserve(li);
    render();
  }
  var watch = new IntersectionObserver(function (entries) {
    entries.forEach(function (en) { if (en.isIntersecting) { seen(en.target); } });
  }, { threshold: 0.5 });

  root.addEventListener("live:arrived", function (ev) {
    var li = document.getElementById(ev.detail.id);
    if (!li) { return; }
    li.classList.remove("fresh");
    void li.offsetWidth;  // restart the highlight for a second arrival on the same item
    li.classList.add("fresh");
    if (unseen.indexOf(li) < 0) { unseen.push(li); watch.observe(li); }
    render();
  });
  button.addEventListener("click", function () {
    var li = unseen[0];
    if (!li) { return; }
    var block = li.closest(".case-block");
    if (block && block.hidden) {
      var show = document.querySelector('[data-view-case="' + block.dataset.caseId + '"]');
      if (show) { show.click(); }
    }
    li.tabIndex = -1;
    li.scrollIntoView({ block: "center" });
    li.focus({ preventScroll: true });
    seen(li);
  });
})();
