#!/usr/bin/env bash
# check_debs.sh BUILD_DIR OUT_DIR
# Packages the build with cpack into OUT_DIR and checks both .deb files: where
# every file goes and with which mode, the control fields and maintainer scripts,
# the desktop entry and metainfo (desktop-file-validate, appstreamcli), the
# systemd unit (systemd-analyze), the manual pages, and Debian policy as lintian
# checks it. Any failed check fails the test.
set -uo pipefail
build=$1
out=$2
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
pass() { echo "ok:   $*"; }
check() { local what=$1; shift; if "$@" >/dev/null 2>&1; then pass "$what"; else fail "$what"; fi; }
need() { command -v "$1" >/dev/null || { echo "FAIL: $1 is missing (scripts/setup.sh installs package $2)"; exit 1; }; }
need dpkg-deb dpkg; need cpack cmake; need file file; need appstreamcli appstream
need desktop-file-validate desktop-file-utils; need systemd-analyze systemd; need lintian lintian; need man man-db
source_dir=$(cd "$(dirname "$0")/../.." && pwd)

rm -rf "$out" && mkdir -p "$out"
if ! cpack -G DEB --config "$build/CPackConfig.cmake" -B "$out" >"$out/cpack.log" 2>&1; then
    cat "$out/cpack.log"; echo "FAIL: cpack"; exit 1
fi
grep -i -E 'warning|error' "$out/cpack.log" && fail "cpack reported problems (above)"

app_deb=$(ls "$out"/relaydesk_*_*.deb 2>/dev/null)
relay_deb=$(ls "$out"/relaydesk-relay_*_*.deb 2>/dev/null)
[ -f "$app_deb" ] || { ls "$out"; echo "FAIL: no relaydesk_*.deb"; exit 1; }
[ -f "$relay_deb" ] || { ls "$out"; echo "FAIL: no relaydesk-relay_*.deb"; exit 1; }
echo "packages: $(basename "$app_deb") $(basename "$relay_deb")"
[ "$(ls "$out"/*.deb | wc -l)" = 2 ] || fail "exactly two packages expected: $(ls "$out"/*.deb)"

# $1 deb, $2 mode and owner as dpkg-deb -c shows them, $3 path
has_file() {
    local line
    line=$(dpkg-deb -c "$1" | awk -v p="./$3" '$6 == p')
    if [ -z "$line" ]; then fail "$(basename "$1"): no $3"; return; fi
    if [[ "$line" == "$2 "* ]]; then pass "$(basename "$1"): $2 $3"; else fail "$(basename "$1"): $3 is: $line"; fi
}
app_id=io.github.relaydesk.Relaydesk
has_file "$app_deb" "-rwxr-xr-x root/root" usr/bin/relaydesk
has_file "$app_deb" "-rw-r--r-- root/root" usr/share/applications/$app_id.desktop
has_file "$app_deb" "-rw-r--r-- root/root" usr/share/metainfo/$app_id.metainfo.xml
has_file "$app_deb" "-rw-r--r-- root/root" usr/share/icons/hicolor/scalable/apps/$app_id.svg
has_file "$relay_deb" "-rwxr-xr-x root/root" usr/bin/relaydesk-relay
has_file "$relay_deb" "-rw-r--r-- root/root" usr/lib/systemd/system/relaydesk-relay.service
has_file "$relay_deb" "-rw-r--r-- root/root" usr/lib/sysusers.d/relaydesk-relay.conf
has_file "$relay_deb" "-rw------- root/root" etc/relaydesk/relay.conf
has_file "$relay_deb" "-rw-r--r-- root/root" usr/share/doc/relaydesk-relay/deploy.md
has_file "$app_deb" "-rw-r--r-- root/root" usr/share/man/man1/relaydesk.1.gz
has_file "$relay_deb" "-rw-r--r-- root/root" usr/share/man/man8/relaydesk-relay.8.gz
for deb in "$app_deb" "$relay_deb"; do
    has_file "$deb" "-rw-r--r-- root/root" "usr/share/doc/$(dpkg-deb -f "$deb" Package)/copyright"
    has_file "$deb" "-rw-r--r-- root/root" "usr/share/doc/$(dpkg-deb -f "$deb" Package)/changelog.Debian.gz"
done
# Neither the stand-in for Meta nor the other package's files.
dpkg-deb -c "$relay_deb" | grep -q -E 'simulator|relaydesk\.desktop|/bin/relaydesk$' && fail "relaydesk-relay holds files it should not"
dpkg-deb -c "$app_deb" | grep -q -E 'simulator|relaydesk-relay|/etc/' && fail "relaydesk holds files it should not"

# Control fields: names, and dependencies both found by dpkg-shlibdeps and declared.
field() { dpkg-deb -f "$1" "$2"; }
check "app package is named relaydesk" test "$(field "$app_deb" Package)" = relaydesk
check "relay package is named relaydesk-relay" test "$(field "$relay_deb" Package)" = relaydesk-relay
app_depends=$(field "$app_deb" Depends)
relay_depends=$(field "$relay_deb" Depends)
echo "relaydesk Depends: $app_depends"
echo "relaydesk-relay Depends: $relay_depends"
for dep in libqt6core6 libqt6widgets6 libqt6sql6-sqlite libqt6svg6 qt6-qpa-plugins libc6; do
    [[ ", $app_depends," == *", $dep "* || ", $app_depends," == *", $dep,"* ]] && pass "relaydesk depends on $dep" || fail "relaydesk does not depend on $dep"
done
for dep in libqt6core6 libqt6network6 libqt6websockets6 libqt6sql6 libqt6sql6-sqlite libc6; do
    [[ ", $relay_depends," == *", $dep "* || ", $relay_depends," == *", $dep,"* ]] && pass "relaydesk-relay depends on $dep" || fail "relaydesk-relay does not depend on $dep"
done
# A headless server package must not pull in a GUI.
[[ "$relay_depends" == *libqt6gui6* || "$relay_depends" == *libqt6widgets6* ]] && fail "relaydesk-relay depends on Qt Gui"
# postinst runs systemd-sysusers (and no adduser).
check "relaydesk-relay depends on systemd-sysusers" grep -q 'systemd | systemd-standalone-sysusers | systemd-sysusers' <<<"$relay_depends"
# Each package says what it is in its own words.
check "the packages' summaries differ" test "$(field "$app_deb" Description | head -n 1)" != "$(field "$relay_deb" Description | head -n 1)"

# Maintainer scripts and conffiles.
control=$out/control-relay
dpkg-deb -e "$relay_deb" "$control"
for script in postinst prerm postrm; do
    check "relaydesk-relay $script is executable" test -x "$control/$script"
    check "relaydesk-relay $script is valid sh" sh -n "$control/$script"
done
check "relay.conf is a conffile" grep -qx /etc/relaydesk/relay.conf "$control/conffiles"
check "postinst makes relay.conf 0600 for user relaydesk" \
    grep -q 'dpkg-statoverride --update --add relaydesk relaydesk 0600 /etc/relaydesk/relay.conf' "$control/postinst"
check "postinst creates the user from sysusers.d" grep -q 'systemd-sysusers relaydesk-relay.conf' "$control/postinst"
check "postinst does not call adduser" test -z "$(grep -n adduser "$control/postinst")"

# The files themselves, from the unpacked packages.
root=$out/root
dpkg-deb -x "$app_deb" "$root"
dpkg-deb -x "$relay_deb" "$root"
if desktop-file-validate "$root/usr/share/applications/$app_id.desktop"; then
    pass "desktop-file-validate"
else
    fail "desktop-file-validate"
fi
check "desktop entry runs relaydesk" grep -qx 'Exec=relaydesk' "$root/usr/share/applications/$app_id.desktop"
check "desktop entry names the installed icon" grep -qx "Icon=$app_id" "$root/usr/share/applications/$app_id.desktop"
if appstreamcli validate --no-net --explain "$root/usr/share/metainfo/$app_id.metainfo.xml"; then
    pass "appstreamcli validate"
else
    fail "appstreamcli validate"
fi
# The tree as a whole: the metainfo's desktop entry and icon are where it says.
if appstreamcli validate-tree --no-net "$root"; then pass "appstreamcli validate-tree"; else fail "appstreamcli validate-tree"; fi

# The changelog's newest entry is this version (a new version needs its entry).
for deb in "$app_deb" "$relay_deb"; do
    pkg=$(field "$deb" Package)
    top=$(zcat "$root/usr/share/doc/$pkg/changelog.Debian.gz" | head -n 1)
    [[ "$top" == "relaydesk ($(field "$deb" Version)) "* ]] && pass "$pkg changelog: $top" || fail "$pkg changelog starts with: $top"
done
# The relay's manual page names every command and configuration key the relay knows.
relay_man=$(zcat "$root/usr/share/man/man8/relaydesk-relay.8.gz")
keys=$(grep -o 'constexpr Key k[A-Za-z]*{"[a-z_]*"' "$source_dir/relay/core/relayconfig.cpp" | sed 's/.*{"//; s/"$//')
[ -n "$keys" ] || fail "no configuration keys found in relay/core/relayconfig.cpp"
for key in $keys; do
    grep -q -x -F ".B $key" <<<"$relay_man" || fail "relaydesk-relay(8) does not describe the key $key"
done
for command in serve 'agent add' 'agent list' 'agent revoke' 'page add' 'page list' 'page remove' SIGTERM SIGHUP; do
    grep -q -F "$command" <<<"$relay_man" || fail "relaydesk-relay(8) does not describe $command"
done
pass "relaydesk-relay(8) describes $(wc -w <<<"$keys") configuration keys and the commands"
for page in usr/share/man/man1/relaydesk.1.gz usr/share/man/man8/relaydesk-relay.8.gz; do
    warnings=$(LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -E UTF-8 -l "$root/$page" 2>&1 >/dev/null)
    [ -z "$warnings" ] && pass "man renders $(basename "$page") without warnings" || { echo "$warnings"; fail "man warns about $page"; }
done

unit=$root/usr/lib/systemd/system/relaydesk-relay.service
# verify checks that ExecStart= exists: point a copy at the unpacked binary.
sed "s|/usr/bin/relaydesk-relay|$root/usr/bin/relaydesk-relay|" "$unit" > "$out/relaydesk-relay.service"
if systemd-analyze verify --man=no "$out/relaydesk-relay.service" 2>&1 | tee "$out/verify.log" | grep .; then
    fail "systemd-analyze verify has something to say about the unit (above)"
else
    pass "systemd-analyze verify"
fi
# The hardening as systemd scores it (0 safest, 10 worst); 2.0 is "OK" and better
# than most distribution units. Raise this only with a reason.
if systemd-analyze security --offline=yes --root="$root" --threshold=20 --no-pager relaydesk-relay.service >"$out/security.log" 2>&1; then
    pass "systemd-analyze security: $(tail -n 1 "$out/security.log")"
else
    cat "$out/security.log"; fail "systemd-analyze security above threshold"
fi
for key in User=relaydesk StateDirectory=relaydesk ProtectSystem=strict ProtectHome=yes NoNewPrivileges=yes \
           PrivateTmp=yes PrivateDevices=yes 'RestrictAddressFamilies=AF_INET AF_INET6 AF_UNIX' \
           SystemCallFilter=@system-service CapabilityBoundingSet= MemoryDenyWriteExecute=yes LockPersonality=yes \
           'ExecStart=/usr/bin/relaydesk-relay serve --config /etc/relaydesk/relay.conf'; do
    check "unit has $key" grep -qxF "$key" "$unit"
done
if systemd-sysusers --root="$root" --dry-run >"$out/sysusers.log" 2>&1 && grep -q relaydesk "$out/sysusers.log"; then
    pass "sysusers.d creates user relaydesk"
else
    cat "$out/sysusers.log"; fail "systemd-sysusers --dry-run"
fi

# The example config is what the relay reads: every key known, and without a
# secret it refuses to start, naming what is missing.
conf=$root/etc/relaydesk/relay.conf
output=$(STATE_DIRECTORY="$out/state" "$root/usr/bin/relaydesk-relay" serve --config "$conf" 2>&1)
echo "$output"
[[ "$output" == *"unknown setting"* ]] && fail "relay.conf has a key the relay does not know"
[[ "$output" == *"no app secret"* && "$output" == *"no verify token"* ]] && pass "relay refuses the unconfigured example" || fail "relay did not name the missing secret and token"
sed -e 's/^app_secret =.*/app_secret = s3cret/' -e 's/^verify_token =.*/verify_token = v3rify/' "$conf" > "$out/filled.conf"
output=$(STATE_DIRECTORY="$out/state" timeout -s TERM 2 "$root/usr/bin/relaydesk-relay" serve --config "$out/filled.conf" --listen 127.0.0.1:0 2>&1)
[[ "$output" == *"listening on"*"127.0.0.1"* && "$output" == *"data in"*"$out/state"* ]] && pass "relay starts from the example config once filled" || { echo "$output"; fail "relay did not start from the filled example"; }

# Debian policy as lintian sees it: no error and no warning (an override must say why).
if lintian --fail-on error,warning --display-info "$app_deb" "$relay_deb" >"$out/lintian.log" 2>&1; then
    pass "lintian: no errors or warnings"
    grep '^I: ' "$out/lintian.log" # information only
else
    cat "$out/lintian.log"; fail "lintian reports errors or warnings (above)"
fi

echo "$failures failure(s)"
[ "$failures" = 0 ]
