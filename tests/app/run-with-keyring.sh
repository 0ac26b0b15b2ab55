#!/bin/sh
# run-with-keyring.sh COMMAND [ARGS...]
# Runs COMMAND in a private D-Bus session with its own unlocked gnome-keyring
# (Secret Service), so tests exercise the real QtKeychain/libsecret path without
# touching the user's keyring. Fails (never skips) when the keyring cannot start,
# and leaves no gnome-keyring-daemon behind.
set -eu

if [ -z "${RELAYDESK_KEYRING_SESSION:-}" ]; then
    command -v dbus-run-session >/dev/null 2>&1 || { echo "run-with-keyring: dbus-run-session not found (apt install dbus)" >&2; exit 1; }
    RELAYDESK_KEYRING_SESSION=1 exec dbus-run-session -- "$0" "$@"
fi

command -v gnome-keyring-daemon >/dev/null 2>&1 || { echo "run-with-keyring: gnome-keyring-daemon not found (apt install gnome-keyring)" >&2; exit 1; }

# A throwaway home: the keyring files, and nothing of the real user's.
scratch=$(mktemp -d "${TMPDIR:-/tmp}/relaydesk-keyring.XXXXXX")
chmod 700 "$scratch"
export HOME="$scratch" XDG_DATA_HOME="$scratch/data" XDG_CONFIG_HOME="$scratch/config" \
       XDG_CACHE_HOME="$scratch/cache" XDG_RUNTIME_DIR="$scratch/run"
mkdir -p "$XDG_DATA_HOME" "$XDG_CONFIG_HOME" "$XDG_CACHE_HOME" "$XDG_RUNTIME_DIR"
chmod 700 "$XDG_RUNTIME_DIR"
unset XDG_CURRENT_DESKTOP DESKTOP_SESSION KDE_FULL_SESSION

daemon=
cleanup() {
    if [ -n "$daemon" ] && kill -0 "$daemon" 2>/dev/null; then
        kill "$daemon" 2>/dev/null || true
        wait "$daemon" 2>/dev/null || true
    fi
    rm -rf "$scratch"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --unlock reads the login keyring's password from stdin (and creates the
# keyring with it on first use); --foreground keeps the daemon our child.
printf '%s' "relaydesk-test-keyring" | gnome-keyring-daemon --foreground --unlock --components=secrets \
    --control-directory="$XDG_RUNTIME_DIR/keyring" >"$scratch/daemon.log" 2>&1 &
daemon=$!

owned=false
i=0
while [ $i -lt 100 ]; do
    if dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
           org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null | grep -q 'boolean true'; then
        owned=true
        break
    fi
    kill -0 "$daemon" 2>/dev/null || break
    sleep 0.1
    i=$((i + 1))
done
if [ "$owned" != true ]; then
    echo "run-with-keyring: gnome-keyring-daemon did not provide org.freedesktop.secrets" >&2
    cat "$scratch/daemon.log" >&2 || true
    exit 1
fi

status=0
"$@" || status=$?
exit "$status"
