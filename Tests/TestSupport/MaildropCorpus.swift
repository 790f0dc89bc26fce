import Foundation

/// Where the CPython email test corpus (`test/test_email/data/msg_*.txt`) is on this machine: Debian's
/// `libpython3.X-testsuite` package, or the `test` package of the `python3` on PATH, or
/// `$MAIL2SMS_EMAIL_CORPUS`.
package enum MaildropCorpus {
    /// Every folder on this machine that holds the corpus, Debian's first.
    package static let directories: [URL] = {
        let manager = FileManager.default
        var candidates: [String] = []
        if let forced = ProcessInfo.processInfo.environment["MAIL2SMS_EMAIL_CORPUS"] { candidates.append(forced) }
        let pythons = ((try? manager.contentsOfDirectory(atPath: "/usr/lib")) ?? [])
            .filter { $0.hasPrefix("python3.") }.sorted().reversed()
        candidates += pythons.map { "/usr/lib/\($0)/test/test_email/data" }
        if let fromPath = pythonCorpus() { candidates.append(fromPath) }
        return candidates.filter { manager.fileExists(atPath: $0 + "/msg_01.txt") }.map { URL(fileURLWithPath: $0) }
    }()

    package static var directory: URL? { directories.first }

    /// Asks the `python3` on PATH where its `test.test_email` package is.
    private static func pythonCorpus() -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c",
                             "import os, test.test_email as t; print(os.path.join(os.path.dirname(t.__file__), 'data'))"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return nil }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Every file of the corpus (messages, and the images and sounds its tests attach), from all its
    /// folders: Python versions differ by a message or two.
    package static func allFiles() -> [URL] {
        var byName: [String: URL] = [:]
        for directory in directories {
            for name in (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? [] where byName[name] == nil {
                byName[name] = directory.appendingPathComponent(name)
            }
        }
        return byName.keys.sorted().map { byName[$0]! }
    }
}
