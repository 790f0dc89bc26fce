// `swift build` builds this target too, as it builds every regular target, and `make build`'s
// --static-swift-stdlib has no Testing module to import: what needs Testing is compiled where it can be.
#if canImport(Testing)
import Foundation
import Testing

extension Trait where Self == TimeLimitTrait {
    /// The time limit of a test that runs daemons, many processes or long loops: a hang ends within it.
    ///
    /// `swift test` starts the tests of every suite at once, and on the two cores `make test` is measured on
    /// a test may wait minutes for the CPU (one-minute limits failed there): the limit is for hangs, never
    /// for speed, which the benchmarks measure.
    package static var hangLimit: Self { .timeLimit(.minutes(5)) }
}

extension Trait where Self == ConditionTrait {
    /// Runs the test, or every test of the suite, only where `program` is installed; elsewhere each is
    /// skipped, saying what is missing and which package installs it.
    package static func requires(_ program: SystemProgram, sourceLocation: SourceLocation = #_sourceLocation) -> Self {
        .enabled(if: program.isInstalled, Comment(rawValue: program.skipReason), sourceLocation: sourceLocation)
    }

    /// Runs the test, or every test of the suite, only as root (`make test` runs as root): to give a file to
    /// `nobody`, to run a program as `nobody`, to mount, to run Postfix's own instance.
    package static var requiresRoot: Self {
        .enabled(if: geteuid() == 0, "needs root (make test runs as root)")
    }

    /// Runs the test only where CPython's email test corpus is (`MaildropCorpus`).
    package static var requiresEmailCorpus: Self {
        .enabled(if: MaildropCorpus.directory != nil,
                 "needs CPython's email test corpus from the Debian package libpython3.11-testsuite (make test-deps), or MAIL2SMS_EMAIL_CORPUS")
    }
}
#endif
