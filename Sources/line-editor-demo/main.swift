// A prompt loop over LineEditor for LineEditorTests, which run it inside tmux and type at it.
//
// Usage: line-editor-demo [HISTORY_FILE]
// Prints `backend: <name>`, then reads lines at the prompt `demo> ` until `quit` or end of input, echoing each as
// `got: [<line>]`. Tab completes command names as the first word and process names after it. The history file is
// loaded at start and written at the end.
import LineEditor

let historyPath = CommandLine.arguments.count > 1 ? CommandLine.arguments[1] : nil
let editor = makeLineEditor(programName: "line-editor-demo")
print("backend: \(editor.backend.rawValue)")
if let historyPath {
    print(editor.loadHistory(path: historyPath) ? "history loaded" : "no history loaded")
}

let commands = ["quit ", "shutdown ", "start ", "status ", "stop ", "tail "]
let processes = ["printer", "sleeper", "web:*", "web:web_00", "web:web_01"]
editor.setCompletion(wordBreakCharacters: defaultWordBreakCharacters) { request in
    let before = request.textBeforeWord
    if before.allSatisfy({ $0 == " " || $0 == "\t" }) {
        return commands
    }
    return processes
}

while let line = editor.readLine(prompt: "demo> ") {
    let words = line.split(separator: " ")
    if words.isEmpty { continue }
    editor.addHistory(line)
    print("got: [\(line)]")
    if words == ["quit"] { break }
}
if let historyPath {
    print(editor.saveHistory(path: historyPath) ? "history saved" : "history not saved")
}
print("bye")
