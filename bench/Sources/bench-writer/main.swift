import Glibc

// bench-writer SECONDS
// Writes 100-byte lines `NNNNNNNNNN xxx…x\n` (a 10-digit sequence number from 0, a space, 88 `x`, a newline) to
// stdout as fast as it is taken, in blocks of 640 lines, for SECONDS; then one last line `END <count>` and exit 0.
// The reader of the output can then check that every line arrived once and in order.
let arguments = CommandLine.arguments
guard arguments.count == 2, let seconds = Double(arguments[1]), seconds > 0 else {
    let usage = Array("usage: bench-writer SECONDS\n".utf8)
    _ = usage.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
    exit(2)
}

let lineLength = 100
let linesPerBlock = 640
var block = [UInt8](repeating: UInt8(ascii: "x"), count: lineLength * linesPerBlock)
for i in 0..<linesPerBlock {
    block[i * lineLength + 10] = UInt8(ascii: " ")
    block[i * lineLength + lineLength - 1] = UInt8(ascii: "\n")
}

func now() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_MONOTONIC, &t)
    return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
}

func writeAll(_ bytes: UnsafeRawBufferPointer) {
    var done = 0
    while done < bytes.count {
        let n = write(1, bytes.baseAddress! + done, bytes.count - done)
        if n < 0 {
            if errno == EINTR { continue }
            exit(3)
        }
        done += n
    }
}

let deadline = now() + seconds
var next = 0
while now() < deadline {
    for i in 0..<linesPerBlock {
        var n = next + i
        var position = i * lineLength + 9
        for _ in 0..<10 {
            block[position] = UInt8(ascii: "0") + UInt8(n % 10)
            n /= 10
            position -= 1
        }
    }
    block.withUnsafeBytes { writeAll($0) }
    next += linesPerBlock
}
let end = Array("END \(next)\n".utf8)
end.withUnsafeBytes { writeAll($0) }
exit(0)
