/// Python's `getopt.getopt` (not `gnu_getopt`): options end at the first argument that does not start with `-`
/// (or is just `-`), or after `--`; long options may be abbreviated to a unique prefix.
///
/// Supervisor parses `supervisorctl`'s command line with it, and its error texts reach the user as
/// `Error: <message>` (spec `ctl.md` §1), so they are reproduced exactly.
struct Getopt {
    /// One parsed option: `-c` or `--configuration` (the full name, even when abbreviated) and its argument, `""`
    /// for flags.
    struct Option: Equatable {
        var name: String
        var argument: String
    }

    /// getopt's `GetoptError`; `message` is its text, e.g. `option -x not recognized`.
    struct Failure: Error, Equatable {
        var message: String
    }

    /// Short options in getopt notation: a letter, followed by `:` when it takes an argument.
    var shortOptions: String
    /// Long option names, with a trailing `=` when they take an argument.
    var longOptions: [String]

    /// Splits `arguments` into options and the remaining positional arguments.
    func parse(_ arguments: [String]) throws(Failure) -> (options: [Option], rest: [String]) {
        var options: [Option] = []
        var args = arguments[...]
        while let first = args.first, first.hasPrefix("-"), first != "-" {
            args = args.dropFirst()
            if first == "--" { break }
            if first.hasPrefix("--") {
                try parseLong(String(first.dropFirst(2)), into: &options, args: &args)
            } else {
                try parseShorts(String(first.dropFirst()), into: &options, args: &args)
            }
        }
        return (options, Array(args))
    }

    private func parseLong(_ text: String, into options: inout [Option], args: inout ArraySlice<String>) throws(Failure) {
        var name = text
        var argument: String?
        if let equals = text.firstIndex(of: "=") {
            name = String(text[..<equals])
            argument = String(text[text.index(after: equals)...])
        }
        let (hasArgument, fullName) = try longHasArgument(name)
        if hasArgument {
            if argument == nil {
                guard let next = args.first else { throw Failure(message: "option --\(fullName) requires argument") }
                argument = next
                args = args.dropFirst()
            }
        } else if argument != nil {
            throw Failure(message: "option --\(fullName) must not have an argument")
        }
        options.append(Option(name: "--" + fullName, argument: argument ?? ""))
    }

    private func longHasArgument(_ name: String) throws(Failure) -> (Bool, String) {
        let possibilities = longOptions.filter { $0.hasPrefix(name) }
        if possibilities.isEmpty { throw Failure(message: "option --\(name) not recognized") }
        if possibilities.contains(name) { return (false, name) }
        if possibilities.contains(name + "=") { return (true, name) }
        if possibilities.count > 1 { throw Failure(message: "option --\(name) not a unique prefix") }
        let match = possibilities[0]
        return match.hasSuffix("=") ? (true, String(match.dropLast())) : (false, match)
    }

    private func parseShorts(_ text: String, into options: inout [Option], args: inout ArraySlice<String>) throws(Failure) {
        var rest = Substring(text)
        while let letter = rest.first {
            rest = rest.dropFirst()
            if try shortHasArgument(letter) {
                if rest.isEmpty {
                    guard let next = args.first else { throw Failure(message: "option -\(letter) requires argument") }
                    rest = Substring(next)
                    args = args.dropFirst()
                }
                options.append(Option(name: "-\(letter)", argument: String(rest)))
                rest = ""
            } else {
                options.append(Option(name: "-\(letter)", argument: ""))
            }
        }
    }

    private func shortHasArgument(_ letter: Character) throws(Failure) -> Bool {
        let characters = Array(shortOptions)
        for (index, character) in characters.enumerated() where character == letter && character != ":" {
            return index + 1 < characters.count && characters[index + 1] == ":"
        }
        throw Failure(message: "option -\(letter) not recognized")
    }
}
