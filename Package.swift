// swift-tools-version:6.0
import PackageDescription

// The library is split along the pipeline a message goes through, one target per layer, so that an arrow
// against it does not compile (ARCHITECTURE.md):
//
//   Platform → MailMessage ─────────────────────────┐
//   Platform → RulesLanguage → SMSGateway → RulesCompiler → RulesInterpreter → Delivery → Mail2SMSCore → mail2sms
//
// Each target may import only the targets to its left. Across targets, declarations are `package`; only what
// the executable calls is `public`.
let package = Package(
    name: "mail2sms",
    products: [
        .executable(name: "mail2sms", targets: ["mail2sms"]),
    ],
    targets: [
        .systemLibrary(
            name: "CPCRE2", pkgConfig: "libpcre2-8",
            providers: [.apt(["libpcre2-dev"])]),
        // Headers only: libcurl is opened with dlopen on the first send (see Sources/CCurl/shim.h).
        .systemLibrary(
            name: "CCurl",
            providers: [.apt(["libcurl4-openssl-dev"])]),
        // Headers only: libsqlite3 is opened with dlopen when the journal is first needed.
        .systemLibrary(
            name: "CSQLite",
            providers: [.apt(["libsqlite3-dev"])]),
        // Headers only: libpq is opened with dlopen when a journal in PostgreSQL is first needed.
        .systemLibrary(
            name: "CLibPQ",
            providers: [.apt(["libpq-dev"])]),
        .target(name: "CArguments"),

        // System calls and C libraries behind Swift types, codecs, text: what every layer may use.
        .target(name: "Platform", dependencies: ["CPCRE2", "CCurl", "CSQLite", "CLibPQ"]),
        // The RFC 822/MIME message and the canonical lines patterns search.
        .target(name: "MailMessage", dependencies: ["Platform"]),
        // The filter language: lexer, parser, syntax tree, diagnostics.
        .target(name: "RulesLanguage", dependencies: ["Platform"]),
        // Gateways from their declarations: templates, presets, numbers, SMS texts, what an answer means.
        .target(name: "SMSGateway", dependencies: ["Platform", "RulesLanguage"]),
        // A rules file made ready to run: bound, patterns compiled, gateways and guard checked, linted.
        .target(name: "RulesCompiler", dependencies: ["Platform", "RulesLanguage", "SMSGateway"]),
        // The rules run on one message: variables, patterns, the SMS recorded, Maildir deliveries.
        .target(name: "RulesInterpreter",
                dependencies: ["Platform", "MailMessage", "RulesLanguage", "SMSGateway", "RulesCompiler"]),
        // The recorded SMS sent: the guard's admission, the journal's protocol, the gateway attempts.
        .target(name: "Delivery",
                dependencies: ["Platform", "RulesLanguage", "SMSGateway", "RulesCompiler", "RulesInterpreter"]),
        // One run, options in, exit status out; the command line and what it prints.
        .target(name: "Mail2SMSCore",
                dependencies: ["Platform", "MailMessage", "RulesLanguage", "SMSGateway", "RulesCompiler",
                               "RulesInterpreter", "Delivery"]),
        .executableTarget(
            name: "mail2sms",
            dependencies: ["Mail2SMSCore", "CArguments"]),
        .testTarget(
            name: "Mail2SMSCoreTests",
            dependencies: ["Platform", "MailMessage", "RulesLanguage", "SMSGateway", "RulesCompiler",
                           "RulesInterpreter", "Delivery", "Mail2SMSCore"]),
        // What the end-to-end and system tests share: running the built binary and other programs, temporary
        // folders, the fake gateway, the example and its mails, the programs the system tests need. A regular
        // target used only by tests (Swift Build, SwiftPM's coming build system, lets no test target depend on
        // another); `swift build` builds it too, so what needs Testing is compiled only where it can be imported.
        .target(
            name: "TestSupport",
            path: "Tests/TestSupport"),
        // The built binary as Postfix runs it, against a fake gateway (python3): any user, no other program.
        .testTarget(
            name: "EndToEndTests",
            dependencies: ["mail2sms", "TestSupport"]),
        // The built binary with what the machine must provide (make test-deps, and root): real Postfix, Kannel
        // and maildrop, strace, sqlite3, mounts, files and runs as nobody. A test that lacks what it needs is
        // skipped, saying what.
        .testTarget(
            name: "SystemTests",
            dependencies: ["mail2sms", "TestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
