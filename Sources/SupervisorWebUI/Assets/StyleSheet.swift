/// `stylesheets/supervisor.css` (Supervisor's path): one stylesheet for both pages, readable on a phone (the table
/// becomes one card per process below 720 px).
enum StyleSheet {
    static let text = #"""
        :root { --bg: #f4f6f8; --card: #fff; --ink: #1d2329; --muted: #5f6b76; --line: #dde3e8;
          --green: #1f8a4c; --red: #c0392b; --amber: #b7791f; --blue: #2463a6; --head: #17212b; }
        * { box-sizing: border-box; }
        html, body { margin: 0; padding: 0; }
        body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif;
          background: var(--bg); color: var(--ink); }
        a { color: var(--blue); }
        .hidden { display: none !important; }
        #header { display: flex; align-items: center; gap: 12px; flex-wrap: wrap; padding: 10px 18px;
          background: var(--head); color: #fff; }
        #header .brand { display: flex; align-items: center; gap: 8px; color: #fff; text-decoration: none;
          font-weight: 700; font-size: 18px; }
        #header .ident { color: #b8c4ce; }
        .daemon-state { font-size: 12px; font-weight: 700; padding: 2px 8px; border-radius: 10px;
          background: #2c3a47; letter-spacing: .04em; }
        .live { margin-left: auto; font-size: 12px; color: #b8c4ce; }
        .live::before { content: ""; display: inline-block; width: 8px; height: 8px; border-radius: 50%;
          background: #7d8a96; margin-right: 6px; vertical-align: 1px; }
        .live.on::before { background: #3ddc84; }
        .live.off::before { background: #ff6b5b; }
        #content { max-width: 1200px; margin: 0 auto; padding: 16px 18px 32px; }
        .status_msg { margin: 0 0 14px; padding: 10px 14px; background: #e8f4ec; border: 1px solid #b9dfc6;
          border-radius: 6px; }
        .status_msg.error { background: #fbeaea; border-color: #efc0bb; }
        .status_msg.pending { background: #eef3fa; border-color: #c5d6ee; }
        #buttons { list-style: none; display: flex; flex-wrap: wrap; gap: 8px; margin: 0 0 14px; padding: 0; }
        .action-button a, a.button, button, .action ul a, .group-actions a {
          display: inline-block; padding: 5px 11px; border: 1px solid var(--line); border-radius: 6px;
          background: var(--card); color: var(--ink); text-decoration: none; font: inherit; font-size: 13px;
          cursor: pointer; white-space: nowrap; }
        .action-button a:hover, a.button:hover, button:hover, .action ul a:hover, .group-actions a:hover {
          border-color: var(--blue); color: var(--blue); }
        a[data-action="stop"], a[data-action="stopall"], a[data-action="stopgroup"] { color: var(--red); }
        a[data-action="start"], a[data-action="startgroup"] { color: var(--green); }
        body.busy a[data-action] { opacity: .6; }
        table#statustable { width: 100%; border-collapse: collapse; background: var(--card);
          border: 1px solid var(--line); border-radius: 8px; overflow: hidden; }
        #statustable th, #statustable td { text-align: left; padding: 8px 10px; border-bottom: 1px solid var(--line);
          vertical-align: middle; }
        #statustable thead th { background: #eef1f4; font-size: 12px; text-transform: uppercase; color: var(--muted);
          letter-spacing: .04em; }
        #statustable tr.shade td { background: #fafbfc; }
        #statustable td.pid, #statustable td.uptime, #statustable td.exit { font-variant-numeric: tabular-nums;
          font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 13px; }
        tr.group-row th { background: #e9eef3; font-size: 13px; }
        .group-name { font-weight: 700; }
        .group-count { color: var(--muted); margin: 0 8px; font-weight: 400; }
        .group-actions { display: inline-flex; gap: 6px; list-style: none; margin: 0; padding: 0; }
        .group-actions a { padding: 2px 8px; font-size: 12px; }
        td.status span { display: inline-block; min-width: 76px; text-align: center; padding: 2px 8px;
          border-radius: 10px; font-size: 12px; font-weight: 700; text-transform: uppercase; letter-spacing: .03em; }
        .statusrunning { background: #dff3e6; color: var(--green); }
        .statuserror { background: #fbe3e0; color: var(--red); }
        .statusnominal { background: #eceff2; color: var(--muted); }
        td.name a { font-weight: 600; text-decoration: none; }
        td.desc { color: var(--muted); font-size: 13px; }
        td.action ul { list-style: none; display: flex; flex-wrap: wrap; gap: 5px; margin: 0; padding: 0; }
        td.action ul a { padding: 2px 8px; font-size: 12px; }
        #footer { max-width: 1200px; margin: 0 auto; padding: 8px 18px 20px; color: var(--muted); font-size: 12px; }
        /* Tail page */
        .tail-toolbar { display: flex; flex-wrap: wrap; align-items: center; gap: 8px; margin-bottom: 10px; }
        .tail-title { font-size: 18px; margin: 0 8px 0 0; }
        .channel-switch { display: inline-flex; }
        .channel-switch button { border-radius: 0; }
        .channel-switch button:first-child { border-radius: 6px 0 0 6px; }
        .channel-switch button:last-child { border-radius: 0 6px 6px 0; border-left: 0; }
        .channel-switch button.selected { background: var(--head); color: #fff; border-color: var(--head); }
        #tail-search { padding: 5px 9px; border: 1px solid var(--line); border-radius: 6px; font: inherit;
          font-size: 13px; min-width: 180px; }
        #tail-pause.paused { background: var(--amber); color: #fff; border-color: var(--amber); }
        .tail-status { color: var(--muted); font-size: 13px; }
        #tailbody { background: #10161c; color: #d8e0e6; padding: 12px 14px; border-radius: 8px; margin: 0;
          height: calc(100vh - 200px); min-height: 260px; overflow: auto; white-space: pre-wrap; word-break: break-all;
          font: 13px/1.45 ui-monospace, "DejaVu Sans Mono", monospace; }
        #tailbody .line { display: block; }
        #tailbody mark { background: #f4d35e; color: #10161c; border-radius: 2px; }
        .tail-links { margin-top: 10px; display: flex; gap: 8px; }
        @media (max-width: 720px) {
          #content { padding: 10px; }
          #statustable thead { display: none; }
          #statustable, #statustable tbody, #statustable tr, #statustable td, #statustable th { display: block;
            width: 100%; }
          #statustable tr { display: flex; flex-wrap: wrap; align-items: center; column-gap: 4px;
            border-bottom: 1px solid var(--line); padding: 8px 4px; }
          #statustable td { border: 0; padding: 2px 8px; width: auto; }
          #statustable td.name { order: -2; font-size: 17px; }
          #statustable td.status { order: -1; margin-left: auto; }
          #statustable td.desc, #statustable td.action { width: 100%; }
          #statustable tr.group-row th { width: 100%; }
          #statustable td.pid:not(:empty)::before { content: "pid "; color: var(--muted); }
          #statustable td.uptime:not(:empty)::before { content: "uptime "; color: var(--muted); }
          #statustable td.exit:not(:empty)::before { content: "exit status "; color: var(--muted); }
          #statustable td:empty { display: none; }
          td.action ul a { padding: 6px 12px; font-size: 14px; }
          #tailbody { height: calc(100vh - 240px); }
        }
        """#
}
