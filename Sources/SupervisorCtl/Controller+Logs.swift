import SupervisorClient
import XMLRPC

/// `tail` and `maintail` (spec `ctl.md` §3): log slices by XML-RPC, and `-f` by streaming `/logtail/…` or
/// `/mainlogtail` until Ctrl-C.
extension Controller {
    func tail(_ argument: String) throws(CtlError) {
        guard try upcheck() else { return }
        var args = PythonText.split(argument)
        if args.isEmpty {
            output("Error: too few arguments")
            exitStatus = ExitStatus.generic
            printHelp("tail")
            return
        }
        if args.count > 3 {
            output("Error: too many arguments")
            exitStatus = ExitStatus.generic
            printHelp("tail")
            return
        }
        var modifier: String?
        if args[0].hasPrefix("-") { modifier = args.removeFirst() }
        let name: String
        var channel = "stdout"
        if args.count == 1 {
            name = args[0]
        } else if !args.isEmpty {
            name = args[0]
            channel = args[args.count - 1].lowercased()
            guard channel == "stderr" || channel == "stdout" else {
                output("Error: bad channel \(PythonText.repr(channel))")
                exitStatus = ExitStatus.generic
                return
            }
        } else {
            output("Error: tail requires process name")
            exitStatus = ExitStatus.generic
            return
        }
        var bytes = 1600
        if let modifier {
            let what = String(modifier.dropFirst())
            if what == "f" {
                try follow("/logtail/\(name)/\(channel)")
                return
            }
            guard let count = try byteCount(what) else {
                output("Error: bad argument \(modifier)")
                exitStatus = ExitStatus.generic
                return
            }
            bytes = count
        }
        let method = channel == "stdout" ? "readProcessStdoutLog" : "readProcessStderrLog"
        do {
            let text = try supervisor(method, .string(name), try xmlrpcInt(-bytes), 0)
            output(Formatting.pythonString(text))
        } catch where error.faultCode != nil {
            exitStatus = ExitStatus.generic
            switch error.faultCode {
            case Fault.noFile: output("\(name): ERROR (no log file)")
            case Fault.failed: output("\(name): ERROR (unknown error reading log)")
            case Fault.badName: output("\(name): ERROR (no such process name)")
            default: throw error
            }
        }
    }

    func maintail(_ argument: String) throws(CtlError) {
        guard try upcheck() else { return }
        let args = PythonText.split(argument)
        var bytes = 1600
        if args.count > 1 {
            output("Error: too many arguments")
            exitStatus = ExitStatus.generic
            printHelp("maintail")
            return
        } else if args.count == 1 {
            guard args[0].hasPrefix("-") else {
                output("Error: bad argument \(args[0])")
                exitStatus = ExitStatus.generic
                return
            }
            let what = String(args[0].dropFirst())
            if what == "f" {
                try follow("/mainlogtail")
                return
            }
            guard let count = try byteCount(what) else {
                output("Error: bad argument \(args[0])")
                exitStatus = ExitStatus.generic
                return
            }
            bytes = count
        }
        do {
            output(Formatting.pythonString(try supervisor("readLog", try xmlrpcInt(-bytes), 0)))
        } catch where error.faultCode != nil {
            exitStatus = ExitStatus.generic
            switch error.faultCode {
            case Fault.noFile: output("supervisord: ERROR (no log file)")
            case Fault.failed: output("supervisord: ERROR (unknown error reading log)")
            default: throw error
            }
        }
    }

    /// Python's `int(what)` for a byte count: nil when it is not an integer. A number too large for Python's
    /// XML-RPC encoder fails as it does there.
    private func byteCount(_ what: String) throws(CtlError) -> Int? {
        switch PythonText.int(what) {
        case .value(let value): return value
        case .invalid: return nil
        case .overflow: throw CtlError(.python(className: "OverflowError", message: "int exceeds XML-RPC limits"))
        }
    }

    /// An XML-RPC `int`, refused outside the signed 32-bit range as Python's encoder does.
    private func xmlrpcInt(_ value: Int) throws(CtlError) -> XMLRPCValue {
        guard (Int(Int32.min)...Int(Int32.max)).contains(value) else {
            throw CtlError(.python(className: "OverflowError", message: "int exceeds XML-RPC limits"))
        }
        return .int(value)
    }

    /// Supervisor's `_tailf`: prints the banner, then streams `path` to standard output until the server ends it
    /// or Ctrl-C (which prints an empty line). A refused stream is reported on standard error as Supervisor's
    /// HTTP client does, without changing the exit status.
    func follow(_ path: String) throws(CtlError) {
        output("==> Press Ctrl-C to exit <==")
        let url = options.serverURL + path
        let rpc = try rpc()
        let cancellation: StreamCancellation
        do {
            cancellation = try StreamCancellation()
        } catch {
            throw CtlError(.client(error))
        }
        let console = self.console
        let interrupted = Interrupts.streaming(cancellation) { () -> Void in
            do throws(ClientError) {
                _ = try rpc.streamGet(path: path, cancellation: cancellation) { chunk in
                    console.writeBytes(chunk)
                    return .keepReading
                }
            } catch {
                console.writeError(Self.streamErrorLine(url: url, error: error))
            }
        }
        if interrupted { output("") }
    }

    /// What Supervisor's tail client writes to standard error when a stream fails.
    static func streamErrorLine(url: String, error: ClientError) -> String {
        if case .httpStatus(let code, _) = error {
            return "\(url) Cannot read, status code \(code)\n"
        }
        let (className, message) = CtlError(.client(error)).pythonException
        return "\(url) Cannot connect, error: <class '\(className)'> (\(message))\n"
    }
}
