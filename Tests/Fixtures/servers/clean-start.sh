# Sourced first by the start scripts of the test daemons (postfix/, kannel/, rsyslog/, postgresql/), with their own
# positional parameters: `. "$(dirname "$0")/../clean-start.sh"`.
#
# Foundation's Process (swift test) hands its child one end of a socket and takes the child for ended only
# once every holder of it has closed it: a daemon that inherited it would keep the test waiting until it
# dies. So the calling script runs again without every descriptor above 2, with no signal blocked and
# SIGPIPE at its default (swift test's children inherit a mask that blocks SIGTERM; python ignores SIGPIPE).
command -v python3 >/dev/null || { echo "$(basename "$0"): python3 not found" >&2; exit 1; }
if [ -z "${MAIL2SMS_HARNESS_CLEAN:-}" ]; then
    MAIL2SMS_HARNESS_CLEAN=1 exec python3 -c '
import os, signal, sys
os.closerange(3, os.sysconf("SC_OPEN_MAX"))
signal.pthread_sigmask(signal.SIG_SETMASK, [])
signal.signal(signal.SIGPIPE, signal.SIG_DFL)
os.execv("/bin/sh", ["/bin/sh"] + sys.argv[1:])' "$0" "$@"
fi
unset MAIL2SMS_HARNESS_CLEAN
