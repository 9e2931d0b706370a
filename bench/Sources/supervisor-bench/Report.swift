import Foundation

/// What a figure's ratio (ours / Python's median) must be.
enum Target {
    case none
    case atMost(Double)
    case atLeast(Double)

    func met(_ ratio: Double) -> Bool? {
        switch self {
        case .none: return nil
        case .atMost(let limit): return ratio <= limit
        case .atLeast(let limit): return ratio >= limit
        }
    }

    var text: String {
        switch self {
        case .none: return ""
        case .atMost(let limit): return "<= " + format(limit)
        case .atLeast(let limit): return ">= " + format(limit)
        }
    }
}

/// One measured figure of one scenario: a value per run for each kind.
struct Figure {
    var scenario: String
    var name: String
    var unit: String
    var target: Target
    var ours: [Double] = []
    var python: [Double] = []
    /// A figure of the machine itself (floors), shown beside ours; not a ratio against Python.
    var floor: [Double] = []

    var oursMedian: Double { median(ours) }
    var pythonMedian: Double { median(python) }
    /// Ours / Python's; two zeros (an idle daemon under the clock tick) count as equal.
    var ratio: Double { oursMedian == 0 && pythonMedian == 0 ? 1 : oursMedian / pythonMedian }

    var line: String {
        func cell(_ v: Double) -> String { v.isNaN ? "-" : format(v) + " " + unit }
        let label = (scenario + ": " + name).padding(toLength: 52, withPad: " ", startingAt: 0)
        if !floor.isEmpty {
            return label + "machine " + cell(median(floor))
        }
        var text = label + "ours " + cell(oursMedian).padding(toLength: 16, withPad: " ", startingAt: 0)
            + "python " + cell(pythonMedian).padding(toLength: 16, withPad: " ", startingAt: 0)
        if !ours.isEmpty && !python.isEmpty {
            text += "ratio " + format(ratio).padding(toLength: 8, withPad: " ", startingAt: 0)
            if let met = target.met(ratio) { text += "target " + target.text + (met ? " met" : " MISSED") }
        }
        return text
    }

    var json: [String: Any] {
        var record: [String: Any] = ["scenario": scenario, "figure": name, "unit": unit]
        if !floor.isEmpty {
            record["machine"] = floor
            record["machine_median"] = median(floor)
            return record
        }
        record["ours"] = ours
        record["python"] = python
        record["ours_median"] = jsonNumber(oursMedian)
        record["python_median"] = jsonNumber(pythonMedian)
        if !ours.isEmpty && !python.isEmpty {
            record["ratio"] = jsonNumber(ratio)
            if let met = target.met(ratio) {
                record["target"] = target.text
                record["target_met"] = met
            }
        }
        return record
    }
}

func jsonNumber(_ v: Double) -> Any { v.isFinite ? v : NSNull() }

func median(_ values: [Double]) -> Double {
    guard !values.isEmpty else { return .nan }
    let s = values.sorted()
    return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
}

/// The value below which `fraction` of `values` lie (nearest rank).
func percentile(_ values: [Double], _ fraction: Double) -> Double {
    guard !values.isEmpty else { return .nan }
    let s = values.sorted()
    let rank = Int((fraction * Double(s.count)).rounded(.up)) - 1
    return s[min(max(rank, 0), s.count - 1)]
}

func format(_ v: Double) -> String {
    if v.isNaN { return "-" }
    let magnitude = abs(v)
    if magnitude >= 100 { return String(format: "%.0f", v) }
    if magnitude >= 10 { return String(format: "%.1f", v) }
    if magnitude >= 1 { return String(format: "%.2f", v) }
    if magnitude >= 0.01 { return String(format: "%.3f", v) }
    if magnitude == 0 { return "0" }
    return String(format: "%.2g", v)
}

/// Collects figures in the order they are first measured.
final class Results {
    private(set) var figures: [Figure] = []
    private var index: [String: Int] = [:]

    func add(_ scenario: String, _ name: String, _ unit: String, _ target: Target = .none, kind: Kind?, _ value: Double) {
        let key = scenario + "/" + name
        if index[key] == nil {
            index[key] = figures.count
            figures.append(Figure(scenario: scenario, name: name, unit: unit, target: target))
        }
        switch kind {
        case .ours: figures[index[key]!].ours.append(value)
        case .python: figures[index[key]!].python.append(value)
        case nil: figures[index[key]!].floor.append(value)
        }
    }

    func lines(scenario: String) -> [String] {
        figures.filter { $0.scenario == scenario }.map(\.line)
    }
}
