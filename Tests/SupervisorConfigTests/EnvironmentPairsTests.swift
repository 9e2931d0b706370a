@testable import SupervisorConfig
import Testing

@Suite struct EnvironmentPairsTests {
    // Expected results produced by supervisor.datatypes.dict_of_key_value_pairs (Supervisor 4.3.0, Python 3.11).
    @Test(arguments: [
        ("FOO=bar", [["FOO", "bar"]]),
        ("A=1,B=2", [["A", "1"], ["B", "2"]]),
        ("A=1;B=2", [["A", "1"], ["B", "2"]]),
        ("A=1,", [["A", "1"]]),
        ("FOO=\"a,b\"", [["FOO", "a,b"]]),
        ("Q='x y'", [["Q", "x y"]]),
        ("A=\"\"", [["A", ""]]),
        ("S=a#b", [["S", "a"]]),
        ("PATH=\"/opt/venv/bin\"", [["PATH", "/opt/venv/bin"]]),
        ("ENV=prod,PYTHONUNBUFFERED=1", [["ENV", "prod"], ["PYTHONUNBUFFERED", "1"]]),
        ("URL=\"http://x/?a=1&b=2\"", [["URL", "http://x/?a=1&b=2"]]),
        ("A=x y", [["A", "x"]]),
        ("K=v:w(1)+2-3.4/5", [["K", "v:w(1)+2-3.4/5"]]),
        ("A='\"both\"'", [["A", "both"]]),
        ("lower=case,UP=CASE", [["lower", "case"], ["UP", "CASE"]]),
        ("A=café", [["A", "caf"]]),
        ("A=1 # note", [["A", "1"]]),
        ("", []),
    ])
    func parsesLikeSupervisor(text: String, expected: [[String]]) throws {
        let pairs = try EnvironmentPairs.parse(text).map { [$0.0, $0.1] }
        #expect(pairs == expected)
    }

    @Test(arguments: [
        ("A=1 B=2", "Unexpected end of key/value pairs in value 'A=1 B=2'"),
        ("A=", "Unexpected end of key/value pairs in value 'A='"),
        ("A=1,,B=2", "Unexpected end of key/value pairs in value 'A=1,,B=2'"),
        ("A=1\n  B=2", "Unexpected end of key/value pairs in value 'A=1\n  B=2'"),
        ("A=\"unterminated", "No closing quotation"),
    ])
    func rejectsWhatSupervisorRejects(text: String, message: String) {
        #expect {
            try EnvironmentPairs.parse(text)
        } throws: { ($0 as! ConfigError).message == message }
    }
}
