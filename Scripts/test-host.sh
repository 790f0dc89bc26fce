#!/bin/sh
# What `make test` changes on the host for the packages it installs, and undoes when it ends.
#
#   Scripts/test-host.sh prepare RECORD   before the test dependencies are installed
#   Scripts/test-host.sh restore RECORD   when make test ends, also on failure or interruption
#
# The test dependencies include daemons (kannel, postfix, rsyslog, postgresql) that the tests start themselves,
# on 127.0.0.1 or a socket of their own (rsyslog: never /dev/log), from their own configuration; Debian would
# start the system's copies on install. So `prepare`, only if the package is missing:
#  - puts a policy-rc.d that refuses every start (exit 101) at $POLICY_RC_D, if there is none;
#  - preseeds debconf so that postfix's install writes no main.cf ("No configuration"), if the question has no
#    answer yet.
# Each change is written to RECORD, and `restore` undoes exactly those: it removes the policy-rc.d it wrote
# (and only if it is still the one it wrote), and the preseeded answer: purged if postfix is still not
# installed, and otherwise marked as not seen, so that `dpkg-reconfigure postfix` asks the question again.
# A policy-rc.d or debconf answer that was there before is left alone. `make demo`, `make build` and
# `make install` never run this: they install build dependencies only, which start nothing.
#
# POLICY_RC_D (default /usr/sbin/policy-rc.d) and PRESEED (default the postfix answer, "PACKAGE QUESTION TYPE
# VALUE") can be changed for the script's own test.
set -eu
action=${1:?usage: test-host.sh prepare|restore RECORD}
record=${2:?usage: test-host.sh prepare|restore RECORD}
policy=${POLICY_RC_D:-/usr/sbin/policy-rc.d}
preseed=${PRESEED:-postfix postfix/main_mailer_type select No configuration}
marker="# written by mail2sms's make test (Scripts/test-host.sh); removed when it ends"
package=${preseed%% *}
question=$(printf '%s\n' "$preseed" | cut -d' ' -f2)

installed() { dpkg-query -W -f '${Status}' "$1" 2>/dev/null | grep -q ' installed$'; }
answered() { echo "GET $1" | debconf-communicate 2>/dev/null | grep -q '^0'; }

case $action in
prepare)
    mkdir -p "$(dirname "$record")"
    : > "$record"
    if [ ! -e "$policy" ]; then
        printf '#!/bin/sh\n%s\nexit 101\n' "$marker" > "$policy"
        chmod 755 "$policy"
        echo policy-rc.d >> "$record"
    fi
    if ! installed "$package" && ! answered "$question"; then
        echo "$preseed" | debconf-set-selections
        echo debconf >> "$record"
    fi
    ;;
restore)
    [ -f "$record" ] || exit 0
    if grep -qx policy-rc.d "$record" && grep -qxF "$marker" "$policy" 2>/dev/null; then
        rm -f "$policy"
    fi
    if grep -qx debconf "$record"; then
        if installed "$package"; then
            echo "FSET $question seen false" | debconf-communicate "$package" >/dev/null
        else
            echo PURGE | debconf-communicate "$package" >/dev/null
        fi
    fi
    rm -f "$record"
    ;;
*)
    echo "test-host.sh: unknown action '$action'" >&2
    exit 64
    ;;
esac
