/// `scripts/tail.js`: the live log view. It streams `/logtail/NAME` (or `/stderr`) with `fetch` and a
/// `ReadableStream`, appends lines as they are written (as text nodes, never HTML), filters and highlights them by
/// the search box, and holds new lines back while paused. Without it the page is Supervisor's static tail.
enum TailScript {
    static let text = #"""
        (() => {
          'use strict';
          const toolbar = document.getElementById('tail-toolbar');
          if (!toolbar) return;
          const MAX_LINES = 5000;
          const namespec = toolbar.getAttribute('data-namespec');
          const body = document.getElementById('tailbody');
          const search = document.getElementById('tail-search');
          const pauseButton = document.getElementById('tail-pause');
          const status = document.getElementById('tail-status');
          const live = document.getElementById('live');
          let lines = [];
          let partial = '';
          let paused = false;
          let held = 0;
          let query = '';
          let channel = 'stdout';
          let controller = null;

          const setStatus = (text) => { status.textContent = text; };
          const matches = (text) => !query || text.toLowerCase().includes(query);
          const nearBottom = () => body.scrollHeight - body.scrollTop - body.clientHeight < 40;

          function lineNode(text) {
            const node = document.createElement('span');
            node.className = 'line';
            if (!query) { node.textContent = text; return node; }
            const lower = text.toLowerCase();
            let at = 0;
            for (let hit = lower.indexOf(query); hit >= 0; hit = lower.indexOf(query, at)) {
              node.appendChild(document.createTextNode(text.slice(at, hit)));
              const mark = document.createElement('mark');
              mark.textContent = text.slice(hit, hit + query.length);
              node.appendChild(mark);
              at = hit + query.length;
            }
            node.appendChild(document.createTextNode(text.slice(at)));
            return node;
          }

          function redraw() {
            const fragment = document.createDocumentFragment();
            for (const line of lines) if (matches(line)) fragment.appendChild(lineNode(line));
            if (partial && matches(partial)) fragment.appendChild(lineNode(partial)).classList.add('partial');
            body.replaceChildren(fragment);
            body.scrollTop = body.scrollHeight;
            updateStatus();
          }

          function updateStatus() {
            const shown = body.querySelectorAll('.line').length;
            let text = paused ? 'paused' + (held ? ', ' + held + ' new line' + (held === 1 ? '' : 's') + ' held' : '')
                              : 'streaming ' + channel;
            if (query) text += ' · ' + shown + ' matching';
            setStatus(text);
          }

          function feed(text) {
            const parts = (partial + text).split('\n');
            partial = parts.pop();
            lines.push(...parts);
            if (lines.length > MAX_LINES) lines.splice(0, lines.length - MAX_LINES);
            if (paused) { held += parts.length; updateStatus(); return; }
            const follow = nearBottom();
            const old = body.querySelector('.partial');
            if (old) old.remove();
            for (const line of parts) if (matches(line)) body.appendChild(lineNode(line));
            if (partial && matches(partial)) body.appendChild(lineNode(partial)).classList.add('partial');
            while (body.childElementCount > MAX_LINES) body.firstElementChild.remove();
            if (follow) body.scrollTop = body.scrollHeight;
            if (query) updateStatus();
          }

          async function stream() {
            if (controller) controller.abort();
            const mine = new AbortController();
            controller = mine;
            lines = []; partial = ''; held = 0;
            body.replaceChildren();
            setStatus('connecting…');
            const url = 'logtail/' + encodeURIComponent(namespec) + (channel === 'stderr' ? '/stderr' : '');
            try {
              const response = await fetch(url, { signal: mine.signal, cache: 'no-store', credentials: 'same-origin' });
              if (!response.ok) {
                setStatus(response.status === 404 ? 'no ' + channel + ' log for ' + namespec : 'HTTP ' + response.status);
                return;
              }
              if (live) { live.textContent = 'live'; live.className = 'live on'; }
              updateStatus();
              const reader = response.body.getReader();
              const decoder = new TextDecoder();
              for (;;) {
                const { value, done } = await reader.read();
                if (done) break;
                feed(decoder.decode(value, { stream: true }));
              }
            } catch (error) {
              if (mine.signal.aborted) return;
            }
            if (controller !== mine) return;
            if (live) { live.textContent = 'offline'; live.className = 'live off'; }
            setStatus('disconnected, reconnecting…');
            setTimeout(() => { if (controller === mine) stream(); }, 2000);
          }

          toolbar.querySelectorAll('[data-channel]').forEach((button) => button.addEventListener('click', () => {
            channel = button.getAttribute('data-channel');
            toolbar.querySelectorAll('[data-channel]').forEach((b) => b.classList.toggle('selected', b === button));
            stream();
          }));
          pauseButton.addEventListener('click', () => {
            paused = !paused;
            pauseButton.textContent = paused ? 'Resume' : 'Pause';
            pauseButton.classList.toggle('paused', paused);
            held = 0;
            if (!paused) redraw(); else updateStatus();
          });
          search.addEventListener('input', () => { query = search.value.toLowerCase(); redraw(); });
          stream();
        })();
        """#
}
