import Foundation

/// Waiting for what another process does: a condition polled until it holds.
package enum Poll {
    /// Polls `condition` every 10 ms until it holds; throws, naming `what`, once `timeout` seconds have passed.
    package static func until(_ what: String, timeout: TimeInterval = 10, _ condition: () throws -> Bool) throws {
        let deadline = Date().addingTimeInterval(timeout)
        while try !condition() {
            guard Date() < deadline else { throw CocoaError(.executableLoad, userInfo: [NSLocalizedDescriptionKey: "not within \(timeout) s: \(what)"]) }
            Thread.sleep(forTimeInterval: 0.01)
        }
    }
}
