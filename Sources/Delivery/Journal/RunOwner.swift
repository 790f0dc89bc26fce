import Platform

/// The run that owns a pending row: which process, told apart from a later process with the same ID by its
/// start time and the boot it belongs to.
///
/// Stored as text, `PID:START:BOOT`.
///
/// Another run of the same machine can tell whether the owner still runs (`isRunning`): Postfix delivering the
/// same mail to several recipients at once, or a run killed during its request (SIGKILL at Postfix's time
/// limit, a crash, a reboot), whose SMS is then in doubt.
package struct RunOwner: Equatable, Sendable, CustomStringConvertible {
    package let processID: Int32
    /// Clock ticks after boot at which the process started (`/proc/PID/stat`, field 22).
    let startTicks: UInt64
    /// `/proc/sys/kernel/random/boot_id`: a new one at every boot.
    let bootID: String

    package init(processID: Int32, startTicks: UInt64, bootID: String) {
        self.processID = processID
        self.startTicks = startTicks
        self.bootID = bootID
    }

    /// `PID:START:BOOT`, as the journal stores it.
    package var description: String { "\(processID):\(startTicks):\(bootID)" }

    package init?(_ text: String) {
        let fields = text.split(separator: ":", maxSplits: 2)
        guard fields.count == 3, let pid = Int32(fields[0]), let start = UInt64(fields[1]) else { return nil }
        self.init(processID: pid, startTicks: start, bootID: String(fields[2]))
    }

    /// An owner nobody can name (a row without one, a key held with no row): never this run, never checked.
    package static let unknown = RunOwner(processID: 0, startTicks: 0, bootID: "")

    /// This process.
    package static func current(processID: Int32) -> RunOwner {
        RunOwner(processID: processID, startTicks: startTicks(of: processID) ?? 0, bootID: currentBootID)
    }

    /// Whether the owner is still running: same boot, and its process ID names a process that started at the
    /// same tick.
    ///
    /// A process that cannot be read (gone) is not running. An owner that could not read its own start (no
    /// /proc) counts as running: the journal's lease decides for it.
    var isRunning: Bool {
        guard bootID == RunOwner.currentBootID else { return false }
        return startTicks == 0 || RunOwner.startTicks(of: processID) == startTicks
    }

    /// The boot this machine is in; "" when /proc cannot tell (then every owner of an earlier boot counts as
    /// gone, and one of this boot is judged by its process alone).
    static let currentBootID: String = {
        guard let bytes = try? FileDescriptor.readFile("/proc/sys/kernel/random/boot_id", limit: 64) else { return "" }
        return String(decoding: bytes.filter { $0 != 0x0A }, as: UTF8.self)
    }()

    /// Field 22 of `/proc/PID/stat`, counted after the command name, which is in parentheses and may hold
    /// blanks and parentheses itself.
    static func startTicks(of processID: Int32) -> UInt64? {
        guard processID > 0, let bytes = try? FileDescriptor.readFile("/proc/\(processID)/stat", limit: 4096),
            let close = bytes.lastIndex(of: 0x29)
        else { return nil }
        // After ") ": field 3 (state) onwards; the start time is field 22, the 20th of these.
        let fields = bytes[(close + 1)...].split(separator: 0x20)
        guard fields.count >= 20 else { return nil }
        return UInt64(String(decoding: fields[19], as: UTF8.self))
    }
}
