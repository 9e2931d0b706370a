import XMLRPC

// system.multicall (the other system.* methods are plain data in MethodRegistry).
extension SupervisorAPI {
    /// Runs each `{methodName, params}` in order, each completing before the next starts. Each result entry is
    /// the bare return value (not wrapped in a one-element array: Supervisor's source differs from the XML-RPC
    /// multicall convention, and clients follow the source) or a `{faultCode, faultString}` struct.
    func multicall(_ a: Arguments) async throws(APIError) -> XMLRPCValue {
        guard case .array(let calls) = a[0] else { throw .incorrectParameters(nil) }
        var results: [XMLRPCValue] = []
        for call in calls {
            do throws(APIError) {
                results.append(try await runEntry(call))
            } catch {
                let fault = error.fault
                results.append(["faultCode": .int(fault.code), "faultString": .string(fault.string)])
            }
        }
        return .array(results)
    }

    private func runEntry(_ call: XMLRPCValue) async throws(APIError) -> XMLRPCValue {
        guard case .struct = call else { throw .incorrectParameters(nil) }
        guard let nameValue = call["methodName"] else { throw .incorrectParameters("No methodName") }
        guard case .string(let name) = nameValue else { throw .incorrectParameters(nil) }
        if name == "system.multicall" { throw .incorrectParameters("Recursive system.multicall forbidden") }
        let params: [XMLRPCValue]
        switch call["params"] {
        case nil: params = []
        case .array(let values)?: params = values
        default: throw .incorrectParameters(nil)
        }
        return try await invoke(name, params)
    }
}
