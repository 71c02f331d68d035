// errorkb page behaviour. Loaded as a file (the pages' Content-Security-Policy forbids inline script).
(function () {
  'use strict';
  document.documentElement.classList.remove('no-js');
  // "Copied" is announced through one polite live region; the buttons stay hidden without JavaScript.
  var live = null;
  document.querySelectorAll('button.copy[data-copy]').forEach(function (button) {
    button.hidden = false;
    if (!live) {
      live = document.createElement('p');
      live.className = 'visually-hidden';
      live.setAttribute('role', 'status');
      live.setAttribute('aria-live', 'polite');
      document.body.appendChild(live);
    }
    button.addEventListener('click', function () {
      var source = document.getElementById(button.getAttribute('data-copy'));
      if (!source) { return; }
      var text = source.textContent;
      var done = function () {
        var label = button.textContent;
        button.textContent = button.getAttribute('data-copied') || label;
        live.textContent = '';
        setTimeout(function () { live.textContent = button.textContent; }, 50);
        setTimeout(function () { button.textContent = label; }, 1500);
      };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(text).then(done, function () { fallback(source); done(); });
      } else {
        fallback(source);
        done();
      }
    });
  });
  function fallback(node) {
    var range = document.createRange();
    range.selectNodeContents(node);
    var sel = window.getSelection();
    sel.removeAllRanges();
    sel.addRange(range);
    try { document.execCommand('copy'); } catch (e) { /* selection stays for manual copy */ }
  }
})();
