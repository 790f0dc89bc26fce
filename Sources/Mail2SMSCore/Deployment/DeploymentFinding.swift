import Delivery
import Platform
import RulesLanguage
import SMSGateway

/// One fault of a deployment that `--check --user NAME` finds.
///
/// A file or directory the delivery, run as that user, would refuse or fail on. `description` words it as
/// `PATH: fact; fix: command`.
package struct DeploymentFinding: Equatable, CustomStringConvertible {
    /// What is wrong, as facts.
    package enum Fault: Equatable {
        /// The file (a rules file, included file or secrets file: `what`) or directory does not exist.
        case missing(what: String)
        /// Any other reason it cannot be looked at.
        case unusable(FileDescriptor.Errno)
        /// The user cannot read the file.
        case unreadable(FileStatus)
        /// The user cannot enter this directory on the way to a file mail2sms needs.
        case cannotEnter(FileStatus)
        /// The user cannot write the file or directory.
        case notWritable(FileStatus)
        /// Delivery refuses this rules file.
        case unsafeRules(RulesFilePermissions.Problem)
        /// Delivery refuses this secrets file.
        case unsafeSecrets(SecretFile.Problem)
        /// Every user may read the file, and it holds the password or API key of this gateway.
        case exposedCredentials(gateway: String, FileStatus)
        /// The journal is there but cannot be used.
        case journal(JournalFailure)
    }

    package var path: String
    package var fault: Fault
    /// The user the check is for, as the commands of the fixes name it.
    package var user: UserCredentials

    package var description: String {
        let fix = self.fix.map { "; fix: \($0)" } ?? ""
        return "\(path): \(fact)\(fix)"
    }

    private var fact: String {
        switch fault {
        case .missing(let what):
            return "the \(what) does not exist"
        case .unusable(let errno):
            return "\(errno)"
        case .unreadable(let status):
            return "\(user.name) cannot read it (\(owned(status)))"
        case .cannotEnter(let status):
            return "\(user.name) cannot enter this directory (\(owned(status)))"
        case .notWritable(let status):
            return "\(user.name) cannot write \(status.isDirectory ? "in this directory" : "it") (\(owned(status)))"
        case .unsafeRules(.foreignOwner(let owner, _)):
            return "it belongs to \(name(of: owner)), neither root nor \(user.name); delivery refuses such a rules file"
        case .unsafeRules(.writableByOthers(let mode)):
            return "group or others may write it (mode \(FileStatus.octal(mode))); delivery refuses such a rules file"
        case .unsafeSecrets(.foreignOwner(_, let owner, _)):
            return
                "it belongs to \(name(of: owner)), neither root nor \(user.name); delivery refuses such a secrets file"
        case .unsafeSecrets(.tooOpen(_, let mode)):
            return "others may read it, or group or others write it (mode \(FileStatus.octal(mode))); "
                + "delivery refuses such a secrets file"
        case .unsafeSecrets(let problem):
            return "\(problem)"
        case .exposedCredentials(let gateway, let status):
            return "every user can read it (mode \(status.octalMode)) and it holds the password or API key of "
                + "gateway '\(gateway)'"
        case .journal(.database(_, let failure)):
            return "the journal cannot be read (\(failure)); every delivery would defer (exit 75)"
        case .journal(let failure):
            return "\(failure)"
        }
    }

    /// The command that mends it, when one does.
    private var fix: String? {
        switch fault {
        case .missing(let what) where what.hasSuffix("directory"):
            return "install -d -o \(user.name) -m 0750 \(path)"
        case .missing, .unusable, .journal:
            return nil
        case .unreadable(let status) where status.owner == 0:
            return "chgrp \(user.groupName) \(path) && chmod g+r,g-w \(path)"
        case .unreadable, .notWritable:
            return "chown \(user.name) \(path)"
        case .cannotEnter:
            return "chmod o+x \(path)"
        case .unsafeRules(.foreignOwner):
            return "chown root \(path)"
        case .unsafeRules(.writableByOthers):
            return "chmod go-w \(path)"
        case .unsafeSecrets(.foreignOwner):
            return "chown \(user.name) \(path)"
        case .unsafeSecrets:
            return "chmod o-rwx,g-w \(path)"
        case .exposedCredentials:
            return "chmod o-r \(path), or move the secret to a 'password-file' or 'api-key-file'"
        }
    }

    private func owned(_ status: FileStatus) -> String {
        "owner \(name(of: status.owner)), mode \(status.octalMode)"
    }

    private func name(of owner: UInt32) -> String { UserAccount(looking: owner).name ?? String(owner) }

}
