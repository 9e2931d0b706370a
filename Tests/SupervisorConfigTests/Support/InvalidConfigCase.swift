/// One case of `Fixtures/invalid-configs.txt`: a broken configuration and the error it must produce.
struct InvalidConfigCase: CustomTestStringConvertible, Sendable {
    var title: String
    var text: String
    var line: Int?
    var section: String?
    var option: String?
    var message: String?
    var prefix: String?

    var testDescription: String { title }

    static func load() -> [InvalidConfigCase] {
        var cases: [InvalidConfigCase] = []
        var current: InvalidConfigCase?
        var body: [Substring] = []
        func finish() {
            guard var c = current else { return }
            while body.last?.isEmpty == true { body.removeLast() }
            c.text = body.joined(separator: "\n") + "\n"
            cases.append(c)
        }
        for line in Fixture.text("invalid-configs.txt").split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("### ") {
                finish()
                current = InvalidConfigCase(title: String(line.dropFirst(4)), text: "")
                body = []
            } else if current != nil, body.isEmpty, line.hasPrefix("# ") {
                let field = line.dropFirst(2)
                guard let colon = field.firstIndex(of: ":") else { continue }
                let key = field[..<colon]
                let value = String(field[field.index(colon, offsetBy: 2)...])
                switch key {
                case "line": current?.line = Int(value)
                case "section": current?.section = value
                case "option": current?.option = value
                case "message": current?.message = value
                case "prefix": current?.prefix = value
                default: break
                }
            } else if current != nil {
                body.append(line)
            }
        }
        finish()
        return cases
    }
}

import Testing
