import Foundation
import Glibc
import Testing

/// `[supervisord] directory=` when daemonizing (no `-n`): the daemon changes into it and says so in the main log,
/// at the same point as Supervisor. Against both daemons.
@Suite struct DaemonizeDirectoryTests {
    @Test(arguments: DaemonKind.allCases)
    func daemonizingChangesIntoTheDirectoryAndLogsIt(_ kind: DaemonKind) async throws {
        try await scenario {
            let d = try CompatDaemon(
                kind, """
                    [program:here]
                    command=/bin/sh -c 'pwd > where.txt; exec sleep 1000'
                    startsecs=0
                    stopwaitsecs=2
                    """,
                supervisord: "directory=%(dir)s/work", daemonize: true,
                prepare: { d in _ = mkdir(d.dir + "/work", 0o755) })
            d.waitFor("RUNNING", "here")
            var t = Transcript(d)
            let pid = d.daemonPid ?? -1
            t.note("daemon is not the started process: \(pid != d.process?.pid)")
            let cwd = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pid)/cwd")) ?? "?"
            t.note("daemon cwd: \(mask(cwd))")
            // The program inherits the daemon's directory, so its relative path lands there.
            d.expect(eventually { !d.read("work/where.txt").isEmpty })
            t.note("program wrote work/where.txt: \(mask(d.read("work/where.txt")))")
            // Up to the first program, without the line that depends on running as root.
            let log = mask(d.read(d.mainLog)).split(separator: "\n").prefix { !$0.contains("spawned:") }
            t.note(log.filter { !$0.contains("Privileges were not dropped") }.joined(separator: "\n"))
            t.check("""
                daemon is not the started process: true
                daemon cwd: DIR/work
                program wrote work/where.txt: DIR/work
                TIME INFO RPC interface 'supervisor' initialized
                TIME CRIT Server 'unix_http_server' running without any HTTP authentication checking
                TIME INFO daemonizing the supervisord process
                TIME INFO set current directory: 'DIR/work'
                TIME INFO supervisord started with pid PID
                """, "daemonizingChangesIntoTheDirectoryAndLogsIt")
            return d
        }
    }
}
