/// Where mail2sms's own output goes.
///
/// Postfix copies stdout and stderr into bounces and mail.log, so every caller of `error` must pass text free
/// of SMS texts and credentials; the executable wires these to file descriptors 1 and 2, tests to buffers.
package struct StandardStreams {
    package var output: (String) -> Void
    package var error: (String) -> Void

    package init(output: @escaping (String) -> Void, error: @escaping (String) -> Void) {
        self.output = output
        self.error = error
    }

    /// Descriptors 1 and 2, unbuffered: each call is one `write(2)`.
    package static var process: StandardStreams {
        StandardStreams(
            output: { try? FileDescriptor.writeAll(1, Array($0.utf8)) },
            error: { try? FileDescriptor.writeAll(2, Array($0.utf8)) })
    }
}
