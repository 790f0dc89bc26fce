import Glibc
import Mail2SMSCore

// When `run` returns, everything is written: standard output and error unbuffered (one write(2) a line), the
// log appended, the journal closed. `_exit` then skips the exit handlers OpenSSL and libcurl registered,
// which would free what the process is about to drop anyway, on every mail.
_exit(Mail2SMS.run(arguments: Array(CommandLine.arguments.dropFirst()), context: .process).code)
