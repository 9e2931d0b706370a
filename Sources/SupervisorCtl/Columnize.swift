/// Python's `cmd.Cmd.columnize`: lays `words` out in as few rows as fit in `displayWidth` columns, filling
/// column by column, two spaces between columns, trailing empty cells dropped.
enum Columnize {
    static func lines(_ words: [String], displayWidth: Int) -> [String] {
        if words.isEmpty { return ["<empty>"] }
        if words.count == 1 { return [words[0]] }
        let size = words.count
        func length(_ word: String) -> Int { word.unicodeScalars.count }
        var rows = size
        var widths = [0]
        var found = false
        for candidate in 1..<size {
            let columns = (size + candidate - 1) / candidate
            var columnWidths: [Int] = []
            var total = -2
            for column in 0..<columns {
                var width = 0
                for row in 0..<candidate {
                    let index = row + candidate * column
                    if index >= size { break }
                    width = max(width, length(words[index]))
                }
                columnWidths.append(width)
                total += width + 2
                if total > displayWidth { break }
            }
            if total <= displayWidth {
                rows = candidate
                widths = columnWidths
                found = true
                break
            }
        }
        let columns = found ? (size + rows - 1) / rows : 1
        if !found { widths = [0] }
        var result: [String] = []
        for row in 0..<rows {
            var texts: [String] = []
            for column in 0..<columns {
                let index = row + rows * column
                texts.append(index < size ? words[index] : "")
            }
            while let last = texts.last, last.isEmpty { texts.removeLast() }
            let padded = texts.indices.map { PythonText.leftJustified(texts[$0], width: widths[$0]) }
            result.append(padded.joined(separator: "  "))
        }
        return result
    }
}
