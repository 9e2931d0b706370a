import SupervisorEngine

// The one place where faults are made (STYLE §4): every engine outcome and every API-level error becomes
// Supervisor's code and text here, and nowhere else.

extension EngineError {
    /// The fault Supervisor answers for this outcome; the payload is the fault string's extra text.
    public var fault: Fault {
        switch self {
        case .badName(let name): Fault(.badName, name)
        case .alreadyStarted(let name): Fault(.alreadyStarted, name)
        case .notRunning(let name): Fault(.notRunning, name)
        case .spawnError(let name): Fault(.spawnError, name)
        case .noFile(let text): Fault(.noFile, text)
        case .notExecutable(let text): Fault(.notExecutable, text)
        case .stillRunning(let name): Fault(.stillRunning, name)
        case .alreadyAdded(let name): Fault(.alreadyAdded, name)
        case .shutdownState: Fault(.shutdownState)
        case .badSignal(let spelling): Fault(.badSignal, spelling)
        case .abnormalTermination(let name): Fault(.abnormalTermination, name)
        case .dependencyFailed(let name, let why): Fault(.spawnError, "\(name): \(why)")
        case .failed(let message): Fault(.failed, message)
        }
    }
}

extension APIError {
    /// The fault Supervisor answers for this error.
    public var fault: Fault {
        switch self {
        case .engine(let error): error.fault
        case .unknownMethod: Fault(.unknownMethod)
        case .incorrectParameters(let extra): Fault(.incorrectParameters, extra)
        case .badArguments: Fault(.badArguments)
        case .signatureUnsupported: Fault(.signatureUnsupported)
        case .noFile(let path): Fault(.noFile, path)
        case .failed(let text): Fault(.failed, text)
        case .cantReread(let message): Fault(.cantReread, message)
        }
    }
}

extension Fault {
    /// The `{name, group, status, description}` entry of a group result (`make_allfunc`): status 80 and `OK`
    /// for success, else this fault's code and string.
    static func resultStatus(_ error: EngineError?) -> (status: Int, description: String) {
        guard let error else { return (FaultCode.success.rawValue, "OK") }
        let fault = error.fault
        return (fault.code, fault.string)
    }
}
