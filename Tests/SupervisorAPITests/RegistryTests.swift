import Foundation
@testable import SupervisorAPI
import Testing
import XMLRPC

/// `system.listMethods`, `methodHelp` and `methodSignature` from the explicit registry (spec rpc.md §9).
@Suite struct RegistryTests {
    /// The signatures the spec lists, which Supervisor derives from its docstrings.
    static let specSignatures: [String: [String]] = [
        "supervisor.addProcessGroup": ["boolean", "string"], "supervisor.clearAllProcessLogs": ["array"],
        "supervisor.clearLog": ["boolean"], "supervisor.clearProcessLog": ["boolean", "string"],
        "supervisor.clearProcessLogs": ["boolean", "string"], "supervisor.getAPIVersion": ["string"],
        "supervisor.getVersion": ["string"], "supervisor.getIdentification": ["string"],
        "supervisor.getSupervisorVersion": ["string"], "supervisor.getAllConfigInfo": ["array"],
        "supervisor.getAllProcessInfo": ["array"], "supervisor.reloadConfig": ["array"], "supervisor.getPID": ["int"],
        "supervisor.getProcessInfo": ["struct", "string"], "supervisor.getState": ["struct"],
        "supervisor.readLog": ["string", "int", "int"], "supervisor.readMainLog": ["string", "int", "int"],
        "supervisor.readProcessLog": ["string", "string", "int", "int"],
        "supervisor.readProcessStdoutLog": ["string", "string", "int", "int"],
        "supervisor.readProcessStderrLog": ["string", "string", "int", "int"],
        "supervisor.removeProcessGroup": ["boolean", "string"], "supervisor.restart": ["boolean"],
        "supervisor.shutdown": ["boolean"], "supervisor.sendProcessStdin": ["boolean", "string", "string"],
        "supervisor.sendRemoteCommEvent": ["boolean", "string", "string"],
        "supervisor.signalProcess": ["boolean", "string", "string"], "supervisor.signalAllProcesses": ["array", "string"],
        "supervisor.signalProcessGroup": ["array", "string", "string"],
        "supervisor.startAllProcesses": ["array", "boolean"], "supervisor.stopAllProcesses": ["array", "boolean"],
        "supervisor.startProcess": ["boolean", "string", "boolean"],
        "supervisor.stopProcess": ["boolean", "string", "boolean"],
        "supervisor.startProcessGroup": ["array", "string", "boolean"],
        "supervisor.stopProcessGroup": ["array", "string", "boolean"],
        "supervisor.tailProcessLog": ["array", "string", "int", "int"],
        "supervisor.tailProcessStdoutLog": ["array", "string", "int", "int"],
        "supervisor.tailProcessStderrLog": ["array", "string", "int", "int"],
        "system.listMethods": ["array"], "system.methodHelp": ["string", "string"],
        "system.methodSignature": ["array", "string"], "system.multicall": ["array", "array"],
    ]

    @Test func listMethodsIsTheSorted41Names() async throws {
        let f = Fixture()
        let names = try await f.call("system.listMethods").arrayValue?.compactMap { $0.stringValue } ?? []
        #expect(names.count == 41)
        #expect(names == Self.specSignatures.keys.sorted())
    }

    @Test func everySignatureIsTheSpecs() async throws {
        let f = Fixture()
        for (name, signature) in Self.specSignatures {
            #expect(try await f.call("system.methodSignature", .string(name)) == XMLRPCValue.array(signature.map { XMLRPCValue.string($0) }), "\(name)")
        }
    }

    @Test func helpIsSupervisorsDocstringAndItsTagsMatchTheSignature() async throws {
        let f = Fixture()
        #expect(try await f.call("system.methodHelp", "supervisor.getPID")
            == " Return the PID of supervisord\n\n        @return int PID\n        ")
        for method in MethodRegistry.all {
            // Supervisor's gettags: @return gives the first type, each @param the next.
            let lines = method.help.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            let returns = lines.filter { $0.hasPrefix("@return") }.map { $0.split(separator: " ")[1] }
            let params = lines.filter { $0.hasPrefix("@param") }.map { $0.split(separator: " ")[1] }
            #expect([String(returns.last ?? "")] + params.map(String.init) == method.signature, "\(method.name)")
        }
    }

    /// Each extra `[rpcinterface:x]` with the main factory is another `supervisor` namespace, as Supervisor's
    /// `SystemNamespaceRPCInterface` lists it: `system` cannot be replaced, and a dotted name is listed (with help)
    /// though `traverse` can never call it.
    @Test func extraNamespacesRepeatTheSupervisorMethods() async throws {
        let f = Fixture()
        let api = SupervisorAPI(
            engine: f.engine, services: f.services, rpcInterfaces: ["supervisor", "extra", "system", "a.b"])
        guard case .success(.array(let listed)) = await api.call("system.listMethods", []) else {
            Issue.record("listMethods failed")
            return
        }
        let names = listed.compactMap(\.stringValue)
        #expect(names.count == 41 + 37 + 37)
        #expect(names == names.sorted())
        #expect(names.contains("extra.getState") && names.contains("a.b.getState"))
        #expect(!names.contains("extra.listMethods") && !names.contains("system.getState"))
        #expect(await api.call("extra.getState", []) == api.call("supervisor.getState", []))
        #expect(await api.call("system.methodHelp", ["a.b.getPID"])
            == api.call("system.methodHelp", ["supervisor.getPID"]))
        #expect(await api.call("system.methodSignature", ["extra.stopProcess"])
            == .success(.array(["boolean", "string", "boolean"])))
        guard case .failure(let fault) = await api.call("a.b.getState", []) else {
            Issue.record("a.b.getState answered")
            return
        }
        #expect(fault.code == 1)
        #expect(await api.call("system.multicall", [[["methodName": "extra.getAPIVersion"]]]) == .success(["3.0"]))
        // Without extra sections, nothing changes.
        #expect(await f.api.call("extra.getState", []) == api.call("system.getState", []))
    }

    @Test func unknownMethodsHaveNoHelpOrSignature() async {
        let f = Fixture()
        #expect(await f.fault("system.methodHelp", "supervisor.nope") == "4 SIGNATURE_UNSUPPORTED")
        #expect(await f.fault("system.methodSignature", "nope") == "4 SIGNATURE_UNSUPPORTED")
    }
}

