import SupervisorEngine
import XMLRPC

/// Supervisor 4.3's XML-RPC interface (`supervisor.*` and `system.*`, spec rpc.md) over the engine, plus the
/// `supervisor.*` methods under the name of each extra `[rpcinterface:x]` section with the main factory.
///
/// `call` dispatches one method as Supervisor's `traverse` does; `handleXMLRPC` takes a whole POST body and
/// returns the response body. Methods that Supervisor "defers" (`startProcess` with `wait`, the group operations,
/// `system.multicall`) simply await the engine's state changes; other requests keep being served meanwhile.
public final class SupervisorAPI: Sendable {
    public let engine: Engine
    let services: any DaemonServices
    /// `supervisor.*`, `system.*`, and `supervisor.*` again under each extra namespace.
    let published: PublishedMethods

    /// - Parameter rpcInterfaces: the names of the configuration's `[rpcinterface:x]` sections that use the main
    ///   factory; each other than `supervisor` serves the `supervisor.*` methods again under `x.*`.
    ///   `listExtensions`: the configuration uses readiness, health or dependency keys, so `system.listMethods`
    ///   lists our `swiftsupervisor.*` methods too.
    public init(
        engine: Engine, services: any DaemonServices, rpcInterfaces: [String] = [], listExtensions: Bool = false
    ) {
        self.engine = engine
        self.services = services
        published = PublishedMethods(namespaces: rpcInterfaces, listExtensions: listExtensions)
    }

    /// The answer to an XML-RPC POST body.
    public enum Reply: Equatable, Sendable {
        /// 200 with this `text/xml` body (a result or a fault).
        case response([UInt8])
        /// HTTP 400: the body is not an XML-RPC call, or has no method name (rpc.md §2).
        case badRequest
    }

    /// Decodes a `<methodCall>`, runs it, and encodes the result or fault byte for byte as Supervisor does.
    public func handleXMLRPC(_ body: [UInt8]) async -> Reply {
        guard let request = try? XMLRPCRequest.decode(body) else { return .badRequest }
        switch await call(request.methodName, request.params) {
        case .success(let value): return .response(XMLRPCResponse.success(value).encode())
        case .failure(let fault): return .response(XMLRPCResponse.fault(code: fault.code, string: fault.string).encode())
        }
    }

    /// Runs one method by its wire name.
    public func call(_ methodName: String, _ params: [XMLRPCValue]) async -> Result<XMLRPCValue, Fault> {
        do throws(APIError) {
            return .success(try await invoke(methodName, params))
        } catch {
            return .failure(error.fault)
        }
    }

    /// Supervisor's `traverse`: exactly `namespace.method`, no leading underscore, a published method; then the
    /// parameter count, then the daemon state (SHUTDOWN_STATE), then the method itself.
    func invoke(_ methodName: String, _ params: [XMLRPCValue]) async throws(APIError) -> XMLRPCValue {
        let parts = methodName.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[1].hasPrefix("_"), let method = published.byName[methodName] else {
            throw .unknownMethod
        }
        guard method.arity.contains(params.count) else { throw .incorrectParameters(nil) }
        if method.refusedWhileStopping, await engine.state < .running {
            throw .engine(.shutdownState)
        }
        return try await method.handler(self, Arguments(params))
    }

    /// Runs engine work, turning its errors into API errors.
    func run<T>(_ body: () async throws(EngineError) -> T) async throws(APIError) -> T {
        do throws(EngineError) {
            return try await body()
        } catch {
            throw .engine(error)
        }
    }
}
