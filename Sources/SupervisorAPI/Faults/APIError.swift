import SupervisorEngine

/// Why an API call failed: an engine outcome, or one of the faults only the API layer can give (dispatch,
/// parameters, log reading, configuration rereads). `EngineError+Fault.swift` maps every case to its fault.
public enum APIError: Error, Equatable, Sendable {
    /// A domain outcome from the engine.
    case engine(EngineError)
    /// No such method, or a name that is not `namespace.method` (UNKNOWN_METHOD).
    case unknownMethod
    /// Wrong number or type of parameters (INCORRECT_PARAMETERS), with Supervisor's extra text where it has one.
    case incorrectParameters(String?)
    /// A bad offset/length combination for a log read (BAD_ARGUMENTS).
    case badArguments
    /// `methodHelp`/`methodSignature` of an unknown method (SIGNATURE_UNSUPPORTED).
    case signatureUnsupported
    /// A log file that does not exist (NO_FILE): the path, or nil when the channel has no log at all.
    case noFile(String?)
    /// A failure without more to say (bare FAILED), or with a text.
    case failed(String?)
    /// The configuration could not be read again (CANT_REREAD: message).
    case cantReread(String)
}
