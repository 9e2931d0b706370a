import SupervisorAPI
import Testing
import XMLRPC

/// `system.multicall`: sequential, bare values, fault structs (spec rpc.md §9).
@Suite struct MulticallTests {
    @Test func resultsAreBareValuesOrFaultStructs() async throws {
        let f = Fixture(program("p", autostart: false, startSecs: 0))
        let result = try await f.call("system.multicall", [
            ["methodName": "supervisor.getAPIVersion", "params": []],
            ["methodName": "supervisor.getProcessInfo", "params": ["nope"]],
            ["params": []],
            ["methodName": "system.multicall", "params": [[]]],
            ["methodName": "supervisor.startProcess", "params": ["p", false]],
            ["methodName": "supervisor.getState"],
            "not a struct",
        ])
        #expect(result == [
            "3.0",
            ["faultCode": 10, "faultString": "BAD_NAME: nope"],
            ["faultCode": 2, "faultString": "INCORRECT_PARAMETERS: No methodName"],
            ["faultCode": 2, "faultString": "INCORRECT_PARAMETERS: Recursive system.multicall forbidden"],
            true,
            ["statecode": 1, "statename": "RUNNING"],
            ["faultCode": 2, "faultString": "INCORRECT_PARAMETERS"],
        ])
    }

    @Test func aWaitingCallCompletesBeforeTheNextStarts() async throws {
        let f = Fixture(program("p", autostart: false, startSecs: 1))
        async let result = f.call("system.multicall", [
            ["methodName": "supervisor.startProcess", "params": ["p"]],
            ["methodName": "supervisor.getProcessInfo", "params": ["p"]],
        ])
        try await pollUntil { try await f.state("p") == .starting }
        f.clock.advance(1.5)
        await f.engine.tick()
        let values = try await result.arrayValue ?? []
        #expect(values.first == true)
        #expect(values.last?["statename"] == "RUNNING")
    }
}
