@testable import SupervisorAPI
import SupervisorEngine
import Testing
import XMLRPC

/// `getProcessInfo`, `getAllProcessInfo` and the `description` texts (spec rpc.md §5).
@Suite struct ProcessInfoTests {
    @Test func structHasSupervisorsKeysInOrder() async throws {
        let f = Fixture(program("web", stderr: .none))
        await f.startAll()
        let info = try await f.call("supervisor.getProcessInfo", "web")
        #expect(info.structValue?.map { $0.name } == [
            "name", "group", "start", "stop", "now", "state", "statename", "spawnerr", "exitstatus", "logfile",
            "stdout_logfile", "stderr_logfile", "pid", "description",
        ])
        #expect(info["name"] == "web" && info["group"] == "web")
        #expect(info["start"] == 1_700_000_000 && info["stop"] == 0 && info["now"] == 1_700_000_002)
        #expect(info["state"] == 20 && info["statename"] == "RUNNING" && info["spawnerr"] == "")
        #expect(info["exitstatus"] == 0)
        #expect(info["logfile"] == .string(f.dir + "/web-stdout.log") && info["stdout_logfile"] == info["logfile"])
        #expect(info["stderr_logfile"] == "")
        #expect(info["pid"] == .int(Int(f.runtime.pid(of: "web"))))
        #expect(info["description"] == .string("pid \(f.runtime.pid(of: "web")), uptime 0:00:02"))
    }

    @Test func badNamesIncludingWholeGroups() async {
        let f = Fixture(group("g", process("a", section: "program:g")))
        #expect(await f.fault("supervisor.getProcessInfo", "nope") == "10 BAD_NAME: nope")
        #expect(await f.fault("supervisor.getProcessInfo", "g:*") == "10 BAD_NAME: g:*")
        #expect(await f.fault("supervisor.getProcessInfo", "g:") == "10 BAD_NAME: g:")
        #expect(await f.fault("supervisor.getProcessInfo", "g") == "10 BAD_NAME: g")
        #expect(await f.fault("supervisor.getProcessInfo", "g:b") == "10 BAD_NAME: g:b")
        #expect(await f.fault("supervisor.getProcessInfo", "g:a") == "ok")
    }

    @Test func allProcessInfoIsInLexicalOrder() async throws {
        let f = Fixture(
            program("zeta", priority: 1), group("alpha", priority: 900, process("b", section: "program:alpha"),
                                                  process("a", section: "program:alpha", priority: 1000)))
        let all = try await f.call("supervisor.getAllProcessInfo").arrayValue ?? []
        #expect(all.map { "\($0["group"]!.stringValue!):\($0["name"]!.stringValue!)" } == ["alpha:a", "alpha:b", "zeta:zeta"])
    }

    @Test func descriptionsPerState() {
        func snapshot(_ state: ProcessState, start: Double = 0, spawnError: String? = nil) -> ProcessSnapshot {
            ProcessSnapshot(name: "p", group: "p", state: state, pid: 7, start: start, stop: 0, now: 100_000,
                            spawnError: spawnError, exitStatus: nil)
        }
        func text(_ s: ProcessSnapshot) -> String {
            ProcessInfoEncoding.encode(s)["description"]?.stringValue ?? "?"
        }
        #expect(text(snapshot(.running, start: 100_000 - 93_784)) == "pid 7, uptime 1 day, 2:03:04")
        #expect(text(snapshot(.running, start: 200_000)) == "pid 7, uptime 0:00:00")
        #expect(text(snapshot(.fatal, spawnError: "Exited too quickly (process log may have details)"))
            == "Exited too quickly (process log may have details)")
        #expect(text(snapshot(.backoff)) == "unknown error (try \"tail p\")")
        #expect(text(snapshot(.stopped)) == "Not started")
        #expect(text(snapshot(.starting)) == "" && text(snapshot(.stopping)) == "" && text(snapshot(.unknown)) == "")
        #expect(ProcessInfoEncoding.timedelta(5) == "0:00:05")
        #expect(ProcessInfoEncoding.timedelta(43_424) == "12:03:44")
        #expect(ProcessInfoEncoding.timedelta(3 * 86_400 + 1) == "3 days, 0:00:01")
        let stopped = text(snapshot(.exited, start: 1))
        #expect(stopped.count == "Nov 24 05:07 PM".count && (stopped.hasSuffix("AM") || stopped.hasSuffix("PM")))
    }

    /// Readiness, health and dependency words (docs/readiness.md), only when the snapshot carries a note.
    @Test func descriptionsWithACheckNote() {
        func text(_ state: ProcessState, start: Double = 0, note: String?) -> String {
            ProcessInfoEncoding.encode(ProcessSnapshot(
                name: "p", group: "p", state: state, pid: 7, start: start, stop: 0, now: 100_000, note: note
            ))["description"]?.stringValue ?? "?"
        }
        #expect(text(.running, start: 99_997, note: "unhealthy: HTTP 503 (3 of 3)")
            == "pid 7, uptime 0:00:03, unhealthy: HTTP 503 (3 of 3)")
        #expect(text(.starting, note: "waiting for READY=1") == "waiting for READY=1")
        #expect(text(.stopped, note: "waiting for db (STARTING)") == "waiting for db (STARTING)")
        let exited = text(.exited, start: 1, note: "dependency db is FATAL")
        #expect(exited.hasSuffix("M, dependency db is FATAL"))
        #expect(text(.stopping, note: "x") == "")
        #expect(text(.fatal, note: "x") == "unknown error (try \"tail p\")")
    }

    @Test func timestampsAreClampedTo32Bits() {
        #expect(ProcessInfoEncoding.clamp(5_000_000_000) == Int(Int32.max))
        #expect(ProcessInfoEncoding.clamp(-5_000_000_000) == Int(Int32.min))
        #expect(ProcessInfoEncoding.clamp(12.9) == 12)
    }
}
