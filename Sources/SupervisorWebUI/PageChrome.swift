/// The parts every page shares: the document head (our stylesheet and one script, nothing from elsewhere), the
/// header bar with the supervisor's state, and the footer.
enum PageChrome {
    static func head(title: String, script: String, bodyClass: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(HTMLEscaping.escape(title))</title>
        <link href="stylesheets/supervisor.css" rel="stylesheet" type="text/css">
        <link href="images/icon.svg" rel="icon" type="image/svg+xml">
        <script src="\(script)" defer></script>
        </head>
        <body class="\(bodyClass)">

        """
    }

    static func header(identification: String, state: String) -> String {
        """
        <header id="header">
        <a class="brand" href="index.html"><img src="images/icon.svg" alt="" width="28" height="28"> Supervisor</a>
        <span class="ident" id="identification">\(HTMLEscaping.escape(identification))</span>
        <span class="daemon-state" id="daemon-state">\(HTMLEscaping.escape(state))</span>
        <span class="live" id="live" title="Updates arrive without reloading the page">static</span>
        </header>

        """
    }

    static func footer(version: String) -> String {
        """
        <footer id="footer" class="clr">
        <div class="left">Supervisor <span id="supervisor_version">\(HTMLEscaping.escape(version))</span> \
        (swift-supervisor)</div>
        </footer>
        </body>
        </html>

        """
    }
}
