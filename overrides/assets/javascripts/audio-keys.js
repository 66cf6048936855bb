/* Keyboard controls for the episode player.
   Browsers' built-in audio controls differ in what a keyboard can reach (some expose no seek to the
   keyboard at all), so every player gets ordinary buttons: play/pause and skip back/forward. They are
   real <button>s (Tab, Enter and Space work everywhere, screen readers announce them) and the position
   is shown as text. Without JavaScript the native player and the download links still work. */
(function () {
  "use strict";
  var STEP = 15; // seconds per skip

  function clock(s) {
    s = Math.max(0, Math.floor(s || 0));
    var m = Math.floor(s / 60), r = s % 60;
    return m + ":" + (r < 10 ? "0" : "") + r;
  }

  function button(text, cls) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = "md-button campaign-player__button " + cls;
    b.textContent = text;
    return b;
  }

  function enhance(audio) {
    if (audio.dataset.campaignKeys) return;
    audio.dataset.campaignKeys = "1";
    var bar = document.createElement("div");
    bar.className = "campaign-player__controls";
    bar.setAttribute("role", "group");
    bar.setAttribute("aria-label", "Player controls");
    var play = button("Play", "campaign-player__play");
    var back = button("Back " + STEP + " seconds", "campaign-player__back");
    var fwd = button("Forward " + STEP + " seconds", "campaign-player__forward");
    var pos = document.createElement("span");
    pos.className = "campaign-player__position";
    bar.append(play, back, fwd, pos);
    audio.insertAdjacentElement("afterend", bar);

    function update() {
      play.textContent = audio.paused ? "Play" : "Pause";
      pos.textContent = "Position " + clock(audio.currentTime) +
        (isFinite(audio.duration) ? " of " + clock(audio.duration) : "");
    }
    function seek(delta) {
      var end = isFinite(audio.duration) ? audio.duration : audio.currentTime + Math.max(delta, 0);
      audio.currentTime = Math.min(Math.max(0, audio.currentTime + delta), end);
      update();
    }
    function toggle() {
      if (audio.paused) { audio.play().catch(function () { update(); }); } else { audio.pause(); }
    }
    play.addEventListener("click", toggle);
    back.addEventListener("click", function () { seek(-STEP); });
    fwd.addEventListener("click", function () { seek(STEP); });
    ["play", "pause", "timeupdate", "durationchange", "loadedmetadata", "seeked", "ended"].forEach(
      function (e) { audio.addEventListener(e, update); });
    // Shortcuts when the native player itself has focus: Space or K play/pause, arrows seek.
    audio.addEventListener("keydown", function (e) {
      if (e.key === " " || e.key === "k") { toggle(); e.preventDefault(); }
      else if (e.key === "ArrowLeft") { seek(-5); e.preventDefault(); }
      else if (e.key === "ArrowRight") { seek(5); e.preventDefault(); }
    });
    update();
  }

  function init() {
    document.querySelectorAll("figure.campaign-player audio").forEach(enhance);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
