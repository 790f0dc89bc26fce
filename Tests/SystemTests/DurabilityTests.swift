import Foundation
import TestSupport
import Testing

/// What the journal costs in syncs: only the commit of "sent" must reach the disk before mail2sms exits, so a
/// run that sends one SMS syncs once (the write-ahead log), plus about every fifteenth run a checkpoint (two or
/// three more), plus the journal's creation on the first run. Counted by strace over 100 SMS, the first run included.
@Suite(.requires(.strace)) struct DurabilityTests {
    @Test(.hangLimit)
    func syncsPerSMSAreAtMostTwo() throws {
        let gateway = try FakeGateway(status: 202)
        let folder = try TemporaryFolder()
        let state = try TemporaryFolder()
        let rules = try ISEExample.rules(port: gateway.port, folder: folder)
        var syncs: [Int] = []
        for index in 1...100 {
            let trace = folder.path("strace.\(index)")
            let result = try ChildProcess.run(SystemProgram.strace.url,
                                              ["-f", "-qq", "-e", "trace=fsync,fdatasync,sync_file_range,syncfs,sync", "-o", trace,
                                               Mail2SMSProcess.executable.path]
                                                  + Mail2SMSProcess.commandLine([rules], stateDirectory: state.url.path),
                                              stdin: try JournalFaultTests.mail(index))
            #expect(result.status == 0, "\(result.output)")
            syncs.append(try String(contentsOfFile: trace, encoding: .utf8).split(separator: "\n").count)
        }
        #expect(try gateway.requests().count == 100)
        let average = Double(syncs.reduce(0, +)) / Double(syncs.count)
        #expect(average <= 2, "\(average) syncs per SMS: \(syncs)")
        // Once the journal exists, a run that sends one SMS syncs once, bar a checkpoint about every fifteenth.
        #expect(syncs.dropFirst().filter { $0 == 1 }.count >= 85, "\(syncs)")
    }
}
