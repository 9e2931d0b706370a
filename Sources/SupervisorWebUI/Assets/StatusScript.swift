/// `scripts/status.js`: keeps the status page live. It polls `status.json` every second and redraws the rows
/// (text only, through `textContent`: nothing the daemon reports is parsed as HTML), and turns the action links
/// into `POST action.json` requests so a click never reloads the page. Without it the links work as Supervisor's.
enum StatusScript {
    static let text = #"""
        (() => {
          'use strict';
          const POLL_MS = 1000;
          const message = document.getElementById('statusmessage');
          const live = document.getElementById('live');
          const daemonState = document.getElementById('daemon-state');
          const identification = document.getElementById('identification');
          let lastShape = null;
          let pending = 0;
          let pollTimer = null;

          const el = (tag, attrs, text) => {
            const node = document.createElement(tag);
            for (const [k, v] of Object.entries(attrs || {})) if (v !== null && v !== undefined) node.setAttribute(k, v);
            if (text !== undefined) node.textContent = text;
            return node;
          };
          const actionHref = (action, namespec) =>
            'index.html?processname=' + encodeURIComponent(namespec) + '&action=' + action;
          const TITLES = { start: 'Start', restart: 'Restart', stop: 'Stop', clearlog: 'Clear Log',
            startgroup: 'Start group', stopgroup: 'Stop group', restartgroup: 'Restart group' };
          const actionLink = (action, namespec) => el('a', { href: actionHref(action, namespec), name: TITLES[action],
            'data-action': action, 'data-namespec': namespec }, TITLES[action]);

          function showMessage(text, kind) {
            message.textContent = text;
            message.className = 'status_msg' + (kind ? ' ' + kind : '');
          }

          function processRow(p, shaded) {
            const tr = el('tr', { class: shaded ? 'shade' : '', 'data-namespec': p.namespec });
            const status = el('td', { class: 'status' });
            status.appendChild(el('span', { class: p.cssclass }, p.statename.toLowerCase()));
            tr.appendChild(status);
            const desc = el('td', { class: 'desc' });
            desc.appendChild(el('span', {}, p.description));
            tr.appendChild(desc);
            const name = el('td', { class: 'name' });
            name.appendChild(el('a', { href: 'tail.html?processname=' + encodeURIComponent(p.namespec) }, p.namespec));
            tr.appendChild(name);
            tr.appendChild(el('td', { class: 'pid' }, p.pid ? String(p.pid) : ''));
            tr.appendChild(el('td', { class: 'uptime' }, p.uptime || ''));
            tr.appendChild(el('td', { class: 'exit' }, p.exitstatus === null ? '' : String(p.exitstatus)));
            const actions = el('td', { class: 'action' });
            const ul = el('ul');
            for (const action of p.actions.concat(['clearlog'])) {
              const li = el('li');
              li.appendChild(actionLink(action, p.namespec));
              ul.appendChild(li);
            }
            for (const [suffix, title] of [['', 'Tail -f Stdout'], ['/stderr', 'Tail -f Stderr']]) {
              const li = el('li');
              li.appendChild(el('a', { href: 'logtail/' + encodeURIComponent(p.namespec) + suffix, name: title,
                target: '_blank' }, title));
              ul.appendChild(li);
            }
            actions.appendChild(ul);
            tr.appendChild(actions);
            return tr;
          }

          function groupRow(group, members) {
            const tr = el('tr', { class: 'group-row', 'data-group': group });
            const th = el('th', { colspan: '7' });
            th.appendChild(el('span', { class: 'group-name' }, group));
            th.appendChild(document.createTextNode(' '));
            const running = members.filter((p) => p.state === 20).length;
            th.appendChild(el('span', { class: 'group-count' }, running + '/' + members.length + ' running'));
            const ul = el('ul', { class: 'group-actions' });
            for (const action of ['startgroup', 'stopgroup', 'restartgroup']) {
              const li = el('li');
              li.appendChild(actionLink(action, group));
              ul.appendChild(li);
            }
            th.appendChild(ul);
            tr.appendChild(th);
            return tr;
          }

          function render(processes) {
            const tbody = document.getElementById('tbody');
            if (!tbody) { if (processes.length) location.reload(); return; }
            if (!processes.length) { location.reload(); return; }
            // Rebuild when anything but the running clocks changed; otherwise only the clocks move.
            const shape = JSON.stringify(processes.map((p) =>
              [p.namespec, p.state, p.pid, p.exitstatus, p.state === 20 ? '' : p.description, p.actions]));
            if (shape !== lastShape) {
              lastShape = shape;
              const groups = [];
              for (const p of processes) {
                const last = groups[groups.length - 1];
                if (last && last.name === p.group) last.members.push(p); else groups.push({ name: p.group, members: [p] });
              }
              const fragment = document.createDocumentFragment();
              let shaded = false;
              for (const g of groups) {
                if (!(g.members.length === 1 && g.members[0].name === g.name)) fragment.appendChild(groupRow(g.name, g.members));
                for (const p of g.members) { fragment.appendChild(processRow(p, shaded)); shaded = !shaded; }
              }
              tbody.replaceChildren(fragment);
            } else {
              const rows = tbody.querySelectorAll('tr[data-namespec]');
              processes.forEach((p, i) => {
                const tr = rows[i];
                if (!tr) return;
                tr.querySelector('td.desc span').textContent = p.description;
                tr.querySelector('td.uptime').textContent = p.uptime || '';
              });
            }
          }

          // One poll at a time: a poll asked for while one runs happens right after it, and only the last poll
          // of a run schedules the next, so actions never multiply the polling.
          let polling = false;
          let pollAgain = false;
          async function poll() {
            if (polling) { pollAgain = true; return; }
            polling = true;
            clearTimeout(pollTimer);
            try {
              if (!document.hidden) {
                const response = await fetch('status.json', { cache: 'no-store', credentials: 'same-origin' });
                if (!response.ok) throw new Error('HTTP ' + response.status);
                const status = await response.json();
                daemonState.textContent = status.supervisor.state;
                identification.textContent = status.supervisor.identification;
                render(status.processes);
                live.textContent = 'live';
                live.className = 'live on';
              }
            } catch (error) {
              live.textContent = 'offline';
              live.className = 'live off';
            } finally {
              polling = false;
            }
            if (pollAgain) { pollAgain = false; poll(); return; }
            pollTimer = setTimeout(poll, POLL_MS);
          }
          document.addEventListener('visibilitychange', () => { if (!document.hidden) poll(); });

          async function runAction(action, namespec) {
            const body = new URLSearchParams({ action });
            if (namespec) body.set('processname', namespec);
            const subject = namespec ? ' ' + namespec : '';
            showMessage('Running ' + action + subject + '…', 'pending');
            pending += 1;
            document.body.classList.add('busy');
            setTimeout(poll, 150);
            try {
              const response = await fetch('action.json', { method: 'POST', body, credentials: 'same-origin',
                headers: { Accept: 'application/json' } });
              const result = await response.json();
              showMessage(result.message || result.error || ('HTTP ' + response.status),
                response.ok && result.ok !== false ? '' : 'error');
            } catch (error) {
              showMessage('The action failed: ' + error, 'error');
            } finally {
              pending -= 1;
              if (!pending) document.body.classList.remove('busy');
              poll();
            }
          }

          document.addEventListener('click', (event) => {
            const link = event.target.closest('a[data-action]');
            if (!link || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey) return;
            event.preventDefault();
            const action = link.getAttribute('data-action');
            if ((action === 'stopall' || action === 'restartall') && !confirm(link.textContent + '?')) return;
            runAction(action, link.getAttribute('data-namespec'));
          });

          // Drop ?message= from the address bar so a reload does not show an old message again.
          if (location.search) history.replaceState(null, '', location.pathname);
          poll();
        })();
        """#
}
