import SupervisorLogs
import Testing

@Suite struct RotationPolicyTests {
    @Test func rotatesOnlyAtOrAboveMaxBytes() {
        let policy = RotationPolicy(maxBytes: 100, backups: 3)
        #expect(policy.rotates)
        #expect(!policy.shouldRotate(currentSize: 0))
        #expect(!policy.shouldRotate(currentSize: 99))
        #expect(policy.shouldRotate(currentSize: 100))
        #expect(policy.shouldRotate(currentSize: 10_000))
    }

    @Test(arguments: [0, -1])
    func zeroOrNegativeMaxBytesNeverRotates(maxBytes: Int) {
        let policy = RotationPolicy(maxBytes: maxBytes, backups: 10)
        #expect(!policy.rotates)
        #expect(!policy.shouldRotate(currentSize: Int.max))
        #expect(!RotationPolicy.never.shouldRotate(currentSize: 1 << 40))
    }

    @Test func stepsShiftOldestFirstThenMoveLiveFileThenTruncate() {
        let steps = RotationPolicy(maxBytes: 1, backups: 3).steps(forPath: "/l/a.log")
        #expect(steps == [
            .shiftBackupIfExists(from: "/l/a.log.2", to: "/l/a.log.3"),
            .shiftBackupIfExists(from: "/l/a.log.1", to: "/l/a.log.2"),
            .moveLiveFile(from: "/l/a.log", to: "/l/a.log.1"),
            .reopenTruncated(path: "/l/a.log"),
        ])
    }

    @Test func oneBackupOnlyMovesTheLiveFile() {
        #expect(RotationPolicy(maxBytes: 1, backups: 1).steps(forPath: "f") == [
            .moveLiveFile(from: "f", to: "f.1"),
            .reopenTruncated(path: "f"),
        ])
    }

    @Test(arguments: [0, -3])
    func noBackupsOnlyTruncates(backups: Int) {
        #expect(RotationPolicy(maxBytes: 1, backups: backups).steps(forPath: "f") == [.reopenTruncated(path: "f")])
    }
}
