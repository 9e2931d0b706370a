import Dispatch
import SupervisorClient
import Synchronization
import XMLRPC

/// `fg <name>` (spec `ctl.md` §3): streams the process's stdout and stderr logs while sending every typed line to
/// its stdin, until Ctrl-C, end of input, or the process stops running.
extension Controller {
    func foreground(_ argument: String) throws(CtlError) {
        guard try upcheck() else { return }
        let names = PythonText.split(argument)
        if names.isEmpty {
            output("ERROR: no process name supplied")
            exitStatus = ExitStatus.generic
            printHelp("fg")
            return
        }
        if names.count > 1 {
            output("ERROR: too many process names supplied")
            exitStatus = ExitStatus.generic
            return
        }
        let name = names[0]
        let info: XMLRPCValue
        do {
            info = try supervisor("getProcessInfo", .string(name))
        } catch where error.faultCode != nil {
            if error.faultCode == Fault.badName {
                output("ERROR: bad process name supplied")
                exitStatus = ExitStatus.generic
            } else {
                output("ERROR: " + Self.faultText(error))
            }
            return
        }
        guard ProcessInfo(info).state == ProcessInfo.running else {
            output("ERROR: process not running")
            exitStatus = ExitStatus.generic
            return
        }
        output("==> Press Ctrl-C to exit <==")

        let cancellation: StreamCancellation
        do {
            cancellation = try StreamCancellation()
        } catch {
            throw CtlError(.client(error))
        }
        let streams = LogStreams(rpc: try rpc(), console: console, serverURL: options.serverURL)
        streams.start(paths: ["/logtail/\(name)/stdout", "/logtail/\(name)/stderr"], cancellation: cancellation)
        defer {
            cancellation.cancel()
            streams.wait()
        }
        while true {
            let (input, interrupted) = Interrupts.remembering {
                console.readLine(prompt: "", editing: false)
            }
            guard !interrupted, case .line(let line) = input else {
                output("Exiting foreground")
                return
            }
            do {
                try supervisor("sendProcessStdin", .string(name), .string(line + "\n"))
            } catch where error.faultCode != nil {
                output(error.faultCode == Fault.notRunning ? "Process got killed" : "ERROR: " + Self.faultText(error))
                output("Exiting foreground")
                return
            }
            if ProcessInfo(try supervisor("getProcessInfo", .string(name))).state != ProcessInfo.running {
                output("Process got killed")
                output("Exiting foreground")
                return
            }
        }
    }

    /// Python's `str(Fault)`: `<Fault 10: 'BAD_NAME: foo'>`.
    private static func faultText(_ error: CtlError) -> String {
        "<Fault \(error.faultCode ?? 0): \(PythonText.repr(error.faultString ?? ""))>"
    }
}

/// The two log streams of `fg`, each on a thread of its own (they block in `poll`), writing to the console as
/// data arrives.
final class LogStreams: @unchecked Sendable {
    // @unchecked Sendable: `rpc` and `console` are used from the stream threads only for `streamGet` (which opens
    // its own connection and is documented to run beside calls) and for unbuffered writes, which are serialised
    // by `writeLock`. `group` is a DispatchGroup, which is thread-safe.
    private let rpc: any SupervisorRPC
    private let console: any CtlConsole
    private let serverURL: String
    private let writeLock = Mutex(())
    private let group = DispatchGroup()

    init(rpc: any SupervisorRPC, console: any CtlConsole, serverURL: String) {
        self.rpc = rpc
        self.console = console
        self.serverURL = serverURL
    }

    func start(paths: [String], cancellation: StreamCancellation) {
        for path in paths {
            group.enter()
            DispatchQueue.global().async {
                defer { self.group.leave() }
                do throws(ClientError) {
                    _ = try self.rpc.streamGet(path: path, cancellation: cancellation) { chunk in
                        self.writeLock.withLock { _ in self.console.writeBytes(chunk) }
                        return .keepReading
                    }
                } catch {
                    let line = Controller.streamErrorLine(url: self.serverURL + path, error: error)
                    self.writeLock.withLock { _ in self.console.writeError(line) }
                }
            }
        }
    }

    func wait() {
        group.wait()
    }
}
