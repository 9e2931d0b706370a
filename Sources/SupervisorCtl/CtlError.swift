import Glibc
import SupervisorClient

/// An error that ends a command, as an exception ends one of Supervisor's `do_*` methods. The controller prints
/// it as Supervisor's one-line `error: <class '…'>, <message>: file: <file> line: <line>` (spec `ctl.md` §1),
/// never as a stack trace. `file` and `line` name the Swift source that raised it.
struct CtlError: Error {
    enum Kind {
        /// The client failed: connection, HTTP, XML, or an XML-RPC fault.
        case client(ClientError)
        /// Python's `ValueError` (for example `Unknown result code 30 for foo`).
        case value(String)
        /// Another Python exception, by class (`OverflowError`, `EOFError`, …), with its message.
        case python(className: String, message: String)
    }

    var kind: Kind
    var file: String
    var line: Int

    init(_ kind: Kind, file: String = #fileID, line: Int = #line) {
        self.kind = kind
        self.file = file
        self.line = line
    }

    /// The client error, if this is one.
    var clientError: ClientError? {
        if case .client(let error) = kind { return error }
        return nil
    }

    /// The fault code when the server answered with an XML-RPC fault.
    var faultCode: Int? {
        if case .client(.fault(let code, _)) = kind { return code }
        return nil
    }

    /// The fault string when the server answered with an XML-RPC fault.
    var faultString: String? {
        if case .client(.fault(_, let string)) = kind { return string }
        return nil
    }

    /// The errno of a failed connection, as Python's `socket.error.args[0]`.
    var errno: Int32? { clientError?.errno }

    /// The line Supervisor's `onecmd` prints for an uncaught exception.
    var pythonErrorLine: String {
        let (className, message) = pythonException
        return "error: <class '\(className)'>, \(message): file: \(file) line: \(line)"
    }

    /// The Python exception class and `str()` this error stands for, as Python's `supervisorctl` would have met it.
    var pythonException: (className: String, message: String) {
        switch kind {
        case .value(let message):
            return ("ValueError", message)
        case .python(let className, let message):
            return (className, message)
        case .client(let error):
            return Self.pythonException(for: error)
        }
    }

    private static func pythonException(for error: ClientError) -> (String, String) {
        switch error {
        case .invalidServerURL(let url, let reason):
            if reason.hasPrefix("Unknown protocol") { return ("ValueError", reason) }
            if reason == "AF_UNIX path too long" { return ("OSError", reason) }
            return ("ValueError", "\(reason): \(url)")
        case .hostLookup(_, let code, let message):
            return ("socket.gaierror", "[Errno \(code)] \(message)")
        case .socket(_, let value):
            return (osErrorClass(value), "[Errno \(value)] \(String(cString: strerror(value)))")
        case .timedOut:
            return ("TimeoutError", "timed out")
        case .closedBeforeResponse:
            return ("http.client.RemoteDisconnected", "Remote end closed connection without response")
        case .incompleteResponse(let detail):
            return ("http.client.IncompleteRead", "IncompleteRead(\(detail))")
        case .badResponse(let detail):
            let prefix = "bad status line: "
            if detail.hasPrefix(prefix) { return ("http.client.BadStatusLine", String(detail.dropFirst(prefix.count))) }
            return ("http.client.HTTPException", detail)
        case .httpStatus(let code, let reason):
            return ("xmlrpc.client.ProtocolError", "<ProtocolError for 127.0.0.1/RPC2: \(code) \(reason)>")
        case .malformedXML(let xmlError):
            return ("xml.parsers.expat.ExpatError", "\(xmlError)")
        case .unexpectedValue(let detail):
            return ("TypeError", detail)
        case .fault(let code, let string):
            return ("xmlrpc.client.Fault", "<Fault \(code): \(PythonText.repr(string))>")
        }
    }

    /// The `OSError` subclass Python raises for `errno`.
    static func osErrorClass(_ value: Int32) -> String {
        switch value {
        case ECONNREFUSED: return "ConnectionRefusedError"
        case ENOENT: return "FileNotFoundError"
        case ECONNRESET: return "ConnectionResetError"
        case ECONNABORTED: return "ConnectionAbortedError"
        case EPIPE, ESHUTDOWN: return "BrokenPipeError"
        case EACCES, EPERM: return "PermissionError"
        case ETIMEDOUT: return "TimeoutError"
        case EAGAIN, EALREADY, EINPROGRESS: return "BlockingIOError"
        case ENOTDIR: return "NotADirectoryError"
        case EISDIR: return "IsADirectoryError"
        case EINTR: return "InterruptedError"
        default: return "OSError"
        }
    }
}
