import SupervisorConfig
import SupervisorEngine
import XMLRPC

// supervisor.* methods about the daemon itself: versions, identity, state, shutdown and restart.
extension SupervisorAPI {
    /// The XML-RPC API version (`getAPIVersion`, `getVersion`).
    public static let apiVersion = "3.0"

    func getAPIVersion() -> XMLRPCValue { .string(Self.apiVersion) }

    func getSupervisorVersion() -> XMLRPCValue { .string(SupervisorVersion.string) }

    func getIdentification() -> XMLRPCValue { .string(services.identifier) }

    func getState() async -> XMLRPCValue {
        let state = await engine.state
        return ["statecode": .int(state.rawValue), "statename": .string(state.name)]
    }

    func getPID() -> XMLRPCValue { .clampedInt(Int(services.pid)) }

    /// Answers true before anything stops; the server keeps answering (SHUTDOWN_STATE) until every process is
    /// stopped.
    func shutdown() async -> XMLRPCValue {
        await engine.requestShutdown()
        return true
    }

    /// Reads the configuration the next generation will run before anything stops: a broken one is refused with
    /// CANT_REREAD (`FILE:LINE: [SECTION] OPTION: MESSAGE`) and everything keeps running, where Supervisor stops
    /// every process and then exits on it. Otherwise true, before anything stops.
    func restart() async throws(APIError) -> XMLRPCValue {
        do throws(ConfigError) {
            try services.prepareRestart()
        } catch {
            throw .cantReread(error.description)
        }
        await engine.requestRestart()
        return true
    }
}
