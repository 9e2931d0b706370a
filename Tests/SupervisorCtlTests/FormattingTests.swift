import Testing
import XMLRPC

@testable import SupervisorCtl

@Suite struct FormattingTests {
    @Test func statusColumnsAreAtLeastThirtyThreeWide() {
        let lines = Formatting.statusLines([
            ProcessInfo(name: "sleeper", group: "sleeper", state: 20, stateName: "RUNNING",
                        description: "pid 5370, uptime 0:00:02"),
            ProcessInfo(name: "newone", group: "newone", state: 10, stateName: "STARTING", description: ""),
        ])
        #expect(lines == [
            "sleeper                          RUNNING   pid 5370, uptime 0:00:02",
            "newone                           STARTING  ",
        ])
    }

    @Test func statusColumnGrowsWithTheLongestName() {
        let long = String(repeating: "x", count: 40)
        let lines = Formatting.statusLines([
            ProcessInfo(name: long, group: "g", state: 0, stateName: "STOPPED", description: "Not started"),
            ProcessInfo(name: "a", group: "a", state: 0, stateName: "STOPPED", description: "Not started"),
        ])
        #expect(lines[0] == "g:\(long)   STOPPED   Not started")
        #expect(lines[1] == "a" + String(repeating: " ", count: 44) + "STOPPED   Not started")
    }

    @Test func resultLines() {
        func result(_ status: Int, _ description: String = "") -> ProcessResult {
            ProcessResult(name: "w_1", group: "web", status: status, description: description)
        }
        #expect(Formatting.startResult(result(80)) == "web:w_1: started")
        #expect(Formatting.startResult(result(50)) == "web:w_1: ERROR (spawn error)")
        #expect(Formatting.startResult(result(50, "SPAWN_ERROR: web:w_1")) == "web:w_1: ERROR (spawn error)")
        #expect(Formatting.startResult(result(50, "SPAWN_ERROR: web:w_1: dependency db is FATAL"))
            == "web:w_1: ERROR (spawn error: dependency db is FATAL)")
        #expect(Formatting.startResult(result(21)) == "web:w_1: ERROR (file is not executable)")
        #expect(Formatting.startResult(result(30)) == nil)
        #expect(Formatting.unknownResultCode(result(30)) == "Unknown result code 30 for web:w_1")
        #expect(Formatting.signalResult(result(80), success: "stopped") == "web:w_1: stopped")
        #expect(Formatting.signalResult(result(11)) == "web:w_1: ERROR (bad signal name)")
        #expect(Formatting.signalResult(result(30, "FAILED: boom")) == "FAILED: boom")
        #expect(Formatting.clearResult(ProcessResult(name: nil, group: "web", status: 10, description: ""))
            == "web:None: ERROR (no such process)")
    }

    @Test func rereadChangesAreSortedByCodePoint() {
        #expect(Formatting.changes(added: ["b", "Z"], changed: ["a"], removed: ["c"])
            == ["Z: available", "a: changed", "b: available", "c: disappeared"])
        #expect(Formatting.changes(added: [], changed: [], removed: []) == ["No config updates to processes"])
    }

    @Test func availLine() {
        let info: XMLRPCValue = ["name": "exiter", "group": "grp", "inuse": true, "autostart": false,
                                 "group_prio": 50, "process_prio": 999]
        #expect(Formatting.availLine(info) == "grp:exiter                       in use    manual    50:999")
    }

    @Test func namespecs() {
        #expect(Namespec.split("web:*") == ("web", nil))
        #expect(Namespec.split("web:") == ("web", nil))
        #expect(Namespec.split("web:w:1") == ("web", "w:1"))
        #expect(Namespec.split("cat") == ("cat", "cat"))
        #expect(Namespec.make(group: "cat", process: "cat") == "cat")
    }

    @Test func urlValidationFollowsUrlparse() {
        #expect(URLText.validate("unix:///tmp/s.sock") == nil)
        #expect(URLText.validate("http://127.0.0.1:9001") == nil)
        #expect(URLText.validate("localhost:9001") == nil)
        #expect(URLText.validate("foo") == "value 'foo' is not a URL")
        #expect(URLText.validate("http://") == "value 'http://' is not a URL")
        #expect(URLText("HTTP://x").scheme == "http")
        #expect(URLText("1http://x").scheme == "")
    }
}
