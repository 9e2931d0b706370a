/// The commands that belong to the shell itself: `help`, `EOF`, `exit` and `quit`.
extension Controller {
    /// `help` lists the commands; `help <command>` prints its help; `help help` the controller's own.
    func help(_ argument: String) {
        if PythonText.strip(argument) == "help" {
            output(HelpTexts.help)
        } else if argument.isEmpty {
            console.write(HelpTexts.topicList)
        } else if let text = HelpTexts.topics[argument] {
            output(text)
        } else {
            output(HelpTexts.noHelp(argument))
        }
    }

    /// `EOF` (what the shell runs at end of input), `exit` and `quit`: an empty line, then stop.
    func endOfFile() -> Bool {
        output("")
        return true
    }
}

/// The command table: each name the controller dispatches, as Supervisor's `do_*` methods.
enum CommandTable {
    /// Runs a command with its argument text; returns true to leave the shell.
    typealias Handler = @Sendable (Controller, String) throws(CtlError) -> Bool

    /// Every command, by name.
    static let handlers: [String: Handler] = [
        "add": { (c, a) throws(CtlError) in try c.add(a); return false },
        "avail": { (c, a) throws(CtlError) in try c.avail(a); return false },
        "clear": { (c, a) throws(CtlError) in try c.clear(a); return false },
        "EOF": { (c, _) in c.endOfFile() },
        "exit": { (c, _) in c.endOfFile() },
        "fg": { (c, a) throws(CtlError) in try c.foreground(a); return false },
        "help": { (c, a) in c.help(a); return false },
        "maintail": { (c, a) throws(CtlError) in try c.maintail(a); return false },
        "open": { (c, a) throws(CtlError) in try c.open(a); return false },
        "pid": { (c, a) throws(CtlError) in try c.pid(a); return false },
        "quit": { (c, _) in c.endOfFile() },
        "reload": { (c, a) throws(CtlError) in try c.reload(a); return false },
        "remove": { (c, a) throws(CtlError) in try c.remove(a); return false },
        "reread": { (c, a) throws(CtlError) in try c.reread(a); return false },
        "restart": { (c, a) throws(CtlError) in try c.restart(a); return false },
        "shutdown": { (c, a) throws(CtlError) in try c.shutdown(a); return false },
        "signal": { (c, a) throws(CtlError) in try c.signal(a); return false },
        "start": { (c, a) throws(CtlError) in try c.start(a); return false },
        "status": { (c, a) throws(CtlError) in try c.status(a); return false },
        "stop": { (c, a) throws(CtlError) in try c.stop(a); return false },
        "tail": { (c, a) throws(CtlError) in try c.tail(a); return false },
        "update": { (c, a) throws(CtlError) in try c.update(a); return false },
        "version": { (c, a) throws(CtlError) in try c.version(a); return false },
    ]

    static func handler(for name: String) -> Handler? { handlers[name] }

    /// Names offered by tab completion for the first word, in Supervisor's order (`help`, then the default
    /// plugin's commands alphabetically, `help` again among them; duplicates are dropped when shown).
    static let vocabulary = ["help"] + handlers.keys.filter { $0 != "EOF" }.sorted()
}
