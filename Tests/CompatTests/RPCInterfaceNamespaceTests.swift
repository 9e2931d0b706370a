import Foundation
import Glibc
import Testing
import SupervisorTestSupport
import XMLRPC

/// A second `[rpcinterface:NAME]` section with the main factory serves the whole `supervisor.*` API again under
/// `NAME.*`; an option besides the factory in such a section stops the daemon from starting. Against both daemons.
@Suite struct RPCInterfaceNamespaceTests {
    static func interface(_ name: String, _ extra: String = "") -> String {
        """
        [rpcinterface:\(name)]
        supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface
        \(extra)

        """
    }

    static let programs = """
        [program:sleeper]
        command=/bin/sleep 1000
        startsecs=0
        stopwaitsecs=2

        [program:idle]
        command=/bin/sleep 1000
        autostart=false
        startsecs=0
        stopwaitsecs=2
        """

    /// The main log's `RPC interface ... initialized` lines, masked.
    static func interfaceLines(_ d: CompatDaemon) -> String {
        mask(d.read(d.mainLog)).split(separator: "\n").filter { $0.contains("RPC interface") }.joined(separator: "\n")
    }

    static func render(_ value: XMLRPCValue) -> String { XMLRPCMethodTests.render(value) }

    @Test(arguments: DaemonKind.allCases)
    func aSecondMainFactorySectionServesTheWholeAPIUnderItsName(_ kind: DaemonKind) async throws {
        try await scenario {
            let d = try CompatDaemon(kind, Self.interface("extra") + Self.programs)
            d.waitFor("RUNNING", "sleeper")
            var t = Transcript(d)
            func note(_ label: String, _ value: XMLRPCValue) { t.note("\(label): \(Self.render(value))") }
            t.note(Self.interfaceLines(d))

            let methods = d.call("system.listMethods").arrayValue?.compactMap(\.stringValue) ?? []
            t.note("listMethods: \(methods.count) names, sorted: \(methods == methods.sorted())")
            t.note("extra: " + methods.filter { $0.hasPrefix("extra.") }.joined(separator: " "))
            let supervisorNames = methods.filter { $0.hasPrefix("supervisor.") }
            let aliases = supervisorNames.map { "extra." + $0.dropFirst("supervisor.".count) }
            t.note("every supervisor.X is also extra.X: \(aliases.allSatisfy(methods.contains))")
            let sameIntrospection = zip(supervisorNames, aliases).allSatisfy { name, alias in
                d.call("system.methodHelp", .string(name)) == d.call("system.methodHelp", .string(alias))
                    && d.call("system.methodSignature", .string(name))
                        == d.call("system.methodSignature", .string(alias))
            }
            t.note("same help and signature: \(sameIntrospection)")
            note("methodSignature extra.startProcess", d.call("system.methodSignature", "extra.startProcess"))
            note("methodHelp extra.nope", d.call("system.methodHelp", "extra.nope"))

            note("extra.getState", d.call("extra.getState"))
            note("extra.getAPIVersion", d.call("extra.getAPIVersion"))
            let all = d.call("extra.getAllProcessInfo")
            t.note("getAllProcessInfo same: \(Self.render(all) == Self.render(d.call("supervisor.getAllProcessInfo")))")
            note("extra.getAllProcessInfo", all)
            note("extra.startProcess idle", d.call("extra.startProcess", "idle"))
            t.note("idle: \(d.state("idle"))")
            note("extra.startProcess idle again", d.call("extra.startProcess", "idle"))
            note("extra.stopProcess idle", d.call("extra.stopProcess", "idle"))
            t.note("idle: \(d.state("idle"))")
            note("extra.stopProcess idle again", d.call("extra.stopProcess", "idle"))
            note("extra.getProcessInfo nope", d.call("extra.getProcessInfo", "nope"))
            note("extra.startProcess", d.call("extra.startProcess"))
            for name in ["extra.nope", "extra._update", "extra.getState.x", "extra.multicall", "extras.getState"] {
                note(name, d.call(name))
            }
            note("multicall", d.call("system.multicall", [
                ["methodName": "extra.getState"],
                ["methodName": "extra.startProcess", "params": ["idle"]],
                ["methodName": "extra.nope", "params": []],
                ["methodName": "extra.stopProcess", "params": ["idle"]],
            ]))
            t.ctl("status")
            t.check("""
                TIME INFO RPC interface 'supervisor' initialized
                TIME INFO RPC interface 'extra' initialized
                listMethods: 78 names, sorted: true
                extra: extra.addProcessGroup extra.clearAllProcessLogs extra.clearLog extra.clearProcessLog extra.clearProcessLogs extra.getAPIVersion extra.getAllConfigInfo extra.getAllProcessInfo extra.getIdentification extra.getPID extra.getProcessInfo extra.getState extra.getSupervisorVersion extra.getVersion extra.readLog extra.readMainLog extra.readProcessLog extra.readProcessStderrLog extra.readProcessStdoutLog extra.reloadConfig extra.removeProcessGroup extra.restart extra.sendProcessStdin extra.sendRemoteCommEvent extra.shutdown extra.signalAllProcesses extra.signalProcess extra.signalProcessGroup extra.startAllProcesses extra.startProcess extra.startProcessGroup extra.stopAllProcesses extra.stopProcess extra.stopProcessGroup extra.tailProcessLog extra.tailProcessStderrLog extra.tailProcessStdoutLog
                every supervisor.X is also extra.X: true
                same help and signature: true
                methodSignature extra.startProcess: ['boolean', 'string', 'boolean']
                methodHelp extra.nope: 'FAULT 4 SIGNATURE_UNSUPPORTED'
                extra.getState: {'statecode': 1, 'statename': 'RUNNING'}
                extra.getAPIVersion: '3.0'
                getAllProcessInfo same: true
                extra.getAllProcessInfo: [{'name': 'idle', 'group': 'idle', 'start': 0, 'stop': 0, 'now': '<now>', 'state': 0, 'statename': 'STOPPED', 'spawnerr': '', 'exitstatus': 0, 'logfile': 'DIR/idle-stdout---supervisor-AUTO.log', 'stdout_logfile': 'DIR/idle-stdout---supervisor-AUTO.log', 'stderr_logfile': 'DIR/idle-stderr---supervisor-AUTO.log', 'pid': 0, 'description': 'Not started'}, {'name': 'sleeper', 'group': 'sleeper', 'start': '<start>', 'stop': 0, 'now': '<now>', 'state': 20, 'statename': 'RUNNING', 'spawnerr': '', 'exitstatus': 0, 'logfile': 'DIR/sleeper-stdout---supervisor-AUTO.log', 'stdout_logfile': 'DIR/sleeper-stdout---supervisor-AUTO.log', 'stderr_logfile': 'DIR/sleeper-stderr---supervisor-AUTO.log', 'pid': '<pid>', 'description': 'pid PID, uptime UPTIME'}]
                extra.startProcess idle: True
                idle: RUNNING
                extra.startProcess idle again: 'FAULT 60 ALREADY_STARTED: idle'
                extra.stopProcess idle: True
                idle: STOPPED
                extra.stopProcess idle again: 'FAULT 70 NOT_RUNNING: idle'
                extra.getProcessInfo nope: 'FAULT 10 BAD_NAME: nope'
                extra.startProcess: 'FAULT 2 INCORRECT_PARAMETERS'
                extra.nope: 'FAULT 1 UNKNOWN_METHOD'
                extra._update: 'FAULT 1 UNKNOWN_METHOD'
                extra.getState.x: 'FAULT 1 UNKNOWN_METHOD'
                extra.multicall: 'FAULT 1 UNKNOWN_METHOD'
                extras.getState: 'FAULT 1 UNKNOWN_METHOD'
                multicall: [{'statecode': 1, 'statename': 'RUNNING'}, True, {'faultCode': 1, 'faultString': 'UNKNOWN_METHOD'}, True]
                $ status
                idle                             STOPPED   STOPTIME
                sleeper                          RUNNING   pid PID, uptime UPTIME
                = 3
                """, "aSecondMainFactorySectionServesTheWholeAPIUnderItsName")
            return d
        }
    }

    /// `reloadConfig` (reread) leaves the namespaces as they are; a restart (`supervisorctl reload`) serves the ones
    /// of the new file, and logs them again.
    @Test(arguments: DaemonKind.allCases)
    func namespacesFollowTheFileOnRestartNotOnReread(_ kind: DaemonKind) async throws {
        try await scenario {
            let d = try CompatDaemon(kind, Self.interface("extra") + Self.programs)
            d.waitFor("RUNNING", "sleeper")
            var t = Transcript(d)
            d.writeConfig(Self.interface("other") + Self.programs)
            t.ctl("reread")
            t.note("extra.getState: \(Self.render(d.call("extra.getState")))")
            t.note("other.getState: \(Self.render(d.call("other.getState")))")
            t.ctl("reload")
            try d.waitUntilRunning()
            d.waitFor("RUNNING", "sleeper")
            t.note("extra.getState: \(Self.render(d.call("extra.getState")))")
            t.note("other.getState: \(Self.render(d.call("other.getState")))")
            t.note("other.getProcessInfo sleeper: \(d.call("other.getProcessInfo", "sleeper")["statename"] ?? "?")")
            t.note("listMethods: \(d.call("system.listMethods").arrayValue?.count ?? -1) names")
            d.writeConfig(Self.programs)
            t.ctl("reload")
            try d.waitUntilRunning()
            t.note("other.getState: \(Self.render(d.call("other.getState")))")
            t.note("listMethods: \(d.call("system.listMethods").arrayValue?.count ?? -1) names")
            t.note(Self.interfaceLines(d))
            t.check("""
                $ reread
                No config updates to processes
                = 0
                extra.getState: {'statecode': 1, 'statename': 'RUNNING'}
                other.getState: 'FAULT 1 UNKNOWN_METHOD'
                $ reload
                Restarted supervisord
                = 0
                extra.getState: 'FAULT 1 UNKNOWN_METHOD'
                other.getState: {'statecode': 1, 'statename': 'RUNNING'}
                other.getProcessInfo sleeper: 'RUNNING'
                listMethods: 78 names
                $ reload
                Restarted supervisord
                = 0
                other.getState: 'FAULT 1 UNKNOWN_METHOD'
                listMethods: 41 names
                TIME INFO RPC interface 'supervisor' initialized
                TIME INFO RPC interface 'extra' initialized
                TIME INFO RPC interface 'supervisor' initialized
                TIME INFO RPC interface 'other' initialized
                TIME INFO RPC interface 'supervisor' initialized
                """, "namespacesFollowTheFileOnRestartNotOnReread")
            return d
        }
    }

    /// Such an option added to a running daemon's file: Supervisor's reread does not look at it, and its restart
    /// stops every process and exits 2. Ours refuses both with the place of the option (CANT_REREAD) and keeps
    /// everything running, as for any broken file.
    @Test(arguments: DaemonKind.allCases)
    func anOptionBesidesTheFactoryInTheFileOfARunningDaemon(_ kind: DaemonKind) async throws {
        try await scenario {
            let d = try CompatDaemon(kind, Self.interface("extra") + Self.programs)
            d.waitFor("RUNNING", "sleeper")
            let sleeperPid = d.call("supervisor.getProcessInfo", "sleeper")["pid"]?.intValue ?? 0
            var t = Transcript(d)
            d.writeConfig(Self.interface("extra", "retries = 3") + Self.programs)
            t.ctl("reread")
            t.ctl("reload")
            if kind == .python {
                d.expectedExitStatus = 2
                let status = d.process?.wait(timeout: .seconds(20))
                t.note("daemon exit status: \(status.map(String.init) ?? "still running")")
                t.note("sleeper still alive: \(kill(Int32(sleeperPid), 0) == 0)")
                // It binds the new socket before the factory fails, and exits without removing it.
                t.note("socket file left: \(unlink(d.socketPath) == 0)")
                t.check("""
                    $ reread
                    No config updates to processes
                    = 0
                    $ reload
                    Restarted supervisord
                    = 0
                    daemon exit status: 2
                    sleeper still alive: false
                    socket file left: true
                    """, "anOptionBesidesTheFactoryInTheFileOfARunningDaemon")
                return d
            }
            t.note("extra.getProcessInfo sleeper: \(d.call("extra.getProcessInfo", "sleeper")["statename"] ?? "?")")
            t.note("sleeper keeps its pid: \(d.call("supervisor.getProcessInfo", "sleeper")["pid"]?.intValue == sleeperPid)")
            t.check("""
                $ reread
                ERROR: CANT_REREAD: DIR/supervisord.conf:18: [rpcinterface:extra] retries: Could not make extra rpc interface (make_main_rpcinterface() got an unexpected keyword argument 'retries': supervisor.rpcinterface_factory is the only option of this section)
                = 1
                $ reload
                error: <class 'xmlrpc.client.Fault'>, <Fault 92: "CANT_REREAD: DIR/supervisord.conf:18: [rpcinterface:extra] retries: Could not make extra rpc interface (make_main_rpcinterface() got an unexpected keyword argument 'retries': supervisor.rpcinterface_factory is the only option of this section)">: file: FILE line: N
                = 1
                extra.getProcessInfo sleeper: 'RUNNING'
                sleeper keeps its pid: true
                """, "anOptionBesidesTheFactoryInTheFileOfARunningDaemon")
            return d
        }
    }

    /// Supervisor passes the section's other options to `make_main_rpcinterface`, which takes none: it logs the
    /// TypeError and exits 2 with a usage error naming the interface. Ours refuses the file before starting
    /// anything, with the same message plus the file, line, section and option.
    @Test(arguments: DaemonKind.allCases)
    func anOptionBesidesTheFactoryStopsTheDaemonFromStarting(_ kind: DaemonKind) async throws {
        let (status, stderr) = try await onOwnThread { () throws -> (Int32, String) in
            let directory = try TempDirectory(prefix: "cmp")
            defer { directory.remove() }
            let config = directory.file("supervisord.conf")
            _ = FileManager.default.createFile(atPath: config, contents: Data("""
                [unix_http_server]
                file=\(directory.file("s.sock"))

                [supervisord]
                logfile=\(directory.file("supervisord.log"))
                pidfile=\(directory.file("supervisord.pid"))

                \(Self.interface("supervisor"))
                \(Self.interface("extra", "retries = 3"))
                \(Self.programs)
                """.utf8))
            let executable = switch kind {
            case .python: try pythonBin.get() + "/supervisord"
            case .swift: swiftSupervisord
            }
            let child = try ChildProcess(
                [executable, "-n", "-c", config], stdoutPath: directory.file("out"), stderrPath: directory.file("err"))
            guard let status = child.wait(timeout: .seconds(30)) else {
                child.signalGroup(SIGKILL)
                _ = child.wait(timeout: .seconds(5))
                throw HarnessError("\(kind) supervisord did not exit on the refused config")
            }
            let stderr = (try? String(contentsOfFile: directory.file("err"), encoding: .utf8)) ?? ""
            return (status, mask(stderr).replacingOccurrences(of: executable, with: "supervisord"))
        }
        #expect(status == 2)
        switch kind {
        case .python:
            #expect(stderr == "Error: Could not make extra rpc interface\nFor help, use supervisord -h\n")
        case .swift:
            #expect(stderr == "Error: DIR/supervisord.conf:14: [rpcinterface:extra] retries: Could not make extra rpc "
                + "interface (make_main_rpcinterface() got an unexpected keyword argument 'retries': "
                + "supervisor.rpcinterface_factory is the only option of this section)\nFor help, use supervisord -h\n")
        }
    }
}
