import SupervisorAPI
import XMLRPC

/// The one way the web UI touches the supervisor: a call of a `supervisor.*`/`system.*` method by its wire name,
/// exactly as an XML-RPC client makes it. So a button and `supervisorctl` run the same code, with the same faults.
/// (Supervisor's `web.py` drives its RPC interface the same way.) A seam, so the pages are tested without a daemon.
public protocol SupervisorCalls: Sendable {
    func call(method: String, params: [XMLRPCValue]) async -> CallOutcome
}

/// The result of one call: a value, or Supervisor's fault code and fault string.
public enum CallOutcome: Sendable, Equatable {
    case value(XMLRPCValue)
    case fault(code: Int, string: String)

    var value: XMLRPCValue? {
        if case .value(let value) = self { value } else { nil }
    }
}

extension SupervisorAPI: SupervisorCalls {
    public func call(method: String, params: [XMLRPCValue]) async -> CallOutcome {
        let result: Result<XMLRPCValue, Fault> = await call(method, params)
        switch result {
        case .success(let value): return .value(value)
        case .failure(let fault): return .fault(code: fault.code, string: fault.string)
        }
    }
}
