#!/usr/bin/env bash
# Installs what Relaydesk needs to build, test and run on Debian 12 (as root, or with sudo).
set -euo pipefail

packages=(
    build-essential cmake ninja-build pkg-config git
    qt6-base-dev qt6-base-dev-tools qt6-websockets-dev qt6-httpserver-dev
    qtkeychain-qt6-dev libqt6sql6-sqlite libqt6sql6-psql qt6-l10n-tools qt6-tools-dev qt6-tools-dev-tools
    libgl-dev sqlite3 libsqlite3-dev
    xvfb xauth dbus dbus-x11 gnome-keyring libsecret-tools
    fonts-dejavu-core fonts-noto-color-emoji curl openssl
    # tests/packaging: cpack (file), metainfo, desktop entry, systemd unit, Debian policy; the SVG icon at run time
    file appstream desktop-file-utils systemd lintian libqt6svg6
    # the relay cluster: its PostgreSQL backend and the tests' private servers
    postgresql-15 libpq-dev haproxy
)
[ "${RELAYDESK_SETUP_FUZZ:-0}" = 1 ] && packages+=(clang libclang-rt-14-dev)

missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
# The benchmark's Express + Socket.IO peer: Node.js 18+ (Debian's, or one already
# installed) and its pinned packages, installed again when the lock file changed.
command -v node >/dev/null || missing+=(nodejs)
command -v npm >/dev/null || missing+=(npm)
peer_modules() {
    local peer
    peer="$(cd "$(dirname "$0")/.." && pwd)/bench/peers/express-socketio"
    if [ ! -f "$peer/node_modules/.package-lock.json" ] || [ "$peer/package-lock.json" -nt "$peer/node_modules/.package-lock.json" ]; then
        echo "setup: npm ci in bench/peers/express-socketio"
        (cd "$peer" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
    fi
}

if [ ${#missing[@]} -eq 0 ]; then
    echo "setup: all packages present"
    peer_modules
    exit 0
fi

sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
echo "setup: installing ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
peer_modules
