import Foundation
import Glibc
import Testing
import XMLRPC

/// Every supervisor.* and system.* method over raw XML-RPC (SupervisorClient), with its results and faults,
/// against both daemons.
@Suite struct XMLRPCMethodTests {
    static let programs = """
        [program:talker]
        command=/bin/sh -c 'echo out-1; echo out-2; echo err-1 >&2; exec sleep 1000'
        startsecs=0
        stopwaitsecs=2
        priority=10

        [program:cat]
        command=/bin/cat
        startsecs=0
        stopwaitsecs=2

        [program:idle]
        command=/bin/sleep 1000
        autostart=false
        startsecs=0
        stopwaitsecs=2

        [program:quick]
        command=/bin/sh -c 'exit 3'
        autostart=false
        startsecs=1
        startretries=0

        [program:missing]
        command=/no/such/command
        autostart=false

        [program:notexec]
        command=%(dir)s/notexec
        autostart=false

        [program:isdir]
        command=/tmp
        autostart=false

        [program:nolog]
        command=/bin/sleep 1000
        startsecs=0
        stopwaitsecs=2
        stdout_logfile=NONE
        stderr_logfile=NONE

        [program:done]
        command=/bin/sh -c 'sleep 0.3; exit 0'
        startsecs=0
        autorestart=false

        [program:ga]
        command=/bin/sleep 1000
        startsecs=0
        stopwaitsecs=2

        [program:gb]
        command=/bin/sleep 1000
        startsecs=0
        stopwaitsecs=2

        [group:grp]
        programs=ga,gb
        """

    /// A Python-like rendering with run-dependent values masked: `start`/`stop`/`now`/`pid` members, and what
    /// `mask` covers.
    static func render(_ value: XMLRPCValue) -> String {
        func scrub(_ v: XMLRPCValue) -> XMLRPCValue {
            switch v {
            case .struct(let members):
                return .struct(members.map { m in
                    if ["start", "stop", "now", "pid"].contains(m.name), let n = m.value.intValue, n != 0 {
                        return (m.name, .string("<\(m.name)>"))
                    }
                    return (m.name, scrub(m.value))
                })
            case .array(let items): return .array(items.map(scrub))
            default: return v
            }
        }
        return mask(scrub(value).description)
    }

    /// Group results sorted by group and name (waited-for results come in the order processes finish).
    static func sortedResults(_ value: XMLRPCValue) -> XMLRPCValue {
        guard let items = value.arrayValue else { return value }
        return .array(items.sorted {
            "\($0["group"] ?? "") \($0["name"] ?? "")" < "\($1["group"] ?? "") \($1["name"] ?? "")"
        })
    }

    /// FNV-1a of a text, to compare long help texts exactly without printing them.
    static func fnv(_ text: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return String(hash, radix: 16)
    }

    @Test(arguments: DaemonKind.allCases)
    func everyMethod(_ kind: DaemonKind) async throws {
        try await scenario {
            let d = try CompatDaemon(kind, Self.programs)
            _ = FileManager.default.createFile(atPath: d.dir + "/notexec", contents: Data("#!/bin/sh\n".utf8))
            d.waitFor("RUNNING", "talker", "cat", "nolog", "grp:ga", "grp:gb")
            d.waitFor("EXITED", "done")
            d.expect(eventually { d.read(d.call("supervisor.getProcessInfo", "talker")["stderr_logfile"]?.stringValue ?? "") == "err-1\n" })
            var t = Transcript(d)
            func note(_ label: String, _ value: XMLRPCValue) { t.note("\(label): \(Self.render(value))") }

            // system namespace
            let methods = d.call("system.listMethods")
            note("listMethods", methods)
            for name in methods.arrayValue?.compactMap(\.stringValue) ?? [] {
                let help = d.call("system.methodHelp", .string(name)).stringValue ?? ""
                note("\(name) \(help.utf8.count) \(Self.fnv(help))", d.call("system.methodSignature", .string(name)))
            }
            note("methodHelp nope", d.call("system.methodHelp", "nope"))
            note("methodSignature nope", d.call("system.methodSignature", "supervisor.nope"))
            note("multicall", d.call("system.multicall", [
                ["methodName": "supervisor.getAPIVersion", "params": []],
                ["methodName": "supervisor.getProcessInfo", "params": ["nope"]],
                ["params": []],
                ["methodName": "system.multicall", "params": [[]]],
                ["methodName": "supervisor.nope", "params": []],
                ["methodName": "supervisor.getState"],
            ]))
            for name in ["supervisor.nope", "nope", "supervisor.getState.x", "supervisor._update", "nope.getState"] {
                note("unknown \(name)", d.call(name))
            }

            // identity and state
            for name in ["getAPIVersion", "getVersion", "getSupervisorVersion", "getIdentification", "getState"] {
                note(name, d.call("supervisor." + name))
            }
            t.note("getPID is the daemon: \(d.call("supervisor.getPID").intValue.map { Int32($0) } == d.process?.pid)")

            // process information
            note("getAllProcessInfo", d.call("supervisor.getAllProcessInfo"))
            note("getProcessInfo grp:ga", d.call("supervisor.getProcessInfo", "grp:ga"))
            for name in ["nope", "grp:*", "grp:", "grp", "grp:nope"] {
                note("getProcessInfo \(name)", d.call("supervisor.getProcessInfo", .string(name)))
            }
            note("getAllConfigInfo", d.call("supervisor.getAllConfigInfo"))

            // process logs
            for (offset, length) in [(0, 0), (2, 3), (-4, 0), (100, 0), (-1, 1), (0, -1)] {
                note("readProcessStdoutLog talker \(offset) \(length)",
                     d.call("supervisor.readProcessStdoutLog", "talker", .int(offset), .int(length)))
            }
            note("readProcessLog talker", d.call("supervisor.readProcessLog", "talker", 0, 0))
            note("readProcessStderrLog talker", d.call("supervisor.readProcessStderrLog", "talker", 0, 0))
            note("readProcessStdoutLog nolog", d.call("supervisor.readProcessStdoutLog", "nolog", 0, 0))
            note("readProcessStderrLog nolog", d.call("supervisor.readProcessStderrLog", "nolog", 0, 0))
            note("readProcessStdoutLog nope", d.call("supervisor.readProcessStdoutLog", "nope", 0, 0))
            note("readProcessStdoutLog grp:*", d.call("supervisor.readProcessStdoutLog", "grp:*", 0, 0))
            note("readProcessStdoutLog idle", d.call("supervisor.readProcessStdoutLog", "idle", 0, 0))
            for (offset, length) in [(0, 5), (0, 100), (12, 5), (3, 2), (50, 5)] {
                note("tailProcessStdoutLog talker \(offset) \(length)",
                     d.call("supervisor.tailProcessStdoutLog", "talker", .int(offset), .int(length)))
            }
            note("tailProcessLog talker", d.call("supervisor.tailProcessLog", "talker", 0, 3))
            note("tailProcessStderrLog talker", d.call("supervisor.tailProcessStderrLog", "talker", 0, 3))
            note("tailProcessStdoutLog nolog", d.call("supervisor.tailProcessStdoutLog", "nolog", 0, 3))
            note("tailProcessStdoutLog nope", d.call("supervisor.tailProcessStdoutLog", "nope", 0, 3))
            note("clearProcessLogs talker", d.call("supervisor.clearProcessLogs", "talker"))
            note("readProcessStdoutLog talker after clear", d.call("supervisor.readProcessStdoutLog", "talker", 0, 0))
            note("clearProcessLog idle", d.call("supervisor.clearProcessLog", "idle"))
            note("clearProcessLogs nope", d.call("supervisor.clearProcessLogs", "nope"))
            note("clearProcessLogs grp:*", d.call("supervisor.clearProcessLogs", "grp:*"))
            note("clearAllProcessLogs", d.call("supervisor.clearAllProcessLogs"))

            // stdin and remote events
            note("sendProcessStdin cat", d.call("supervisor.sendProcessStdin", "cat", "hello stdin\n"))
            let catLog = d.call("supervisor.getProcessInfo", "cat")["stdout_logfile"]?.stringValue ?? ""
            t.note("cat echoed: \(eventually { d.read(catLog) == "hello stdin\n" })")
            note("sendProcessStdin cat 5", d.call("supervisor.sendProcessStdin", "cat", 5))
            note("sendProcessStdin idle", d.call("supervisor.sendProcessStdin", "idle", "x"))
            note("sendProcessStdin nope", d.call("supervisor.sendProcessStdin", "nope", "x"))
            note("sendRemoteCommEvent", d.call("supervisor.sendRemoteCommEvent", "type", "data"))

            // signals
            note("signalProcess talker WINCH", d.call("supervisor.signalProcess", "talker", "WINCH"))
            note("signalProcess talker 28", d.call("supervisor.signalProcess", "talker", 28))
            note("signalProcess talker sigwinch", d.call("supervisor.signalProcess", "talker", "sigwinch"))
            note("signalProcess talker BOGUS", d.call("supervisor.signalProcess", "talker", "BOGUS"))
            note("signalProcess talker 99", d.call("supervisor.signalProcess", "talker", "99"))
            note("signalProcess idle", d.call("supervisor.signalProcess", "idle", "WINCH"))
            note("signalProcess nope", d.call("supervisor.signalProcess", "nope", "WINCH"))
            note("signalProcess grp:*", d.call("supervisor.signalProcess", "grp:*", "WINCH"))
            note("signalProcessGroup grp", d.call("supervisor.signalProcessGroup", "grp", "WINCH"))
            note("signalProcessGroup grp BOGUS", d.call("supervisor.signalProcessGroup", "grp", "BOGUS"))
            note("signalProcessGroup nope", d.call("supervisor.signalProcessGroup", "nope", "WINCH"))
            note("signalAllProcesses", Self.sortedResults(d.call("supervisor.signalAllProcesses", "WINCH")))

            // start and stop
            note("startProcess idle nowait", d.call("supervisor.startProcess", "idle", false))
            note("startProcess idle", d.call("supervisor.startProcess", "idle"))
            note("startProcess missing", d.call("supervisor.startProcess", "missing"))
            note("startProcess notexec", d.call("supervisor.startProcess", "notexec"))
            note("startProcess isdir", d.call("supervisor.startProcess", "isdir"))
            note("startProcess quick", d.call("supervisor.startProcess", "quick"))
            note("startProcess nope", d.call("supervisor.startProcess", "nope"))
            note("stopProcess idle", d.call("supervisor.stopProcess", "idle"))
            note("stopProcess idle again", d.call("supervisor.stopProcess", "idle"))
            note("stopProcess nope", d.call("supervisor.stopProcess", "nope"))
            note("stopProcess grp:*", Self.sortedResults(d.call("supervisor.stopProcess", "grp:*")))
            note("startProcess grp:", Self.sortedResults(d.call("supervisor.startProcess", "grp:")))
            note("stopProcessGroup grp nowait", d.call("supervisor.stopProcessGroup", "grp", false))
            d.waitFor("STOPPED", "grp:ga", "grp:gb")
            note("startProcessGroup grp", Self.sortedResults(d.call("supervisor.startProcessGroup", "grp")))
            note("startProcessGroup nope", d.call("supervisor.startProcessGroup", "nope"))
            note("stopProcessGroup nope", d.call("supervisor.stopProcessGroup", "nope"))
            note("stopAllProcesses", Self.sortedResults(d.call("supervisor.stopAllProcesses")))
            note("startAllProcesses", Self.sortedResults(d.call("supervisor.startAllProcesses")))

            // configuration
            note("reloadConfig", d.call("supervisor.reloadConfig"))
            note("addProcessGroup talker", d.call("supervisor.addProcessGroup", "talker"))
            note("addProcessGroup nope", d.call("supervisor.addProcessGroup", "nope"))
            note("removeProcessGroup talker", d.call("supervisor.removeProcessGroup", "talker"))
            note("removeProcessGroup nope", d.call("supervisor.removeProcessGroup", "nope"))
            note("removeProcessGroup missing", d.call("supervisor.removeProcessGroup", "missing"))
            note("addProcessGroup missing", d.call("supervisor.addProcessGroup", "missing"))
            d.writeConfig(Self.programs.replacingOccurrences(of: "[program:cat]", with: "[program:cat2]")
                .replacingOccurrences(of: "exit 3", with: "exit 4") + "\n[program:extra]\ncommand=/bin/cat\nautostart=false\n"
                + "\n[program:slow]\ncommand=/bin/sleep 1000\nautostart=false\nstartsecs=30\nstopwaitsecs=2\n")
            note("reloadConfig changed", d.call("supervisor.reloadConfig"))
            note("getAllConfigInfo after reread", d.call("supervisor.getAllConfigInfo"))
            note("addProcessGroup slow", d.call("supervisor.addProcessGroup", "slow"))

            // abnormal termination: a start still waiting for startsecs when the process is stopped
            let waiting = try d.startCtl(["start", "slow"], output: "slow.out")
            d.waitFor("STARTING", "slow")
            note("stopProcess slow", d.call("supervisor.stopProcess", "slow"))
            t.note("ctl start slow: \(waiting.wait(timeout: .seconds(20)).map(String.init) ?? "?") \(d.read("slow.out"))")

            d.writeConfig(Self.programs + "\n[program:broken]\nautostart=false\n")
            note("reloadConfig broken", d.call("supervisor.reloadConfig"))

            // main log
            d.waitFor("EXITED", "done")
            note("stopProcess idle", d.call("supervisor.stopProcess", "idle"))
            note("clearLog", d.call("supervisor.clearLog"))
            note("startProcess idle", d.call("supervisor.startProcess", "idle"))
            let size = d.read(d.mainLog).utf8.count
            note("readLog", d.call("supervisor.readLog", 0, 0))
            t.note("readLog is the file: \(d.call("supervisor.readLog", 0, 0).stringValue == d.read(d.mainLog))")
            t.note("readMainLog tail is the file's: \(d.call("supervisor.readMainLog", -10, 0).stringValue == String(d.read(d.mainLog).suffix(10)))")
            note("readLog past end", d.call("supervisor.readLog", .int(size + 100_000), 0))
            note("readLog -1 1", d.call("supervisor.readLog", -1, 1))
            note("readLog 0 -1", d.call("supervisor.readLog", 0, -1))
            try? FileManager.default.removeItem(atPath: d.mainLog)
            note("readLog missing", d.call("supervisor.readLog", 0, 0))
            note("clearLog missing", d.call("supervisor.clearLog"))
            t.check("""
                listMethods: ['supervisor.addProcessGroup', 'supervisor.clearAllProcessLogs', 'supervisor.clearLog', 'supervisor.clearProcessLog', 'supervisor.clearProcessLogs', 'supervisor.getAPIVersion', 'supervisor.getAllConfigInfo', 'supervisor.getAllProcessInfo', 'supervisor.getIdentification', 'supervisor.getPID', 'supervisor.getProcessInfo', 'supervisor.getState', 'supervisor.getSupervisorVersion', 'supervisor.getVersion', 'supervisor.readLog', 'supervisor.readMainLog', 'supervisor.readProcessLog', 'supervisor.readProcessStderrLog', 'supervisor.readProcessStdoutLog', 'supervisor.reloadConfig', 'supervisor.removeProcessGroup', 'supervisor.restart', 'supervisor.sendProcessStdin', 'supervisor.sendRemoteCommEvent', 'supervisor.shutdown', 'supervisor.signalAllProcesses', 'supervisor.signalProcess', 'supervisor.signalProcessGroup', 'supervisor.startAllProcesses', 'supervisor.startProcess', 'supervisor.startProcessGroup', 'supervisor.stopAllProcesses', 'supervisor.stopProcess', 'supervisor.stopProcessGroup', 'supervisor.tailProcessLog', 'supervisor.tailProcessStderrLog', 'supervisor.tailProcessStdoutLog', 'system.listMethods', 'system.methodHelp', 'system.methodSignature', 'system.multicall']
                supervisor.addProcessGroup 186 cb36795e06081916: ['boolean', 'string']
                supervisor.clearAllProcessLogs 109 18835f592db25511: ['array']
                supervisor.clearLog 94 1fd386dcc3d9c1f3: ['boolean']
                supervisor.clearProcessLog 222 2d54db5f1c55fcce: ['boolean', 'string']
                supervisor.clearProcessLogs 222 2d54db5f1c55fcce: ['boolean', 'string']
                supervisor.getAPIVersion 98 a1b56423b28b8f81: ['string']
                supervisor.getAllConfigInfo 210 5e4ced234bd94dc1: ['array']
                supervisor.getAllProcessInfo 104 526ecf0f53c751b8: ['array']
                supervisor.getIdentification 104 3fd49f118a7e6964: ['string']
                supervisor.getPID 64 9ad132633c80e326: ['int']
                supervisor.getProcessInfo 195 c4aad240187bd72f: ['struct', 'string']
                supervisor.getState 132 88867215a2c150cb: ['struct']
                supervisor.getSupervisorVersion 111 3ea0ea29e8984467: ['string']
                supervisor.getVersion 98 a1b56423b28b8f81: ['string']
                supervisor.readLog 248 4696074905f0fdf6: ['string', 'int', 'int']
                supervisor.readMainLog 248 4696074905f0fdf6: ['string', 'int', 'int']
                supervisor.readProcessLog 329 25032af3ef7340f6: ['string', 'string', 'int', 'int']
                supervisor.readProcessStderrLog 329 cef435e0ebf664d1: ['string', 'string', 'int', 'int']
                supervisor.readProcessStdoutLog 329 25032af3ef7340f6: ['string', 'string', 'int', 'int']
                supervisor.reloadConfig 432 f2254cdd150f97e: ['array']
                supervisor.removeProcessGroup 213 a3bc03f9200fa3cd: ['boolean', 'string']
                supervisor.restart 105 fbaa1ca602a20726: ['boolean']
                supervisor.sendProcessStdin 663 a6f35829649801d7: ['boolean', 'string', 'string']
                supervisor.sendRemoteCommEvent 322 e0c1b705594b4204: ['boolean', 'string', 'string']
                supervisor.shutdown 107 40fdaeabca0b5a5c: ['boolean']
                supervisor.signalAllProcesses 209 a672a404fa73c197: ['array', 'string']
                supervisor.signalProcess 249 4bbb59f611e1c7d6: ['boolean', 'string', 'string']
                supervisor.signalProcessGroup 212 8702463b2fc8e983: ['array', 'string', 'string']
                supervisor.startAllProcesses 207 d5a138e8ed7ac6fd: ['array', 'boolean']
                supervisor.startProcess 228 73523e4541ae1da0: ['boolean', 'string', 'boolean']
                supervisor.startProcessGroup 246 4ac000e0b0a081d1: ['array', 'string', 'boolean']
                supervisor.stopAllProcesses 193 68acbe8363dec3a1: ['array', 'boolean']
                supervisor.stopProcess 260 d0dd90a5fd555ea4: ['boolean', 'string', 'boolean']
                supervisor.stopProcessGroup 253 c7cd6fd175e1c110: ['array', 'string', 'boolean']
                supervisor.tailProcessLog 943 97b17f397029b560: ['array', 'string', 'int', 'int']
                supervisor.tailProcessStderrLog 943 2407b71482cc2164: ['array', 'string', 'int', 'int']
                supervisor.tailProcessStdoutLog 943 97b17f397029b560: ['array', 'string', 'int', 'int']
                system.listMethods 137 6576180de4fa9e78: ['array']
                system.methodHelp 183 72ebac2878b573e3: ['string', 'string']
                system.methodSignature 354 5016f47ef03b8866: ['array', 'string']
                system.multicall 526 7e4da3438f3232ec: ['array', 'array']
                methodHelp nope: 'FAULT 4 SIGNATURE_UNSUPPORTED'
                methodSignature nope: 'FAULT 4 SIGNATURE_UNSUPPORTED'
                multicall: ['3.0', {'faultCode': 10, 'faultString': 'BAD_NAME: nope'}, {'faultCode': 2, 'faultString': 'INCORRECT_PARAMETERS: No methodName'}, {'faultCode': 2, 'faultString': 'INCORRECT_PARAMETERS: Recursive system.multicall forbidden'}, {'faultCode': 1, 'faultString': 'UNKNOWN_METHOD'}, {'statecode': 1, 'statename': 'RUNNING'}]
                unknown supervisor.nope: 'FAULT 1 UNKNOWN_METHOD'
                unknown nope: 'FAULT 1 UNKNOWN_METHOD'
                unknown supervisor.getState.x: 'FAULT 1 UNKNOWN_METHOD'
                unknown supervisor._update: 'FAULT 1 UNKNOWN_METHOD'
                unknown nope.getState: 'FAULT 1 UNKNOWN_METHOD'
                getAPIVersion: '3.0'
                getVersion: '3.0'
                getSupervisorVersion: '4.3.0'
                getIdentification: 'supervisor'
                getState: {'statecode': 1, 'statename': 'RUNNING'}
                getPID is the daemon: true
                getAllProcessInfo: [{'name': 'cat', 'group': 'cat', 'start': '<start>', 'stop': 0, 'now': '<now>', 'state': 20, 'statename': 'RUNNING', 'spawnerr': '', 'exitstatus': 0, 'logfile': 'DIR/cat-stdout---supervisor-AUTO.log', 'stdout_logfile': 'DIR/cat-stdout---supervisor-AUTO.log', 'stderr_logfile': 'DIR/cat-stderr---supervisor-AUTO.log', 'pid': '<pid>', 'description': 'pid PID, uptime UPTIME'}, {'name': 'done', 'group': 'done', 'start': '<start>', 'stop': '<stop>', 'now': '<now>', 'state': 100, 'statename': 'EXITED', 'spawnerr': '', 'exitstatus': 0, 'logfile': 'DIR/done-stdout---supervisor-AUTO.log', 'stdout_logfile': 'DIR/done-stdout---supervisor-AUTO.log', 'stderr_logfile': 'DIR/done-stderr---supervisor-AUTO.log', 'pid': 0, 'description': 'STOPTIME'}, {'name': 'ga', 'group': 'grp', 'start': '<start>', 'stop': 0, 'now': '<now>', 'state': 20, 'statename': 'RUNNING', 'spawnerr': '', 'exitstatus': 0, 'logfile': 'DIR/ga-stdout---supervisor-AUTO.log', 'stdout_logfile': 'DIR/ga-stdout---supervisor-AUTO.log', 'stderr_logfile': 'DIR/ga-stderr---supervisor-AUTO.log', 'pid': '<pid>', 'description': 'pid PID, uptime UPTIME'}, {'name': 'gb', 'group': 'grp', 'start': '<start>', 'stop': 0, 'now': '<now>', 'state': 20, 'statename': 'RUNNING', 'spawnerr': '', 'exitstatus': 0, 'logfile': 'DIR/gb-stdout---supervisor-AUTO.log', 'stdout_logfile': 'DIR/gb-stdout---supervisor-AUTO.log', 'stderr_logfile': 'DIR/gb-stderr---supervisor-AUTO.log', 'pid': '<pid>', 'description': 'pid PID, uptime UPTIME'}, {'name': 'idle', 'group': 'idle', 'start': 0, 'stop': 0, 'now': '<now>', 'state': 0, 'statename': 'STOPPED', 'spawnerr': '', 'exitstatus': 0, 'logfile': 'DIR/idle-stdout---supervisor-AUTO.log', 'stdout_logfile': 'DIR/idle-stdout---supervisor-AUTO.log', 'stderr_logfile': 'DIR/idle-stderr---supervisor-AUTO.log', 'pid': 0, 'description': 'Not started'}, {'name': 'isdir', 'group': 'isdir', 'start': 0, 'stop': 0, 'now': '<now>', 'state': 0, 'statename': 'STOPPED', 'spawnerr': '', 'exitstatus': 0, 'logfile': 'DIR/isdir-stdout---supervisor-AUTO.log', 'stdout_logfile': 'DIR/isdir-stdout---supervisor-AUTO.log', 'stderr_logfile': 'DIR/isdir-stderr---supervisor-AUTO.log', 'pid': 0, 'description': 'Not started'}, {'name': 'missing', 'group': 'missing', 'start': 0, 'stop': 0, 'now': '<now>', 'state': 0, 'statename': 'STOPPED', 'spawnerr': '', 'exitstatus': 0, 'logfile': 'DIR/missing-stdout---supervisor-AUTO.log', 'stdout_logfile': 'DIR/missing-stdout---supervisor-AUTO.log', 'stderr_logfile': 'DIR/missing-stderr---supervisor-AUTO.log', 'pid': 0, 'description': 'Not started'}, {'name': 'nolog', 'group': 'nolog', 'start': '<start>', 'stop': 0, 'now': '<now>', 'state': 20, 'statename': 'RUNNING', 'spawnerr': '', 'exitstatus': 0, 'logfile': '', 'stdout_logfile': '', 'stderr_logfile': '', 'pid': '<pid>', 'description': 'pid PID, uptime UPTIME'}, {'name': 'notexec', 'group': 'notexec', 'start': 0, 'stop': 0, 'now': '<now>', 'state': 0, 'statename': 'STOPPED', 'spawnerr': '', 'exitstatus': 0, 'logfile': 'DIR/notexec-stdout---supervisor-AUTO.log', 'stdout_logfile': 'DIR/notexec-stdout---supervisor-AUTO.log', 'stderr_logfile': 'DIR/notexec-stderr---supervisor-AUTO.log', 'pid': 0, 'description': 'Not started'}, {'name': 'quick', 'group': 'quick', 'start': 0, 'stop': 0, 'now': '<now>', 'state': 0, 'statename': 'STOPPED', 'spawnerr': '', 'exitstatus': 0, 'logfile': 'DIR/quick-stdout---supervisor-AUTO.log', 'stdout_logfile': 'DIR/quick-stdout---supervisor-AUTO.log', 'stderr_logfile': 'DIR/quick-stderr---supervisor-AUTO.log', 'pid': 0, 'description': 'Not started'}, {'name': 'talker', 'group': 'talker', 'start': '<start>', 'stop': 0, 'now': '<now>', 'state': 20, 'statename': 'RUNNING', 'spawnerr': '', 'exitstatus': 0, 'logfile': 'DIR/talker-stdout---supervisor-AUTO.log', 'stdout_logfile': 'DIR/talker-stdout---supervisor-AUTO.log', 'stderr_logfile': 'DIR/talker-stderr---supervisor-AUTO.log', 'pid': '<pid>', 'description': 'pid PID, uptime UPTIME'}]
                getProcessInfo grp:ga: {'name': 'ga', 'group': 'grp', 'start': '<start>', 'stop': 0, 'now': '<now>', 'state': 20, 'statename': 'RUNNING', 'spawnerr': '', 'exitstatus': 0, 'logfile': 'DIR/ga-stdout---supervisor-AUTO.log', 'stdout_logfile': 'DIR/ga-stdout---supervisor-AUTO.log', 'stderr_logfile': 'DIR/ga-stderr---supervisor-AUTO.log', 'pid': '<pid>', 'description': 'pid PID, uptime UPTIME'}
                getProcessInfo nope: 'FAULT 10 BAD_NAME: nope'
                getProcessInfo grp:*: 'FAULT 10 BAD_NAME: grp:*'
                getProcessInfo grp:: 'FAULT 10 BAD_NAME: grp:'
                getProcessInfo grp: 'FAULT 10 BAD_NAME: grp'
                getProcessInfo grp:nope: 'FAULT 10 BAD_NAME: grp:nope'
                getAllConfigInfo: [{'autostart': True, 'directory': 'none', 'uid': 'none', 'command': '/bin/cat', 'exitcodes': [0], 'group': 'cat', 'group_prio': 999, 'inuse': True, 'killasgroup': False, 'name': 'cat', 'process_prio': 999, 'redirect_stderr': False, 'startretries': 3, 'startsecs': 0, 'stdout_capture_maxbytes': 0, 'stdout_events_enabled': False, 'stdout_logfile': 'DIR/cat-stdout---supervisor-AUTO.log', 'stdout_logfile_backups': 10, 'stdout_logfile_maxbytes': 52428800, 'stdout_syslog': False, 'stopsignal': 15, 'stopwaitsecs': 2, 'stderr_capture_maxbytes': 0, 'stderr_events_enabled': False, 'stderr_logfile': 'DIR/cat-stderr---supervisor-AUTO.log', 'stderr_logfile_backups': 10, 'stderr_logfile_maxbytes': 52428800, 'stderr_syslog': False, 'serverurl': 'none'}, {'autostart': True, 'directory': 'none', 'uid': 'none', 'command': '/bin/sh -c 'sleep 0.3; exit 0'', 'exitcodes': [0], 'group': 'done', 'group_prio': 999, 'inuse': True, 'killasgroup': False, 'name': 'done', 'process_prio': 999, 'redirect_stderr': False, 'startretries': 3, 'startsecs': 0, 'stdout_capture_maxbytes': 0, 'stdout_events_enabled': False, 'stdout_logfile': 'DIR/done-stdout---supervisor-AUTO.log', 'stdout_logfile_backups': 10, 'stdout_logfile_maxbytes': 52428800, 'stdout_syslog': False, 'stopsignal': 15, 'stopwaitsecs': 10, 'stderr_capture_maxbytes': 0, 'stderr_events_enabled': False, 'stderr_logfile': 'DIR/done-stderr---supervisor-AUTO.log', 'stderr_logfile_backups': 10, 'stderr_logfile_maxbytes': 52428800, 'stderr_syslog': False, 'serverurl': 'none'}, {'autostart': True, 'directory': 'none', 'uid': 'none', 'command': '/bin/sleep 1000', 'exitcodes': [0], 'group': 'grp', 'group_prio': 999, 'inuse': True, 'killasgroup': False, 'name': 'ga', 'process_prio': 999, 'redirect_stderr': False, 'startretries': 3, 'startsecs': 0, 'stdout_capture_maxbytes': 0, 'stdout_events_enabled': False, 'stdout_logfile': 'DIR/ga-stdout---supervisor-AUTO.log', 'stdout_logfile_backups': 10, 'stdout_logfile_maxbytes': 52428800, 'stdout_syslog': False, 'stopsignal': 15, 'stopwaitsecs': 2, 'stderr_capture_maxbytes': 0, 'stderr_events_enabled': False, 'stderr_logfile': 'DIR/ga-stderr---supervisor-AUTO.log', 'stderr_logfile_backups': 10, 'stderr_logfile_maxbytes': 52428800, 'stderr_syslog': False, 'serverurl': 'none'}, {'autostart': True, 'directory': 'none', 'uid': 'none', 'command': '/bin/sleep 1000', 'exitcodes': [0], 'group': 'grp', 'group_prio': 999, 'inuse': True, 'killasgroup': False, 'name': 'gb', 'process_prio': 999, 'redirect_stderr': False, 'startretries': 3, 'startsecs': 0, 'stdout_capture_maxbytes': 0, 'stdout_events_enabled': False, 'stdout_logfile': 'DIR/gb-stdout---supervisor-AUTO.log', 'stdout_logfile_backups': 10, 'stdout_logfile_maxbytes': 52428800, 'stdout_syslog': False, 'stopsignal': 15, 'stopwaitsecs': 2, 'stderr_capture_maxbytes': 0, 'stderr_events_enabled': False, 'stderr_logfile': 'DIR/gb-stderr---supervisor-AUTO.log', 'stderr_logfile_backups': 10, 'stderr_logfile_maxbytes': 52428800, 'stderr_syslog': False, 'serverurl': 'none'}, {'autostart': False, 'directory': 'none', 'uid': 'none', 'command': '/bin/sleep 1000', 'exitcodes': [0], 'group': 'idle', 'group_prio': 999, 'inuse': True, 'killasgroup': False, 'name': 'idle', 'process_prio': 999, 'redirect_stderr': False, 'startretries': 3, 'startsecs': 0, 'stdout_capture_maxbytes': 0, 'stdout_events_enabled': False, 'stdout_logfile': 'DIR/idle-stdout---supervisor-AUTO.log', 'stdout_logfile_backups': 10, 'stdout_logfile_maxbytes': 52428800, 'stdout_syslog': False, 'stopsignal': 15, 'stopwaitsecs': 2, 'stderr_capture_maxbytes': 0, 'stderr_events_enabled': False, 'stderr_logfile': 'DIR/idle-stderr---supervisor-AUTO.log', 'stderr_logfile_backups': 10, 'stderr_logfile_maxbytes': 52428800, 'stderr_syslog': False, 'serverurl': 'none'}, {'autostart': False, 'directory': 'none', 'uid': 'none', 'command': '/tmp', 'exitcodes': [0], 'group': 'isdir', 'group_prio': 999, 'inuse': True, 'killasgroup': False, 'name': 'isdir', 'process_prio': 999, 'redirect_stderr': False, 'startretries': 3, 'startsecs': 1, 'stdout_capture_maxbytes': 0, 'stdout_events_enabled': False, 'stdout_logfile': 'DIR/isdir-stdout---supervisor-AUTO.log', 'stdout_logfile_backups': 10, 'stdout_logfile_maxbytes': 52428800, 'stdout_syslog': False, 'stopsignal': 15, 'stopwaitsecs': 10, 'stderr_capture_maxbytes': 0, 'stderr_events_enabled': False, 'stderr_logfile': 'DIR/isdir-stderr---supervisor-AUTO.log', 'stderr_logfile_backups': 10, 'stderr_logfile_maxbytes': 52428800, 'stderr_syslog': False, 'serverurl': 'none'}, {'autostart': False, 'directory': 'none', 'uid': 'none', 'command': '/no/such/command', 'exitcodes': [0], 'group': 'missing', 'group_prio': 999, 'inuse': True, 'killasgroup': False, 'name': 'missing', 'process_prio': 999, 'redirect_stderr': False, 'startretries': 3, 'startsecs': 1, 'stdout_capture_maxbytes': 0, 'stdout_events_enabled': False, 'stdout_logfile': 'DIR/missing-stdout---supervisor-AUTO.log', 'stdout_logfile_backups': 10, 'stdout_logfile_maxbytes': 52428800, 'stdout_syslog': False, 'stopsignal': 15, 'stopwaitsecs': 10, 'stderr_capture_maxbytes': 0, 'stderr_events_enabled': False, 'stderr_logfile': 'DIR/missing-stderr---supervisor-AUTO.log', 'stderr_logfile_backups': 10, 'stderr_logfile_maxbytes': 52428800, 'stderr_syslog': False, 'serverurl': 'none'}, {'autostart': True, 'directory': 'none', 'uid': 'none', 'command': '/bin/sleep 1000', 'exitcodes': [0], 'group': 'nolog', 'group_prio': 999, 'inuse': True, 'killasgroup': False, 'name': 'nolog', 'process_prio': 999, 'redirect_stderr': False, 'startretries': 3, 'startsecs': 0, 'stdout_capture_maxbytes': 0, 'stdout_events_enabled': False, 'stdout_logfile': 'none', 'stdout_logfile_backups': 10, 'stdout_logfile_maxbytes': 52428800, 'stdout_syslog': False, 'stopsignal': 15, 'stopwaitsecs': 2, 'stderr_capture_maxbytes': 0, 'stderr_events_enabled': False, 'stderr_logfile': 'none', 'stderr_logfile_backups': 10, 'stderr_logfile_maxbytes': 52428800, 'stderr_syslog': False, 'serverurl': 'none'}, {'autostart': False, 'directory': 'none', 'uid': 'none', 'command': 'DIR/notexec', 'exitcodes': [0], 'group': 'notexec', 'group_prio': 999, 'inuse': True, 'killasgroup': False, 'name': 'notexec', 'process_prio': 999, 'redirect_stderr': False, 'startretries': 3, 'startsecs': 1, 'stdout_capture_maxbytes': 0, 'stdout_events_enabled': False, 'stdout_logfile': 'DIR/notexec-stdout---supervisor-AUTO.log', 'stdout_logfile_backups': 10, 'stdout_logfile_maxbytes': 52428800, 'stdout_syslog': False, 'stopsignal': 15, 'stopwaitsecs': 10, 'stderr_capture_maxbytes': 0, 'stderr_events_enabled': False, 'stderr_logfile': 'DIR/notexec-stderr---supervisor-AUTO.log', 'stderr_logfile_backups': 10, 'stderr_logfile_maxbytes': 52428800, 'stderr_syslog': False, 'serverurl': 'none'}, {'autostart': False, 'directory': 'none', 'uid': 'none', 'command': '/bin/sh -c 'exit 3'', 'exitcodes': [0], 'group': 'quick', 'group_prio': 999, 'inuse': True, 'killasgroup': False, 'name': 'quick', 'process_prio': 999, 'redirect_stderr': False, 'startretries': 0, 'startsecs': 1, 'stdout_capture_maxbytes': 0, 'stdout_events_enabled': False, 'stdout_logfile': 'DIR/quick-stdout---supervisor-AUTO.log', 'stdout_logfile_backups': 10, 'stdout_logfile_maxbytes': 52428800, 'stdout_syslog': False, 'stopsignal': 15, 'stopwaitsecs': 10, 'stderr_capture_maxbytes': 0, 'stderr_events_enabled': False, 'stderr_logfile': 'DIR/quick-stderr---supervisor-AUTO.log', 'stderr_logfile_backups': 10, 'stderr_logfile_maxbytes': 52428800, 'stderr_syslog': False, 'serverurl': 'none'}, {'autostart': True, 'directory': 'none', 'uid': 'none', 'command': '/bin/sh -c 'echo out-1; echo out-2; echo err-1 >&2; exec sleep 1000'', 'exitcodes': [0], 'group': 'talker', 'group_prio': 10, 'inuse': True, 'killasgroup': False, 'name': 'talker', 'process_prio': 10, 'redirect_stderr': False, 'startretries': 3, 'startsecs': 0, 'stdout_capture_maxbytes': 0, 'stdout_events_enabled': False, 'stdout_logfile': 'DIR/talker-stdout---supervisor-AUTO.log', 'stdout_logfile_backups': 10, 'stdout_logfile_maxbytes': 52428800, 'stdout_syslog': False, 'stopsignal': 15, 'stopwaitsecs': 2, 'stderr_capture_maxbytes': 0, 'stderr_events_enabled': False, 'stderr_logfile': 'DIR/talker-stderr---supervisor-AUTO.log', 'stderr_logfile_backups': 10, 'stderr_logfile_maxbytes': 52428800, 'stderr_syslog': False, 'serverurl': 'none'}]
                readProcessStdoutLog talker 0 0: 'out-1
                out-2
                '
                readProcessStdoutLog talker 2 3: 't-1'
                readProcessStdoutLog talker -4 0: 't-2
                '
                readProcessStdoutLog talker 100 0: ''
                readProcessStdoutLog talker -1 1: 'FAULT 3 BAD_ARGUMENTS'
                readProcessStdoutLog talker 0 -1: 'FAULT 3 BAD_ARGUMENTS'
                readProcessLog talker: 'out-1
                out-2
                '
                readProcessStderrLog talker: 'err-1
                '
                readProcessStdoutLog nolog: 'FAULT 20 NO_FILE'
                readProcessStderrLog nolog: 'FAULT 20 NO_FILE'
                readProcessStdoutLog nope: 'FAULT 10 BAD_NAME: nope'
                readProcessStdoutLog grp:*: 'FAULT 10 BAD_NAME: grp:*'
                readProcessStdoutLog idle: ''
                tailProcessStdoutLog talker 0 5: ['ut-2
                ', 12, True]
                tailProcessStdoutLog talker 0 100: ['out-1
                out-2
                ', 12, False]
                tailProcessStdoutLog talker 12 5: ['', 12, False]
                tailProcessStdoutLog talker 3 2: ['2
                ', 12, True]
                tailProcessStdoutLog talker 50 5: ['', 12, False]
                tailProcessLog talker: ['-2
                ', 12, True]
                tailProcessStderrLog talker: ['-1
                ', 6, True]
                tailProcessStdoutLog nolog: ['', 0, False]
                tailProcessStdoutLog nope: 'FAULT 10 BAD_NAME: nope'
                clearProcessLogs talker: True
                readProcessStdoutLog talker after clear: ''
                clearProcessLog idle: True
                clearProcessLogs nope: 'FAULT 10 BAD_NAME: nope'
                clearProcessLogs grp:*: 'FAULT 10 BAD_NAME: grp:*'
                clearAllProcessLogs: [{'name': 'talker', 'group': 'talker', 'status': 80, 'description': 'OK'}, {'name': 'cat', 'group': 'cat', 'status': 80, 'description': 'OK'}, {'name': 'done', 'group': 'done', 'status': 80, 'description': 'OK'}, {'name': 'ga', 'group': 'grp', 'status': 80, 'description': 'OK'}, {'name': 'gb', 'group': 'grp', 'status': 80, 'description': 'OK'}, {'name': 'idle', 'group': 'idle', 'status': 80, 'description': 'OK'}, {'name': 'isdir', 'group': 'isdir', 'status': 80, 'description': 'OK'}, {'name': 'missing', 'group': 'missing', 'status': 80, 'description': 'OK'}, {'name': 'nolog', 'group': 'nolog', 'status': 80, 'description': 'OK'}, {'name': 'notexec', 'group': 'notexec', 'status': 80, 'description': 'OK'}, {'name': 'quick', 'group': 'quick', 'status': 80, 'description': 'OK'}]
                sendProcessStdin cat: True
                cat echoed: true
                sendProcessStdin cat 5: 'FAULT 2 INCORRECT_PARAMETERS: 5'
                sendProcessStdin idle: 'FAULT 70 NOT_RUNNING: idle'
                sendProcessStdin nope: 'FAULT 10 BAD_NAME: nope'
                sendRemoteCommEvent: True
                signalProcess talker WINCH: True
                signalProcess talker 28: True
                signalProcess talker sigwinch: True
                signalProcess talker BOGUS: 'FAULT 11 BAD_SIGNAL: BOGUS'
                signalProcess talker 99: 'FAULT 11 BAD_SIGNAL: 99'
                signalProcess idle: 'FAULT 70 NOT_RUNNING: idle'
                signalProcess nope: 'FAULT 10 BAD_NAME: nope'
                signalProcess grp:*: [{'name': 'ga', 'group': 'grp', 'status': 80, 'description': 'OK'}, {'name': 'gb', 'group': 'grp', 'status': 80, 'description': 'OK'}]
                signalProcessGroup grp: [{'name': 'ga', 'group': 'grp', 'status': 80, 'description': 'OK'}, {'name': 'gb', 'group': 'grp', 'status': 80, 'description': 'OK'}]
                signalProcessGroup grp BOGUS: [{'name': 'ga', 'group': 'grp', 'status': 11, 'description': 'BAD_SIGNAL: BOGUS'}, {'name': 'gb', 'group': 'grp', 'status': 11, 'description': 'BAD_SIGNAL: BOGUS'}]
                signalProcessGroup nope: 'FAULT 10 BAD_NAME: nope'
                signalAllProcesses: [{'name': 'cat', 'group': 'cat', 'status': 80, 'description': 'OK'}, {'name': 'ga', 'group': 'grp', 'status': 80, 'description': 'OK'}, {'name': 'gb', 'group': 'grp', 'status': 80, 'description': 'OK'}, {'name': 'nolog', 'group': 'nolog', 'status': 80, 'description': 'OK'}, {'name': 'talker', 'group': 'talker', 'status': 80, 'description': 'OK'}]
                startProcess idle nowait: True
                startProcess idle: 'FAULT 60 ALREADY_STARTED: idle'
                startProcess missing: 'FAULT 20 NO_FILE: can't find command '/no/such/command''
                startProcess notexec: 'FAULT 21 NOT_EXECUTABLE: command at 'DIR/notexec' is not executable'
                startProcess isdir: 'FAULT 21 NOT_EXECUTABLE: command at '/tmp' is a directory'
                startProcess quick: 'FAULT 50 SPAWN_ERROR: quick'
                startProcess nope: 'FAULT 10 BAD_NAME: nope'
                stopProcess idle: True
                stopProcess idle again: 'FAULT 70 NOT_RUNNING: idle'
                stopProcess nope: 'FAULT 10 BAD_NAME: nope'
                stopProcess grp:*: [{'name': 'ga', 'group': 'grp', 'status': 80, 'description': 'OK'}, {'name': 'gb', 'group': 'grp', 'status': 80, 'description': 'OK'}]
                startProcess grp:: [{'name': 'ga', 'group': 'grp', 'status': 80, 'description': 'OK'}, {'name': 'gb', 'group': 'grp', 'status': 80, 'description': 'OK'}]
                stopProcessGroup grp nowait: [{'name': 'ga', 'group': 'grp', 'status': 80, 'description': 'OK'}, {'name': 'gb', 'group': 'grp', 'status': 80, 'description': 'OK'}]
                startProcessGroup grp: [{'name': 'ga', 'group': 'grp', 'status': 80, 'description': 'OK'}, {'name': 'gb', 'group': 'grp', 'status': 80, 'description': 'OK'}]
                startProcessGroup nope: 'FAULT 10 BAD_NAME: nope'
                stopProcessGroup nope: 'FAULT 10 BAD_NAME: nope'
                stopAllProcesses: [{'name': 'cat', 'group': 'cat', 'status': 80, 'description': 'OK'}, {'name': 'ga', 'group': 'grp', 'status': 80, 'description': 'OK'}, {'name': 'gb', 'group': 'grp', 'status': 80, 'description': 'OK'}, {'name': 'nolog', 'group': 'nolog', 'status': 80, 'description': 'OK'}, {'name': 'talker', 'group': 'talker', 'status': 80, 'description': 'OK'}]
                startAllProcesses: [{'name': 'cat', 'group': 'cat', 'status': 80, 'description': 'OK'}, {'name': 'done', 'group': 'done', 'status': 80, 'description': 'OK'}, {'name': 'ga', 'group': 'grp', 'status': 80, 'description': 'OK'}, {'name': 'gb', 'group': 'grp', 'status': 80, 'description': 'OK'}, {'name': 'idle', 'group': 'idle', 'status': 80, 'description': 'OK'}, {'name': 'isdir', 'group': 'isdir', 'status': 21, 'description': 'NOT_EXECUTABLE: command at '/tmp' is a directory'}, {'name': 'missing', 'group': 'missing', 'status': 20, 'description': 'NO_FILE: can't find command '/no/such/command''}, {'name': 'nolog', 'group': 'nolog', 'status': 80, 'description': 'OK'}, {'name': 'notexec', 'group': 'notexec', 'status': 21, 'description': 'NOT_EXECUTABLE: command at 'DIR/notexec' is not executable'}, {'name': 'quick', 'group': 'quick', 'status': 50, 'description': 'SPAWN_ERROR: quick'}, {'name': 'talker', 'group': 'talker', 'status': 80, 'description': 'OK'}]
                reloadConfig: [[[], [], []]]
                addProcessGroup talker: 'FAULT 90 ALREADY_ADDED: talker'
                addProcessGroup nope: 'FAULT 10 BAD_NAME: nope'
                removeProcessGroup talker: 'FAULT 91 STILL_RUNNING: talker'
                removeProcessGroup nope: 'FAULT 10 BAD_NAME: nope'
                removeProcessGroup missing: True
                addProcessGroup missing: True
                reloadConfig changed: [[['cat2', 'extra', 'slow'], ['quick'], ['cat']]]
                getAllConfigInfo after reread: [{'autostart': True, 'directory': 'none', 'uid': 'none', 'command': '/bin/cat', 'exitcodes': [0], 'group': 'cat2', 'group_prio': 999, 'inuse': False, 'killasgroup': False, 'name': 'cat2', 'process_prio': 999, 'redirect_stderr': False, 'startretries': 3, 'startsecs': 0, 'stdout_capture_maxbytes': 0, 'stdout_events_enabled': False, 'stdout_logfile': 'auto', 'stdout_logfile_backups': 10, 'stdout_logfile_maxbytes': 52428800, 'stdout_syslog': False, 'stopsignal': 15, 'stopwaitsecs': 2, 'stderr_capture_maxbytes': 0, 'stderr_events_enabled': False, 'stderr_logfile': 'auto', 'stderr_logfile_backups': 10, 'stderr_logfile_maxbytes': 52428800, 'stderr_syslog': False, 'serverurl': 'none'}, {'autostart': True, 'directory': 'none', 'uid': 'none', 'command': '/bin/sh -c 'sleep 0.3; exit 0'', 'exitcodes': [0], 'group': 'done', 'group_prio': 999, 'inuse': True, 'killasgroup': False, 'name': 'done', 'process_prio': 999, 'redirect_stderr': False, 'startretries': 3, 'startsecs': 0, 'stdout_capture_maxbytes': 0, 'stdout_events_enabled': False, 'stdout_logfile': 'auto', 'stdout_logfile_backups': 10, 'stdout_logfile_maxbytes': 52428800, 'stdout_syslog': False, 'stopsignal': 15, 'stopwaitsecs': 10, 'stderr_capture_maxbytes': 0, 'stderr_events_enabled': False, 'stderr_logfile': 'auto', 'stderr_logfile_backups': 10, 'stderr_logfile_maxbytes': 52428800, 'stderr_syslog': False, 'serverurl': 'none'}, {'autostart': False, 'directory': 'none', 'uid': 'none', 'command': '/bin/cat', 'exitcodes': [0], 'group': 'extra', 'group_prio': 999, 'inuse': False, 'killasgroup': False, 'name': 'extra', 'process_prio': 999, 'redirect_stderr': False, 'startretries': 3, 'startsecs': 1, 'stdout_capture_maxbytes': 0, 'stdout_events_enabled': False, 'stdout_logfile': 'auto', 'stdout_logfile_backups': 10, 'stdout_logfile_maxbytes': 52428800, 'stdout_syslog': False, 'stopsignal': 15, 'stopwaitsecs': 10, 'stderr_capture_maxbytes': 0, 'stderr_events_enabled': False, 'stderr_logfile': 'auto', 'stderr_logfile_backups': 10, 'stderr_logfile_maxbytes': 52428800, 'stderr_syslog': False, 'serverurl': 'none'}, {'autostart': True, 'directory': 'none', 'uid': 'none', 'command': '/bin/sleep 1000', 'exitcodes': [0], 'group': 'grp', 'group_prio': 999, 'inuse': True, 'killasgroup': False, 'name': 'ga', 'process_prio': 999, 'redirect_stderr': False, 'startretries': 3, 'startsecs': 0, 'stdout_capture_maxbytes': 0, 'stdout_events_enabled': False, 'stdout_logfile': 'auto', 'stdout_logfile_backups': 10, 'stdout_logfile_maxbytes': 52428800, 'stdout_syslog': False, 'stopsignal': 15, 'stopwaitsecs': 2, 'stderr_capture_maxbytes': 0, 'stderr_events_enabled': False, 'stderr_logfile': 'auto', 'stderr_logfile_backups': 10, 'stderr_logfile_maxbytes': 52428800, 'stderr_syslog': False, 'serverurl': 'none'}, {'autostart': True, 'directory': 'none', 'uid': 'none', 'command': '/bin/sleep 1000', 'exitcodes': [0], 'group': 'grp', 'group_prio': 999, 'inuse': True, 'killasgroup': False, 'name': 'gb', 'process_prio': 999, 'redirect_stderr': False, 'startretries': 3, 'startsecs': 0, 'stdout_capture_maxbytes': 0, 'stdout_events_enabled': False, 'stdout_logfile': 'auto', 'stdout_logfile_backups': 10, 'stdout_logfile_maxbytes': 52428800, 'stdout_syslog': False, 'stopsignal': 15, 'stopwaitsecs': 2, 'stderr_capture_maxbytes': 0, 'stderr_events_enabled': False, 'stderr_logfile': 'auto', 'stderr_logfile_backups': 10, 'stderr_logfile_maxbytes': 52428800, 'stderr_syslog': False, 'serverurl': 'none'}, {'autostart': False, 'directory': 'none', 'uid': 'none', 'command': '/bin/sleep 1000', 'exitcodes': [0], 'group': 'idle', 'group_prio': 999, 'inuse': True, 'killasgroup': False, 'name': 'idle', 'process_prio': 999, 'redirect_stderr': False, 'startretries': 3, 'startsecs': 0, 'stdout_capture_maxbytes': 0, 'stdout_events_enabled': False, 'stdout_logfile': 'auto', 'stdout_logfile_backups': 10, 'stdout_logfile_maxbytes': 52428800, 'stdout_syslog': False, 'stopsignal': 15, 'stopwaitsecs': 2, 'stderr_capture_maxbytes': 0, 'stderr_events_enabled': False, 'stderr_logfile': 'auto', 'stderr_logfile_backups': 10, 'stderr_logfile_maxbytes': 52428800, 'stderr_syslog': False, 'serverurl': 'none'}, {'autostart': False, 'directory': 'none', 'uid': 'none', 'command': '/tmp', 'exitcodes': [0], 'group': 'isdir', 'group_prio': 999, 'inuse': True, 'killasgroup': False, 'name': 'isdir', 'process_prio': 999, 'redirect_stderr': False, 'startretries': 3, 'startsecs': 1, 'stdout_capture_maxbytes': 0, 'stdout_events_enabled': False, 'stdout_logfile': 'auto', 'stdout_logfile_backups': 10, 'stdout_logfile_maxbytes': 52428800, 'stdout_syslog': False, 'stopsignal': 15, 'stopwaitsecs': 10, 'stderr_capture_maxbytes': 0, 'stderr_events_enabled': False, 'stderr_logfile': 'auto', 'stderr_logfile_backups': 10, 'stderr_logfile_maxbytes': 52428800, 'stderr_syslog': False, 'serverurl': 'none'}, {'autostart': False, 'directory': 'none', 'uid': 'none', 'command': '/no/such/command', 'exitcodes': [0], 'group': 'missing', 'group_prio': 999, 'inuse': True, 'killasgroup': False, 'name': 'missing', 'process_prio': 999, 'redirect_stderr': False, 'startretries': 3, 'startsecs': 1, 'stdout_capture_maxbytes': 0, 'stdout_events_enabled': False, 'stdout_logfile': 'auto', 'stdout_logfile_backups': 10, 'stdout_logfile_maxbytes': 52428800, 'stdout_syslog': False, 'stopsignal': 15, 'stopwaitsecs': 10, 'stderr_capture_maxbytes': 0, 'stderr_events_enabled': False, 'stderr_logfile': 'auto', 'stderr_logfile_backups': 10, 'stderr_logfile_maxbytes': 52428800, 'stderr_syslog': False, 'serverurl': 'none'}, {'autostart': True, 'directory': 'none', 'uid': 'none', 'command': '/bin/sleep 1000', 'exitcodes': [0], 'group': 'nolog', 'group_prio': 999, 'inuse': True, 'killasgroup': False, 'name': 'nolog', 'process_prio': 999, 'redirect_stderr': False, 'startretries': 3, 'startsecs': 0, 'stdout_capture_maxbytes': 0, 'stdout_events_enabled': False, 'stdout_logfile': 'none', 'stdout_logfile_backups': 10, 'stdout_logfile_maxbytes': 52428800, 'stdout_syslog': False, 'stopsignal': 15, 'stopwaitsecs': 2, 'stderr_capture_maxbytes': 0, 'stderr_events_enabled': False, 'stderr_logfile': 'none', 'stderr_logfile_backups': 10, 'stderr_logfile_maxbytes': 52428800, 'stderr_syslog': False, 'serverurl': 'none'}, {'autostart': False, 'directory': 'none', 'uid': 'none', 'command': 'DIR/notexec', 'exitcodes': [0], 'group': 'notexec', 'group_prio': 999, 'inuse': True, 'killasgroup': False, 'name': 'notexec', 'process_prio': 999, 'redirect_stderr': False, 'startretries': 3, 'startsecs': 1, 'stdout_capture_maxbytes': 0, 'stdout_events_enabled': False, 'stdout_logfile': 'auto', 'stdout_logfile_backups': 10, 'stdout_logfile_maxbytes': 52428800, 'stdout_syslog': False, 'stopsignal': 15, 'stopwaitsecs': 10, 'stderr_capture_maxbytes': 0, 'stderr_events_enabled': False, 'stderr_logfile': 'auto', 'stderr_logfile_backups': 10, 'stderr_logfile_maxbytes': 52428800, 'stderr_syslog': False, 'serverurl': 'none'}, {'autostart': False, 'directory': 'none', 'uid': 'none', 'command': '/bin/sh -c 'exit 4'', 'exitcodes': [0], 'group': 'quick', 'group_prio': 999, 'inuse': True, 'killasgroup': False, 'name': 'quick', 'process_prio': 999, 'redirect_stderr': False, 'startretries': 0, 'startsecs': 1, 'stdout_capture_maxbytes': 0, 'stdout_events_enabled': False, 'stdout_logfile': 'auto', 'stdout_logfile_backups': 10, 'stdout_logfile_maxbytes': 52428800, 'stdout_syslog': False, 'stopsignal': 15, 'stopwaitsecs': 10, 'stderr_capture_maxbytes': 0, 'stderr_events_enabled': False, 'stderr_logfile': 'auto', 'stderr_logfile_backups': 10, 'stderr_logfile_maxbytes': 52428800, 'stderr_syslog': False, 'serverurl': 'none'}, {'autostart': False, 'directory': 'none', 'uid': 'none', 'command': '/bin/sleep 1000', 'exitcodes': [0], 'group': 'slow', 'group_prio': 999, 'inuse': False, 'killasgroup': False, 'name': 'slow', 'process_prio': 999, 'redirect_stderr': False, 'startretries': 3, 'startsecs': 30, 'stdout_capture_maxbytes': 0, 'stdout_events_enabled': False, 'stdout_logfile': 'auto', 'stdout_logfile_backups': 10, 'stdout_logfile_maxbytes': 52428800, 'stdout_syslog': False, 'stopsignal': 15, 'stopwaitsecs': 2, 'stderr_capture_maxbytes': 0, 'stderr_events_enabled': False, 'stderr_logfile': 'auto', 'stderr_logfile_backups': 10, 'stderr_logfile_maxbytes': 52428800, 'stderr_syslog': False, 'serverurl': 'none'}, {'autostart': True, 'directory': 'none', 'uid': 'none', 'command': '/bin/sh -c 'echo out-1; echo out-2; echo err-1 >&2; exec sleep 1000'', 'exitcodes': [0], 'group': 'talker', 'group_prio': 10, 'inuse': True, 'killasgroup': False, 'name': 'talker', 'process_prio': 10, 'redirect_stderr': False, 'startretries': 3, 'startsecs': 0, 'stdout_capture_maxbytes': 0, 'stdout_events_enabled': False, 'stdout_logfile': 'auto', 'stdout_logfile_backups': 10, 'stdout_logfile_maxbytes': 52428800, 'stdout_syslog': False, 'stopsignal': 15, 'stopwaitsecs': 2, 'stderr_capture_maxbytes': 0, 'stderr_events_enabled': False, 'stderr_logfile': 'auto', 'stderr_logfile_backups': 10, 'stderr_logfile_maxbytes': 52428800, 'stderr_syslog': False, 'serverurl': 'none'}]
                addProcessGroup slow: True
                stopProcess slow: True
                ctl start slow: 7 slow: ERROR (abnormal termination)
                reloadConfig broken: 'FAULT 92 CANT_REREAD: program section program:broken does not specify a command in section 'program:broken' (file: 'DIR/supervisord.conf')'
                stopProcess idle: True
                clearLog: True
                startProcess idle: True
                readLog: 'TIME INFO spawned: 'idle' with pid PID
                TIME INFO success: idle entered RUNNING state, process has stayed up for > than 0 seconds (startsecs)
                '
                readLog is the file: true
                readMainLog tail is the file's: true
                readLog past end: ''
                readLog -1 1: 'FAULT 3 BAD_ARGUMENTS'
                readLog 0 -1: 'FAULT 3 BAD_ARGUMENTS'
                readLog missing: 'FAULT 20 NO_FILE: DIR/supervisord.log'
                clearLog missing: 'FAULT 20 NO_FILE'
                """, "everyMethod")
            return d
        }
    }
}
