import Foundation

/// Scenario 8: what the machine itself allows, shown beside our figures: `floorSpawns` `sleep` started by a shell
/// loop; the churn command (`/bin/true`) run `floorChurnSpawns` times by a shell loop; `floodWriters` pipes
/// `yes | cat >> file` for `floodSeconds` (bytes per second and cat's CPU per GB).
func runFloors(_ settings: Settings, _ results: Results, scratch: String) throws {
    // Spawning.
    let t0 = Proc.now()
    let loop = try spawnProcess(
        ["/bin/bash", "-c", "for i in $(seq \(settings.floorSpawns)); do /bin/sleep 1000 & done"],
        output: "/dev/null", ownGroup: true)
    reap(loop)
    results.add("floors", "\(settings.floorSpawns) × sleep started by a shell loop", "s", kind: nil, Proc.now() - t0)
    kill(-loop, SIGKILL)

    let t1 = Proc.now()
    let churn = try spawnProcess(
        ["/bin/bash", "-c", "for i in $(seq \(settings.floorChurnSpawns)); do /bin/true; done"], output: "/dev/null")
    reap(churn)
    results.add("floors", "/bin/true run by a shell loop", "spawns/s", kind: nil,
                Double(settings.floorChurnSpawns) / (Proc.now() - t1))

    // Copying.
    let line = "0000000000 " + String(repeating: "x", count: 88)
    var yesPIDs: [pid_t] = []
    var catPIDs: [pid_t] = []
    var files: [String] = []
    for i in 0..<settings.floodWriters {
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { throw BenchError("pipe failed") }
        for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        let file = scratch + "/cat\(i).out"
        files.append(file)
        let out = open(file, O_WRONLY | O_CREAT | O_APPEND | O_TRUNC | O_CLOEXEC, 0o644)
        yesPIDs.append(try spawnProcess(["/usr/bin/yes", line], output: "/dev/null", stdoutFD: fds[1]))
        catPIDs.append(try spawnProcess(["/bin/cat"], output: "/dev/null", stdinFD: fds[0], stdoutFD: out))
        close(fds[0])
        close(fds[1])
        close(out)
    }
    let c0 = catPIDs.map { Proc.cpuSeconds($0) ?? 0 }.reduce(0, +)
    let t2 = Proc.now()
    let s0 = files.map { fileSize($0) }.reduce(0, +)
    usleep(UInt32(settings.floodSeconds * 1_000_000))
    let s1 = files.map { fileSize($0) }.reduce(0, +)
    let c1 = catPIDs.map { Proc.cpuSeconds($0) ?? 0 }.reduce(0, +)
    let elapsed = Proc.now() - t2
    for pid in yesPIDs { kill(pid, SIGKILL) }
    for pid in yesPIDs + catPIDs { reap(pid) }
    for file in files { unlink(file) }
    let bytes = Double(s1 - s0)
    results.add("floors", "\(settings.floodWriters) × yes | cat >> file", "MB/s", kind: nil, bytes / elapsed / 1e6)
    results.add("floors", "cat CPU per GB copied", "CPU-s/GB", kind: nil, (c1 - c0) / (bytes / 1e9))
}

func fileSize(_ path: String) -> Int {
    var s = stat()
    return stat(path, &s) == 0 ? Int(s.st_size) : 0
}
