import Testing

@testable import SupervisorCtl

/// Help and usage output as exact strings (STYLE.md §7.6), captured from Supervisor 4.3.0's supervisorctl.
@Suite struct HelpTextsTests {
    @Test func topicListIsCmdsColumnLayout() {
        #expect(HelpTexts.topicList == "\ndefault commands (type help <topic>):\n"
            + "=====================================\n"
            + "add    exit      open  reload  restart   start   tail   \n"
            + "avail  fg        pid   remove  shutdown  status  update \n"
            + "clear  maintail  quit  reread  signal    stop    version\n\n")
    }

    @Test func commandHelpTexts() {
        #expect(HelpTexts.topics["start"] == "start <name>\t\tStart a process\nstart <gname>:*\t\tStart all processes in a group\nstart <name> <name>\tStart multiple processes or groups\nstart all\t\tStart all processes")
        #expect(HelpTexts.topics["maintail"] == "maintail -f \tContinuous tail of supervisor main log file (Ctrl-C to exit)\nmaintail -100\tlast 100 *bytes* of supervisord main log file\nmaintail\tlast 1600 *bytes* of supervisor main log file\n")
        #expect(HelpTexts.topics["tail"] == "tail [-f] <name> [stdout|stderr] (default stdout)\nEx:\ntail -f <name>\t\tContinuous tail of named process stdout\n\t\t\tCtrl-C to exit.\ntail -100 <name>\tlast 100 *bytes* of process stdout\ntail <name> stderr\tlast 1600 *bytes* of process stderr")
        #expect(HelpTexts.topics["reread"] == "reread \t\t\tReload the daemon's configuration files without add/remove")
        #expect(HelpTexts.topics["open"] == "open <url>\tConnect to a remote supervisord process.\n\t\t(for UNIX domain socket, use unix:///socket/path)")
        #expect(HelpTexts.help == "help\t\tPrint a list of available actions\nhelp <action>\tPrint help for <action>")
        #expect(HelpTexts.topics.count == 21)
    }

    @Test func usageTextEndsWithTheExitStatuses() {
        let text = UsageText.help(progname: "sc")
        #expect(text.hasPrefix("""
            supervisorctl -- control applications run by supervisord from the cmd line.

            Usage: sc [options] [action [arguments]]

            Options:
            -c/--configuration FILENAME -- configuration file path (searches if not given)
            -h/--help -- print usage message and exit
            -i/--interactive -- start an interactive shell after executing commands
            -s/--serverurl URL -- URL on which supervisord server is listening
                 (default "http://localhost:9001").
            -u/--username USERNAME -- username to use for authentication with server
            -p/--password PASSWORD -- password to use for authentication with server
            -r/--history-file -- keep a readline history (if readline is available)

            action [arguments] -- see below

            Actions are commands like "tail" or "stop".  If -i is specified or no action is
            specified on the command line, a "shell" interpreting actions typed
            interactively is started.  Use the action "help" to find out about available
            actions.

            Exit status (of an action given on the command line; the interactive shell always exits 0):
              0  success
            """))
        #expect(text.hasSuffix("     or the unix socket file does not exist\n\n"))
    }

    @Test func columnizeEdgeCases() {
        #expect(Columnize.lines([], displayWidth: 79) == ["<empty>"])
        #expect(Columnize.lines(["one"], displayWidth: 79) == ["one"])
        #expect(Columnize.lines(["aaaa", "bbbb", "cc"], displayWidth: 9) == ["aaaa  cc", "bbbb"])
        #expect(Columnize.lines(["aaaaaaaaaa", "bbbbbbbbbb"], displayWidth: 5) == ["aaaaaaaaaa", "bbbbbbbbbb"])
    }
}
