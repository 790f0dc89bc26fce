import Glibc
import Mail2SMSCore

exit(Mail2SMS.run(arguments: Array(CommandLine.arguments.dropFirst()), context: .process).code)
