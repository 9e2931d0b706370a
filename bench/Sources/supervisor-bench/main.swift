import Foundation

// supervisor-bench OURS_SUPERVISORD PYTHON_SUPERVISORD [--programs N] [--idle S] [--flood-seconds S] [--rounds R]
// Alternates ours and Python's (A B A B) and prints medians and ratios (ours / Python's).
var args = Array(CommandLine.arguments.dropFirst())
@MainActor func option(_ name: String, _ fallback: Double) -> Double {
    if let i = args.firstIndex(of: name), i + 1 < args.count, let v = Double(args[i + 1]) {
        args.removeSubrange(i...(i + 1))
        return v
    }
    return fallback
}
let programs = Int(option("--programs", 500))
let idle = option("--idle", 10)
let floodSeconds = option("--flood-seconds", 10)
let rounds = Int(option("--rounds", 2))
guard args.count == 2 else {
    print("usage: supervisor-bench OURS_SUPERVISORD PYTHON_SUPERVISORD [--programs N] [--idle S] [--flood-seconds S] [--rounds R]")
    exit(2)
}
let binaries: [Daemon.Kind: String] = [.ours: args[0], .python: args[1]]

var startup = Figure(name: "startup \(programs) programs until all RUNNING", unit: "s")
var rss = Figure(name: "idle RSS with \(programs) programs", unit: "MiB")
var idleCPU = Figure(name: "idle CPU over \(Int(idle)) s with \(programs) programs", unit: "CPU-s")
var floodRate = Figure(name: "log capture, 8 writers", unit: "MB/s")
var floodCPU = Figure(name: "daemon CPU per GB captured", unit: "CPU-s/GB")

func record(_ figure: inout Figure, _ kind: Daemon.Kind, _ value: Double) {
    if kind == .ours { figure.ours.append(value) } else { figure.python.append(value) }
}

for round in 1...rounds {
    for kind in [Daemon.Kind.ours, .python] {
        let binary = binaries[kind]!
        FileHandle.standardError.write(Data("round \(round): \(kind.rawValue) startup/idle...\n".utf8))
        let s = try Scenarios.startupAndIdle(kind: kind, binary: binary, count: programs, idleSeconds: idle)
        record(&startup, kind, s.seconds)
        record(&rss, kind, s.rss / 1_048_576)
        record(&idleCPU, kind, s.idleCPU)
        FileHandle.standardError.write(Data("round \(round): \(kind.rawValue) logflood...\n".utf8))
        let f = try Scenarios.logFlood(kind: kind, binary: binary, writers: 8, seconds: floodSeconds)
        record(&floodRate, kind, f.bytesPerSecond / 1e6)
        record(&floodCPU, kind, f.cpuPerGB)
    }
}

print(String(repeating: "-", count: 96))
print("figure".padding(toLength: 48, withPad: " ", startingAt: 0) + "ours".padding(toLength: 17, withPad: " ", startingAt: 0)
      + "python".padding(toLength: 17, withPad: " ", startingAt: 0) + "ours/python")
for f in [startup, rss, idleCPU, floodRate, floodCPU] {
    let o = String(format: "%.3f %@", Figure.median(f.ours), f.unit)
    let p = String(format: "%.3f %@", Figure.median(f.python), f.unit)
    print(f.name.padding(toLength: 48, withPad: " ", startingAt: 0) + o.padding(toLength: 17, withPad: " ", startingAt: 0)
          + p.padding(toLength: 17, withPad: " ", startingAt: 0) + String(format: "%.3f", f.ratio))
}
