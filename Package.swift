// swift-tools-version:6.0
import PackageDescription

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
        .target(
            name: "Mail2SMSCore",
            dependencies: ["CPCRE2", "CCurl", "CSQLite"]),
        .target(name: "CArguments"),
        .executableTarget(
            name: "mail2sms",
            dependencies: ["Mail2SMSCore", "CArguments"]),
        .testTarget(
            name: "Mail2SMSCoreTests",
            dependencies: ["Mail2SMSCore"]),
        .testTarget(
            name: "EndToEndTests",
            dependencies: ["mail2sms"]),
    ],
    swiftLanguageModes: [.v6]
)
