@testable import SupervisorAPI
import SupervisorEngine
import Testing
import XMLRPC

/// Method lookup, parameter checks, SHUTDOWN_STATE, and whole POST bodies in and out.
@Suite struct DispatchTests {
    @Test func namesMustBeExactlyNamespaceDotPublishedMethod() async {
        let f = Fixture()
        for name in ["getState", "supervisor.getState.x", "supervisor._update", "nope.getState", "supervisor.nope",
                     "system.", ".getState"] {
            #expect(await f.fault(name) == "1 UNKNOWN_METHOD", "\(name)")
        }
    }

    @Test func wrongCountOrTypeIsIncorrectParameters() async {
        let f = Fixture(program("p"))
        #expect(await f.fault("supervisor.getState", 1) == "2 INCORRECT_PARAMETERS")
        #expect(await f.fault("supervisor.getProcessInfo") == "2 INCORRECT_PARAMETERS")
        #expect(await f.fault("supervisor.getProcessInfo", 5) == "2 INCORRECT_PARAMETERS")
        #expect(await f.fault("supervisor.startProcess", "p", true, 1) == "2 INCORRECT_PARAMETERS")
        #expect(await f.fault("supervisor.readLog", "x", 0) == "2 INCORRECT_PARAMETERS")
        #expect(await f.fault("supervisor.readLog", [], 0) == "2 INCORRECT_PARAMETERS")
        #expect(await f.fault("system.multicall", "x") == "2 INCORRECT_PARAMETERS")
    }

    @Test func integersMayComeAsTextAsPythonsIntReadsThem() {
        #expect(Arguments.pythonInt(" -12 ") == -12)
        #expect(Arguments.pythonInt("+1_000") == 1000)
        #expect(Arguments.pythonInt("1__0") == nil)
        #expect(Arguments.pythonInt("0x10") == nil)
        #expect(Arguments.pythonInt("") == nil)
    }

    @Test func versionsIdentityAndState() async throws {
        let f = Fixture()
        #expect(try await f.call("supervisor.getAPIVersion") == "3.0")
        #expect(try await f.call("supervisor.getVersion") == "3.0")
        #expect(try await f.call("supervisor.getSupervisorVersion") == "4.3.0")
        #expect(try await f.call("supervisor.getIdentification") == "test-supervisor")
        #expect(try await f.call("supervisor.getPID") == 4321)
        #expect(try await f.call("supervisor.getState") == ["statecode": 1, "statename": "RUNNING"])
    }

    @Test func whileStoppingEverySupervisorMethodButSendRemoteCommEventIsRefused() async throws {
        let f = Fixture(program("p"))
        #expect(try await f.call("supervisor.shutdown") == true)
        for method in MethodRegistry.all where method.name.hasPrefix("supervisor.") {
            let params = Array(repeating: XMLRPCValue.string("p"), count: method.arity.lowerBound)
            let outcome = await f.api.call(method.name, params)
            if method.name == "supervisor.sendRemoteCommEvent" {
                #expect((try? outcome.get()) == true)
            } else {
                #expect(outcome == .failure(APIError.engine(.shutdownState).fault), "\(method.name)")
            }
        }
        #expect(try await f.call("system.listMethods").arrayValue?.count == 41)
        #expect(f.events.all.contains(.remoteCommunication(type: "p", data: "p")))
    }

    @Test func restartSetsRestarting() async throws {
        let f = Fixture()
        #expect(try await f.call("supervisor.restart") == true)
        #expect(await f.engine.state == .restarting)
        #expect(await f.fault("supervisor.getState") == "6 SHUTDOWN_STATE")
    }

    @Test func bodiesAreDecodedAndAnsweredByteForByte() async {
        let f = Fixture()
        let call = XMLRPCRequest(methodName: "supervisor.getAPIVersion").encode()
        #expect(await f.api.handleXMLRPC(call) == .response(XMLRPCResponse.success("3.0").encode()))
        let bad = XMLRPCRequest(methodName: "supervisor.nope").encode()
        #expect(await f.api.handleXMLRPC(bad) == .response(XMLRPCResponse.fault(code: 1, string: "UNKNOWN_METHOD").encode()))
        #expect(await f.api.handleXMLRPC(Array("<methodCall>".utf8)) == .badRequest)
        #expect(await f.api.handleXMLRPC(Array("<methodCall><methodName></methodName></methodCall>".utf8)) == .badRequest)
    }
}
