import Foundation

// supervisor-bench --ours-supervisord P --ours-supervisorctl P --python-bin DIR --writer P
//                  [--smoke] [--repetitions N] [--only a,b,...] [--json FILE] [--kind ours|python]
// Runs every scenario for our daemon and Python Supervisor 4.3 alternately (A B A B), prints one block of lines
// per scenario with both medians, the ratio (ours / Python's) and the issue's target, and writes JSON records.
// Exits 1 if any scenario failed (a lost line, a daemon that died, a timeout); never because of a ratio.
var arguments = Array(CommandLine.arguments.dropFirst())
@MainActor func take(_ name: String) -> String? {
    guard let i = arguments.firstIndex(of: name), i + 1 < arguments.count else { return nil }
    let value = arguments[i + 1]
    arguments.removeSubrange(i...(i + 1))
    return value
}
let allScenarios = ["startup", "stopall", "logflood", "rpc", "churn", "floors", "readiness", "health1000"]
/// In a full run only when named in `--only` (readiness and health checks, issue 16); `--smoke` runs them too.
let optInScenarios: Set = ["readiness", "health1000"]
var settings = Settings()
if let i = arguments.firstIndex(of: "--smoke") {
    arguments.remove(at: i)
    settings = .smokeRun
}
if let r = take("--repetitions"), let n = Int(r), n > 0 { settings.repetitions = n }
if let c = take("--startup-counts") { settings.startupCounts = c.split(separator: ",").compactMap { Int($0) } }
if let s = take("--duration"), let seconds = Double(s), seconds > 0 { settings.healthSeconds = seconds }
let only = take("--only").map { $0.split(separator: ",").map(String.init) } ?? allScenarios.filter { settings.smoke || !optInScenarios.contains($0) }
let jsonPath = take("--json")
let kinds = take("--kind").flatMap(Kind.init(rawValue:)).map { [$0] } ?? Kind.allCases
guard let oursD = take("--ours-supervisord"), let oursC = take("--ours-supervisorctl"),
      let pythonBin = take("--python-bin"), let writer = take("--writer"), arguments.isEmpty,
      only.allSatisfy(allScenarios.contains) else {
    print("usage: supervisor-bench --ours-supervisord P --ours-supervisorctl P --python-bin DIR --writer P [--smoke] [--repetitions N] [--only \(allScenarios.joined(separator: ","))] [--json FILE] [--kind ours|python] [--duration SECONDS]")
    exit(2)
}
let binaries = Binaries(
    supervisord: [.ours: oursD, .python: pythonBin + "/supervisord"],
    supervisorctl: [.ours: oursC, .python: pythonBin + "/supervisorctl"],
    writer: writer)

let results = Results()
var failures: [String] = []
var loads: [[Double]] = [Proc.loadAverage()]
let began = Date()
let scratch = NSTemporaryDirectory() + "svbench-floors-\(getpid())"
try? FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)

@MainActor func attempt(_ label: String, _ body: () throws -> Void) {
    FileHandle.standardError.write(Data("  \(label)\n".utf8))
    do {
        try body()
    } catch {
        failures.append("\(label): \(error)")
        FileHandle.standardError.write(Data("  FAILED \(label): \(error)\n".utf8))
    }
}

for repetition in 1...settings.repetitions {
    FileHandle.standardError.write(Data("repetition \(repetition) of \(settings.repetitions) (load \(Proc.loadAverage()))\n".utf8))
    for scenario in only {
        if scenario == "floors" {
            attempt("floors") { try runFloors(settings, results, scratch: scratch) }
            continue
        }
        for kind in kinds {
            switch scenario {
            case "startup":
                for count in settings.startupCounts {
                    attempt("startup \(count) \(kind.rawValue)") { try runStartup(kind, count: count, binaries, settings, results) }
                }
            case "stopall":
                attempt("stopall ignoring SIGTERM \(kind.rawValue)") { try runStopIgnoringTerm(kind, binaries, settings, results) }
            case "logflood":
                attempt("logflood \(kind.rawValue)") { try runLogFlood(kind, binaries, settings, results) }
            case "rpc":
                attempt("rpc+ctl \(kind.rawValue)") { try runRPC(kind, binaries, settings, results) }
            case "churn":
                attempt("churn \(kind.rawValue)") { try runChurn(kind, binaries, settings, results) }
            case "readiness":
                for mode in ["notify", "log", "tcp"] {
                    attempt("readiness \(mode) \(kind.rawValue)") {
                        try runReadiness(kind, mode: mode, binaries, settings, results, scratch: scratch)
                    }
                }
            case "health1000":
                attempt("health \(settings.healthPrograms) \(kind.rawValue)") {
                    try runHealth(kind, binaries, settings, results, scratch: scratch)
                }
            default:
                break
            }
        }
    }
    loads.append(Proc.loadAverage())
}
try? FileManager.default.removeItem(atPath: scratch)

let seconds = Date().timeIntervalSince(began)
print("swift-supervisor (ours) vs Python Supervisor 4.3, medians of \(settings.repetitions) alternated run(s)\(settings.smoke ? " [smoke: tiny sizes, figures mean nothing]" : "")")
print("load averages (1/5/15 min) before and after each repetition: " + loads.map { $0.map { String(format: "%.2f", $0) }.joined(separator: "/") }.joined(separator: ", "))
for scenario in ["startup", "idle", "stopall", "logflood", "rpc", "ctl", "churn", "floors", "readiness", "health"] {
    for line in results.lines(scenario: scenario) { print(line) }
}
print(String(format: "%d figure(s) in %.0f s; %d failure(s)", results.figures.count, seconds, failures.count))
for failure in failures { print("FAILED: " + failure) }

if let jsonPath {
    var uname = utsname()
    Glibc.uname(&uname)
    let machine = withUnsafeBytes(of: uname.release) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
    let document: [String: Any] = [
        "date": ISO8601DateFormatter().string(from: began),
        "smoke": settings.smoke,
        "repetitions": settings.repetitions,
        "cpus": sysconf(Int32(_SC_NPROCESSORS_ONLN)),
        "kernel": machine,
        "load_averages": loads,
        "seconds": seconds,
        "figures": results.figures.map(\.json),
        "failures": failures,
    ]
    let data = try JSONSerialization.data(withJSONObject: document, options: [.prettyPrinted, .sortedKeys])
    try data.write(to: URL(fileURLWithPath: jsonPath))
}
exit(failures.isEmpty ? 0 : 1)
