/* Preview pack only (never in the published site). Opened from disk (file://), a browser refuses to start
   Web Workers, and the theme's search runs in one. This runs the worker script in a hidden same-origin
   iframe instead and passes messages both ways, so search works offline with no request leaving the disk. */
(function () {
  if (location.protocol !== "file:" || typeof EventTarget !== "function") return;
  function FileWorker(url) {
    var target = new EventTarget(), pending = [], ready = false, base = new URL(url, location.href);
    var frame = document.createElement("iframe");
    frame.hidden = true;
    frame.setAttribute("aria-hidden", "true");
    frame.setAttribute("tabindex", "-1");
    frame.title = "search";
    (document.body || document.documentElement).appendChild(frame);
    var scope = frame.contentWindow;
    function deliver(data) {
      scope.dispatchEvent(new scope.MessageEvent("message", { data: data }));
    }
    scope.postMessage = function (data) {  /* the worker's reply */
      setTimeout(function () { target.dispatchEvent(new MessageEvent("message", { data: data })); });
    };
    scope.importScripts = function () {  /* only for non-English stemmers; loaded in order */
      var urls = Array.prototype.slice.call(arguments);
      return urls.reduce(function (done, src) {
        return done.then(function () { return load(src); });
      }, Promise.resolve());
    };
    function load(src) {
      return new Promise(function (resolve, reject) {
        var s = scope.document.createElement("script");
        s.src = new URL(src, base).href;
        s.onload = resolve;
        s.onerror = reject;
        scope.document.head.appendChild(s);
      });
    }
    load(base.href).then(function () {
      ready = true;
      pending.splice(0).forEach(deliver);
    });
    target.postMessage = function (data) {
      if (ready) setTimeout(function () { deliver(data); }); else pending.push(data);
    };
    target.terminate = function () { frame.remove(); };
    return target;
  }
  window.Worker = FileWorker;
})();
