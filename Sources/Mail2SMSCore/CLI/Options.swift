import Delivery
import Platform
import RulesCompiler

/// The command line, maildrop-like:
/// `mail2sms [-f SENDER] [-r RECIPIENT] [-n|--dry-run] [--check] [--canonical] [RULES [ARG …]]`.
///
/// Options come before RULES; everything after RULES is an argument for the rules (`$1`, `$2`, …), even
/// when it starts with `-` (Postfix passes `${recipient}` there).
struct Options: Equatable {
    static let defaultRulesPath = "/etc/mail2sms/mailfilter.conf"
    /// Where the journal lives unless `--state-dir` or the rules' `STATEDIR` say otherwise.
    static let defaultStateDirectory = "/var/lib/mail2sms"

    package var sender: String?
    var recipient: String?
    package var dryRun = false
    var check = false
    var canonical = false
    var help = false
    var version = false
    var rulesPath = Options.defaultRulesPath
    var stateDirectory = Options.defaultStateDirectory
    /// `--journal URL`: the journal in this PostgreSQL database; wins over the rules' `journal` block.
    var journalURL: String?
    /// `--journal-password-file FILE`: the database account's password; wins over the block's `password-file`.
    var journalPasswordFile: String?
    /// The SMTP client's address, as Postfix's pipe(8) passes `${client_address}`.
    package var client: String?
    var deadlineSeconds = Deadline.defaultSeconds
    /// `--syslog`: whether records also go to syslog, and with which facility; wins over the rules' `syslog`.
    var syslog: SyslogSetting?
    /// Postfix's queue ID, as pipe(8) passes `${queue_id}`: syslog records carry it.
    var queueID: String?
    /// `--check --user NAME`: also check the deployment for the pipe's `user=`.
    var user: String?
    package var arguments: [String] = []
    /// `journal …` in place of RULES: the journal command, which reads no rules and no message.
    var journal: JournalCommand?

    package init() {}

    /// Whether this run delivers (not `--check`, `--dry-run`): only then are the rules files' owners checked.
    var delivering: Bool { !check && !dryRun && !canonical }

    static let usage = """
        usage: mail2sms [-f SENDER] [-r RECIPIENT] [-n | --dry-run] [--check [--user NAME]] [--canonical]
                        [--state-dir DIR | --journal URL [--journal-password-file FILE]]
                        [--deadline SECONDS] [--client ADDRESS]
                        [--syslog no | yes | FACILITY] [--queue-id ID] [RULES [ARG ...]]
               mail2sms [--state-dir DIR | --journal URL ...] journal list [--limit N]
               mail2sms [--state-dir DIR | --journal URL ...] journal rate NUMBER
               mail2sms [--state-dir DIR | --journal URL ...] journal forget [--log FILE] MESSAGE-ID
               mail2sms [--state-dir DIR | --journal URL ...] journal forget-rate [--log FILE] NUMBER
        """

    /// `--help`: the usage, then one line per option with its default.
    static let help = """
        \(usage)

        Reads one mail on standard input, runs the RULES on it and sends the SMS they ask for.

          -f SENDER           envelope sender ($FROM, $SENDER; allow-sender); default: Return-Path
          -r RECIPIENT        envelope recipient ($RECIPIENT); default: none
          --client ADDRESS    SMTP client address ($CLIENT; allow-client); default: none
          -n, --dry-run       send and write nothing; print the trace, each request and the guard's verdicts
          --check             compile RULES and report errors and warnings; exit 65 on errors
          --user NAME         with --check: check files and directories as the pipe's user= NAME would
          --canonical         print the lines patterns are matched against, and exit
          --state-dir DIR     where the journal is kept; default: \(defaultStateDirectory)
          --journal URL       the journal in PostgreSQL (postgresql://USER@HOST/DB); default: the rules' journal
          --journal-password-file FILE
                              the journal account's password; default: the rules' journal password-file
          --deadline SECONDS  the whole run's time limit, 1 to \(Deadline.maximumSeconds); default: \(Deadline.defaultSeconds)
          --syslog FACILITY   records to syslog too: yes (mail), no, or a facility; default: the rules' syslog
          --queue-id ID       Postfix's queue ID (${queue_id}), in syslog records; default: none
          -h, --help          print this help
          --version           print the version
          RULES               the rules file; default: \(defaultRulesPath)
          ARG ...             $1, $2, ... in the rules

          journal list [--limit N]    recent SMS and refusals, numbers masked; default: \(JournalCommand.defaultListLimit)
          journal rate NUMBER         the SMS counted in the rate window, to NUMBER and in all
          journal forget MESSAGE-ID   let a mail's SMS be sent again (--log FILE: record it there)
          journal forget-rate NUMBER  take NUMBER's SMS of the last hour out of its rate

        See mail2sms(1) and mailfilter(5).
        """

    /// The longest queue ID `--queue-id` takes: Postfix's long IDs (`enable_long_queue_ids`) have about 20
    /// characters, its short ones 10 to 12.
    static let maximumQueueIDLength = 64

    /// Parses `arguments` (without the program name).
    package static func parse(_ arguments: [String]) throws(Failure) -> Options {
        var options = Options()
        var index = 0
        func value(for flag: String, attached: Substring) throws(Failure) -> String {
            if !attached.isEmpty { return String(attached) }
            index += 1
            guard index < arguments.count else { throw .usage("option '\(flag)' needs a value") }
            return arguments[index]
        }
        while index < arguments.count {
            let argument = arguments[index]
            if argument == "--" {
                index += 1
                break
            }
            guard argument.hasPrefix("-"), argument != "-" else { break }
            switch argument {
            case "-n", "--dry-run": options.dryRun = true
            case "--check": options.check = true
            case "--canonical": options.canonical = true
            case "-h", "--help": options.help = true
            case "--version": options.version = true
            case _ where argument.hasPrefix("-f"):
                options.sender = try value(for: "-f", attached: argument.dropFirst(2))
            case _ where argument.hasPrefix("-r"):
                options.recipient = try value(for: "-r", attached: argument.dropFirst(2))
            case "--client":
                options.client = try value(for: argument, attached: "")
            case "--user":
                options.user = try value(for: argument, attached: "")
            case "--state-dir":
                options.stateDirectory = try value(for: argument, attached: "")
            case "--journal":
                options.journalURL = try journalURL(try value(for: argument, attached: ""))
            case "--journal-password-file":
                options.journalPasswordFile = try value(for: argument, attached: "")
            case "--syslog":
                options.syslog = try syslogSetting(try value(for: argument, attached: ""))
            case "--queue-id":
                options.queueID = try queueID(try value(for: argument, attached: ""))
            case "--deadline":
                options.deadlineSeconds = try deadlineSeconds(try value(for: argument, attached: ""))
            default:
                throw .usage("unknown option '\(argument.prefix(40))'")
            }
            index += 1
        }
        try options.take(arguments[index...])
        return options
    }

    /// What follows the options: `journal …`, or RULES and its arguments; then the options checked together.
    private mutating func take(_ operands: ArraySlice<String>) throws(Failure) {
        if operands.first == "journal" {
            journal = try JournalCommand.parse(operands.dropFirst())
            if dryRun || check || canonical {
                throw .usage("'journal' takes none of --dry-run, --check and --canonical")
            }
        } else if let rules = operands.first {
            rulesPath = rules
            arguments = Array(operands.dropFirst())
        }
        if [dryRun, check, canonical].filter({ $0 }).count > 1 {
            throw .usage("use only one of --dry-run, --check and --canonical")
        }
        if user != nil && !check {
            throw .usage("'--user' goes with --check: the user the deployment is checked for")
        }
    }

    /// `--journal`'s URL, refused (without being repeated: it may hold a password) unless a journal's.
    private static func journalURL(_ url: String) throws(Failure) -> String {
        if let problem = JournalDatabase.problem(url: url) { throw .usage("'--journal': \(problem)") }
        return url
    }

    /// `--deadline`'s seconds, 1 to `Deadline.maximumSeconds`.
    private static func deadlineSeconds(_ text: String) throws(Failure) -> Int {
        guard let seconds = Int(text), (1...Deadline.maximumSeconds).contains(seconds) else {
            throw .usage("'--deadline' is a number of seconds from 1 to \(Deadline.maximumSeconds)")
        }
        return seconds
    }

    /// What `--syslog WORD` says: `yes`, `no` or a facility.
    private static func syslogSetting(_ word: String) throws(Failure) -> SyslogSetting {
        guard let setting = SyslogSetting(word) else {
            throw .usage("'--syslog' is 'yes', 'no' or a facility: \(SyslogFacility.names)")
        }
        return setting
    }

    /// `text` if it is a queue ID as Postfix makes them: letters and digits only, so that it cannot forge a
    /// syslog record.
    private static func queueID(_ text: String) throws(Failure) -> String {
        guard !text.isEmpty, text.utf8.count <= maximumQueueIDLength,
            text.utf8.allSatisfy({ ASCII.isLetter($0) || ASCII.isDigit($0) })
        else {
            throw .usage("'--queue-id' is a Postfix queue ID: letters and digits, at most \(maximumQueueIDLength)")
        }
        return text
    }
}

extension Options {
    /// Where the journal is: the database `--journal` or the rules' `journal` block names (the options win),
    /// else the SQLite file in `stateDirectory`.
    func journalLocation(declared: JournalDatabase?, stateDirectory: String) -> JournalLocation {
        guard let url = journalURL ?? declared?.url else { return .directory(stateDirectory) }
        return .database(JournalDatabase(url: url, passwordFile: journalPasswordFile ?? declared?.passwordFile))
    }
}
