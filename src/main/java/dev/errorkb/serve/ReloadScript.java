package dev.errorkb.serve;

/**
 * The script {@link DevServer} adds to pages while serving. It listens to
 * {@code /__errorkb/events}, telling the server its page's version and key: when that page changed
 * in a newer build, the server says reload and it does; when a
 * build failed, it shows the located problems in an overlay (text only, built with DOM calls and
 * CSSOM styles so the pages' Content-Security-Policy needs no exception).
 */
final class ReloadScript {
  private ReloadScript() {}

  static final String JS = """
      (function () {
        'use strict';
        var me = document.currentScript;
        var params = new URL(me.src, location.href).searchParams;
        var box = null;
        function hide() {
          if (box) { box.remove(); box = null; }
        }
        function show(problems) {
          hide();
          box = document.createElement('div');
          box.id = 'errorkb-overlay';
          box.setAttribute('role', 'alert');
          var s = box.style;
          s.position = 'fixed'; s.left = '0'; s.right = '0'; s.bottom = '0'; s.maxHeight = '60vh';
          s.overflow = 'auto'; s.zIndex = '2147483647'; s.background = '#1e1e1e'; s.color = '#f0f0f0';
          s.font = '13px/1.5 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace';
          s.padding = '12px 16px'; s.borderTop = '4px solid #e5484d'; s.boxShadow = '0 -4px 16px rgba(0,0,0,.4)';
          var h = document.createElement('p');
          h.textContent = 'errorkb: the last edit does not build; still showing the last good version.';
          h.style.fontWeight = 'bold'; h.style.margin = '0 0 8px';
          box.appendChild(h);
          var pre = document.createElement('pre');
          pre.style.margin = '0'; pre.style.whiteSpace = 'pre-wrap';
          pre.textContent = problems.join('\\n');
          box.appendChild(pre);
          var close = document.createElement('button');
          close.type = 'button'; close.textContent = '×'; close.setAttribute('aria-label', 'Close');
          close.style.position = 'absolute'; close.style.top = '4px'; close.style.right = '8px';
          close.addEventListener('click', hide);
          box.appendChild(close);
          document.body.appendChild(box);
        }
        var es = new EventSource('/__errorkb/events?v=' + encodeURIComponent(params.get('v'))
            + '&k=' + encodeURIComponent(params.get('k') || ''));
        // After the connection was lost (serve restarted), the page may be from an older run: reload.
        var lost = false;
        es.onerror = function () { lost = true; };
        es.onmessage = function (ev) {
          var st = JSON.parse(ev.data);
          if (st.reload || lost) {
            es.close();
            location.reload();
            return;
          }
          if (st.ok) { hide(); } else { show(st.problems); }
        };
      })();
      """;
}
