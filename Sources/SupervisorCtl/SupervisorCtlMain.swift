import Glibc
import LineEditor
import SupervisorConfig

/// The whole `supervisorctl` program, so its executable is one line.
public enum SupervisorCtlMain {
    /// Runs `supervisorctl` with `arguments` (`argv`, the program name first) and returns the exit status.
    public static func run(arguments: [String]) -> Int32 {
        let progname = arguments.first ?? "supervisorctl"
        let invocation = CtlOptionsParser(context: .live()).realize(Array(arguments.dropFirst()), progname: progname)
        switch invocation {
        case .help(let text):
            TerminalConsole.writeAll(STDOUT_FILENO, Array(text.utf8))
            return ExitStatus.success
        case .usageError(let message):
            TerminalConsole.writeAll(STDERR_FILENO, Array("Error: \(message)\nFor help, use \(progname) -h\n".utf8))
            return ExitStatus.invalidArguments
        case .run(let options):
            return run(options)
        }
    }

    private static func run(_ options: CtlOptions) -> Int32 {
        let shell = options.arguments.isEmpty
        let console = TerminalConsole(editor: shell || options.interactive ? makeLineEditor(programName: "supervisorctl") : nil)
        for plugin in options.ignoredPlugins {
            console.writeError("Warning: [\(plugin)] ignored: controller plugins are Python code, which this "
                + "supervisorctl cannot load\n")
        }
        Interrupts.install()
        let controller = Controller(options: options, console: console, connect: liveConnectionFactory)
        if !shell {
            controller.runLine(options.arguments.joined(separator: " "))
            return controller.exitStatus
        }
        Shell(controller: controller, console: console).run()
        return ExitStatus.success
    }
}
