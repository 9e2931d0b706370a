import ArgumentParser
import SupervisorConfig
import SupervisorRuntime

#if canImport(Glibc)
import Glibc
#endif

// Stays synchronous until the daemon has forked: no threads may exist before fork (see STACK.md §5).

// A parent may start us with signals blocked (Foundation's Process does); then TERM and HUP would never arrive.
var emptySignalSet = sigset_t()
sigemptyset(&emptySignalSet)
sigprocmask(SIG_SETMASK, &emptySignalSet, nil)

MemoryTuning.returnLargeBuffersToTheSystem()

let argv0 = CommandLine.arguments.first ?? "supervisord"
if CommandLine.arguments.dropFirst().contains(where: HelpText.isHelpRequest) {
    print(HelpText.text(argv0: argv0), terminator: "")
    exit(0)
}
let command: SupervisordCommand
do {
    command = try SupervisordCommand.parse(Array(CommandLine.arguments.dropFirst()))
} catch {
    if SupervisordCommand.exitCode(for: error) == .success {
        print(SupervisordCommand.fullMessage(for: error))
        exit(0)
    }
    Usage.fail(SupervisordCommand.message(for: error), argv0: argv0)
}
if command.version {
    print(SupervisorVersion.string)
    exit(0)
}
let configuration = ConfigurationLoading.load(command, argv0: argv0)
if command.checkConfig {
    CheckConfig.report(configuration)
    exit(0)
}
DaemonRunner(command: command, argv0: argv0).start(configuration)
