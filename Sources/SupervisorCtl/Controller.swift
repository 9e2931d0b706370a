import SupervisorClient
import XMLRPC

/// Runs `supervisorctl` command lines the way Supervisor's `Controller` (a Python `cmd.Cmd`) does: parses the
/// line, dispatches to the command, turns errors into Supervisor's messages and tracks the exit status.
///
/// One controller serves a whole session: a single command-line action, or every line of the shell. It keeps one
/// connection open across calls and opens a new one when the server URL or the credentials change.
public final class Controller {
    /// The session's settings; `open` changes the URL, a 401 in the shell the credentials.
    public internal(set) var options: CtlOptions
    /// The status a command-line action exits with. It only moves away from 0 (spec `ctl.md` §2).
    public internal(set) var exitStatus: Int32 = ExitStatus.success
    let console: any CtlConsole
    private let makeConnection: ConnectionFactory
    private var connection: (target: ConnectionTarget, rpc: any SupervisorRPC)?
    /// `getAllProcessInfo` cached for tab completion until the next command, as Supervisor does.
    var completionInfo: [ProcessInfo]?

    /// Creates a controller.
    /// - Parameters:
    ///   - options: the realized options.
    ///   - console: where output goes and input comes from.
    ///   - connect: opens connections; ``liveConnectionFactory`` for the real thing.
    public init(options: CtlOptions, console: any CtlConsole, connect: @escaping ConnectionFactory) {
        self.options = options
        self.console = console
        self.makeConnection = connect
    }

    // MARK: - Output

    /// Supervisor's `ctl.output`: the message and a newline on standard output.
    func output(_ message: String) {
        console.write(message + "\n")
    }

    // MARK: - Dispatch

    /// Python's `cmd.Cmd.parseline`: strips the line, turns a leading `?` into `help `, and splits off the
    /// command as the leading run of ASCII letters, digits and `_`. A leading `!` (no `shell` command) yields no
    /// command.
    static func parseLine(_ raw: String) -> (command: String?, argument: String, line: String) {
        var line = PythonText.strip(raw)
        if line.isEmpty { return (nil, "", line) }
        if line.hasPrefix("?") {
            line = "help " + line.dropFirst()
        } else if line.hasPrefix("!") {
            return (nil, "", line)
        }
        let scalars = line.unicodeScalars
        let end = scalars.firstIndex { !($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_")) }
            ?? scalars.endIndex
        let command = String(scalars[..<end])
        let argument = PythonText.strip(String(scalars[end...]))
        return (command, argument, line)
    }

    /// Runs one line. Returns true when the shell should stop (`EOF`, `exit`, `quit`).
    ///
    /// A 401 from the server prints `Server requires authentication`; in the shell (and with `-i`) it then asks
    /// for a user name and password and runs the line again. Otherwise Supervisor runs the command a second
    /// time, which fails the same way and prints the error line; that is kept, so scripts see the same output.
    @discardableResult
    public func runLine(_ rawLine: String) -> Bool {
        let (command, argument, line) = Self.parseLine(rawLine)
        if line.isEmpty { return false }
        guard let command, !command.isEmpty, let handler = CommandTable.handler(for: command) else {
            unknownSyntax(line)
            return false
        }
        completionInfo = nil
        do throws(CtlError) {
            do throws(CtlError) {
                return try handler(self, argument)
            } catch let error where error.clientError?.requiresAuthentication == true {
                output("Server requires authentication")
                if options.interactive {
                    let username = try ask(prompt: "Username:")
                    let password = try askPassword(prompt: "Password:")
                    output("")
                    options.username = username
                    options.password = password
                    return runLine(line)
                }
                exitStatus = ExitStatus.generic
            } catch let error where error.clientError.map(Self.isProtocolError) == true {
                exitStatus = ExitStatus.generic
                throw error
            }
            _ = try handler(self, argument)
        } catch {
            output(error.pythonErrorLine)
            exitStatus = ExitStatus.generic
        }
        return false
    }

    private static func isProtocolError(_ error: ClientError) -> Bool {
        if case .httpStatus = error { return true }
        return false
    }
}

extension ClientError {
    /// True for the errors Python raises as `socket.error` (`OSError`) subclasses: system-call failures, name
    /// lookups, timeouts, and `RemoteDisconnected` (a `ConnectionResetError`).
    var isPythonSocketError: Bool {
        switch self {
        case .socket, .hostLookup, .timedOut, .closedBeforeResponse: return true
        default: return false
        }
    }
}

extension Controller {
    private func unknownSyntax(_ line: String) {
        output("*** Unknown syntax: \(line)")
        exitStatus = ExitStatus.generic
    }

    /// Python's `raw_input(prompt)`: end of input raises `EOFError`.
    func ask(prompt: String, file: String = #fileID, line: Int = #line) throws(CtlError) -> String {
        switch console.readLine(prompt: prompt, editing: true) {
        case .line(let text): return text
        case .endOfInput, .interrupted:
            throw CtlError(.python(className: "EOFError", message: "EOF when reading a line"), file: file, line: line)
        }
    }

    private func askPassword(prompt: String) throws(CtlError) -> String {
        switch console.readPassword(prompt: prompt) {
        case .line(let text): return text
        case .endOfInput, .interrupted:
            throw CtlError(.python(className: "EOFError", message: "EOF when reading a line"))
        }
    }

    // MARK: - Calls

    /// The connection for the current URL and credentials, opened on first use.
    func rpc(file: String = #fileID, line: Int = #line) throws(CtlError) -> any SupervisorRPC {
        let target = ConnectionTarget(
            serverURL: options.serverURL, username: options.username, password: options.password)
        if let connection, connection.target == target { return connection.rpc }
        do {
            let rpc = try makeConnection(target)
            connection = (target, rpc)
            return rpc
        } catch {
            throw CtlError(.client(error), file: file, line: line)
        }
    }

    /// Calls `supervisor.<method>`.
    @discardableResult
    func supervisor(
        _ method: String, _ params: XMLRPCValue..., file: String = #fileID, line: Int = #line
    ) throws(CtlError) -> XMLRPCValue {
        let rpc = try rpc(file: file, line: line)
        do {
            return try rpc.call("supervisor." + method, params)
        } catch {
            throw CtlError(.client(error), file: file, line: line)
        }
    }

    /// The array a call returns; any other value is Python's `TypeError` when iterated.
    func supervisorArray(
        _ method: String, _ params: XMLRPCValue..., file: String = #fileID, line: Int = #line
    ) throws(CtlError) -> [XMLRPCValue] {
        let rpc = try rpc(file: file, line: line)
        let value: XMLRPCValue
        do {
            value = try rpc.call("supervisor." + method, params)
        } catch {
            throw CtlError(.client(error), file: file, line: line)
        }
        guard let array = value.arrayValue else {
            throw CtlError(.python(className: "TypeError", message: "unexpected answer to \(method): \(value)"),
                           file: file, line: line)
        }
        return array
    }

    /// Supervisor's `upcheck`: calls `getVersion` and reports the outcomes it knows (spec `ctl.md` §1).
    /// - Returns: false after printing the problem and setting the exit status.
    /// - Throws: faults other than UNKNOWN_METHOD, and connection errors other than refused / no such file.
    func upcheck() throws(CtlError) -> Bool {
        do {
            let api = try supervisor("getVersion")
            if api != .string("3.0") {
                output("Sorry, this version of supervisorctl expects to talk to a server with API version 3.0, "
                    + "but the remote version is \(Formatting.pythonString(api)).")
                exitStatus = ExitStatus.notInstalled
                return false
            }
        } catch {
            if let code = error.faultCode {
                if code == Fault.unknownMethod {
                    output("Sorry, supervisord responded but did not recognize the supervisor namespace commands "
                        + "that supervisorctl uses to control it.  Please check that the [rpcinterface:supervisor] "
                        + "section is enabled in the configuration file (see sample.conf).")
                    exitStatus = ExitStatus.unimplementedFeature
                    return false
                }
                exitStatus = ExitStatus.generic
                throw error
            }
            if error.clientError?.isConnectionRefused == true {
                output("\(options.serverURL) refused connection")
                exitStatus = ExitStatus.insufficientPrivileges
                return false
            }
            if error.clientError?.isNoSuchFile == true {
                output("\(options.serverURL) no such file")
                exitStatus = ExitStatus.notRunning
                return false
            }
            // Python's `except socket.error` branch sets 1 before re-raising; a 401 (ProtocolError) passes through
            // untouched, so a successful retry with typed credentials leaves the status alone.
            if error.clientError?.isPythonSocketError == true { exitStatus = ExitStatus.generic }
            throw error
        }
        return true
    }

    /// Supervisor's `set_exitstatus_from_xmlrpc_fault`: SUCCESS and the command's ignored fault leave the status;
    /// SPAWN_ERROR, ABNORMAL_TERMINATION and NOT_RUNNING set 7; anything else 1.
    func setExitStatus(fromFault code: Int, ignoring ignored: Int? = nil) {
        if code == ignored || code == Fault.success { return }
        if code == Fault.spawnError || code == Fault.abnormalTermination || code == Fault.notRunning {
            exitStatus = ExitStatus.notRunning
        } else {
            exitStatus = ExitStatus.generic
        }
    }

    /// Prints a command's help text after an argument error.
    func printHelp(_ command: String) {
        if let text = HelpTexts.topics[command] { output(text) }
    }
}
