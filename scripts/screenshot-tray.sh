#!/usr/bin/env bash
# scripts/screenshot-tray.sh [OUT.png]: docs/screenshots/tray-notification.png from the
# real demo. Xvfb has no system tray and no notification service, so this puts a small
# Xfce desktop on it (xfwm4, an xfce4-panel with its system tray, xfce4-notifyd), starts
# relaydesk-simulator and relaydesk-relay as scripts/demo.sh does (own ports and data
# folder under /tmp), opens the real relaydesk signed in with a token file, waits for a
# customer's new message to raise the app's notification, and saves the top-right
# corner of the screen: the tray icon with the unread count, the notification and part
# of the inbox. Installs what it needs; RELAYDESK_BUILD_DIR=DIR uses an existing build
# (no setup, no build) instead of building ./build. Everything it starts is stopped on exit.
set -euo pipefail
out=$(realpath -m "${1:-$(dirname "$0")/../docs/screenshots/tray-notification.png}")
cd "$(dirname "$0")/.."
root=$PWD

if [ -z "${RELAYDESK_TRAY_SHOT_SESSION:-}" ]; then
    if [ -z "${RELAYDESK_BUILD_DIR:-}" ]; then
        scripts/setup.sh
        scripts/build.sh >/dev/null
    fi
    # The desktop the picture needs, on top of what the project needs (Xvfb, D-Bus):
    # for this picture only, so not in scripts/setup.sh.
    extra=(xvfb xauth dbus xfwm4 xfce4-panel xfce4-notifyd imagemagick xdotool)
    missing=()
    for p in "${extra[@]}"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
    done
    if [ ${#missing[@]} -gt 0 ]; then
        sudo=""
        [ "$(id -u)" -ne 0 ] && sudo="sudo"
        echo "screenshot-tray: installing ${missing[*]}"
        $sudo apt-get update -qq
        DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
    fi

    scratch=$(mktemp -d /tmp/relaydesk-tray.XXXXXX)
    [ -n "${RELAYDESK_TRAY_SHOT_KEEP:-}" ] && echo "screenshot-tray: keeping $scratch" || trap 'rm -rf "$scratch"' EXIT
    # The desktop's own profile. Set before dbus-run-session: xfconfd and the
    # notification daemon are started by the bus and take its environment.
    export HOME="$scratch/home" XDG_CONFIG_HOME="$scratch/home/.config" XDG_DATA_HOME="$scratch/home/.local/share" \
           XDG_CACHE_HOME="$scratch/home/.cache" XDG_RUNTIME_DIR="$scratch/run" XDG_CURRENT_DESKTOP=XFCE
    mkdir -p "$XDG_CONFIG_HOME/xfce4/xfconf/xfce-perchannel-xml" "$XDG_DATA_HOME" "$XDG_CACHE_HOME" "$XDG_RUNTIME_DIR"
    chmod 700 "$XDG_RUNTIME_DIR"
    # One panel along the top: applications menu, window buttons, the system tray
    # (StatusNotifierItem and XEmbed) and the clock.
    cat > "$XDG_CONFIG_HOME/xfce4/xfconf/xfce-perchannel-xml/xfce4-panel.xml" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<channel name="xfce4-panel" version="1.0">
  <property name="configver" type="int" value="2"/>
  <property name="panels" type="array">
    <value type="int" value="1"/>
    <property name="dark-mode" type="bool" value="true"/>
    <property name="panel-1" type="empty">
      <property name="position" type="string" value="p=6;x=0;y=0"/>
      <property name="length" type="uint" value="100"/>
      <property name="position-locked" type="bool" value="true"/>
      <property name="size" type="uint" value="30"/>
      <property name="icon-size" type="uint" value="0"/>
      <property name="plugin-ids" type="array">
        <value type="int" value="1"/>
        <value type="int" value="2"/>
        <value type="int" value="3"/>
        <value type="int" value="4"/>
        <value type="int" value="5"/>
      </property>
    </property>
  </property>
  <property name="plugins" type="empty">
    <property name="plugin-1" type="string" value="applicationsmenu"/>
    <property name="plugin-2" type="string" value="tasklist"/>
    <property name="plugin-3" type="string" value="separator">
      <property name="expand" type="bool" value="true"/>
      <property name="style" type="uint" value="0"/>
    </property>
    <property name="plugin-4" type="string" value="systray">
      <property name="square-icons" type="bool" value="true"/>
    </property>
    <property name="plugin-5" type="string" value="clock"/>
  </property>
</channel>
EOF
    status=0
    RELAYDESK_TRAY_SHOT_SESSION="$scratch" xvfb-run -a -s "-screen 0 1280x800x24" \
        dbus-run-session -- "$0" "$out" || status=$?
    exit "$status"
fi

# Inside Xvfb and a private D-Bus session.
scratch=$RELAYDESK_TRAY_SHOT_SESSION
build=${RELAYDESK_BUILD_DIR:-$root/build}
relay=$build/relay/relaydesk-relay
simulator=$build/relay/simulator/relaydesk-simulator
app=$build/app/relaydesk
demo=$scratch/demo
# In English, whatever the machine's language, as the other screenshots.
export LANG=C.UTF-8
unset LC_ALL LANGUAGE
export RELAYDESK_APP_SECRET=demo-app-secret
export RELAYDESK_VERIFY_TOKEN=demo-verify-token

pids=()
stop() {
    trap - EXIT INT TERM
    # Last started, first stopped: the app before the relay before the simulator.
    for (( i=${#pids[@]}-1; i>=0; i-- )); do
        kill -TERM "${pids[i]}" 2>/dev/null || true
        wait "${pids[i]}" 2>/dev/null || true
    done
}
trap stop EXIT
trap 'exit 130' INT TERM
wait_for() { for _ in $(seq 100); do [ -s "$1" ] && return 0; sleep 0.1; done; echo "screenshot-tray: $2 did not start" >&2; exit 1; }

# The desktop: a plain backdrop, the window manager, the panel with its tray, and the
# notification service; the app starts once the tray and the service are on the bus.
convert -size 1280x800 gradient:'#3b6186-#1f2d3d' "$scratch/backdrop.png"
display -window root "$scratch/backdrop.png" || true # sets the root window's background; says 1
xfwm4 --compositor=off >"$scratch/xfwm4.log" 2>&1 & pids+=($!)
xfce4-panel >"$scratch/panel.log" 2>&1 & pids+=($!)
/usr/lib/*/xfce4/notifyd/xfce4-notifyd >"$scratch/notifyd.log" 2>&1 & pids+=($!)
on_bus() {
    dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
        org.freedesktop.DBus.NameHasOwner "string:$1" 2>/dev/null | grep -q 'boolean true'
}
for name in org.kde.StatusNotifierWatcher org.freedesktop.Notifications; do
    for _ in $(seq 100); do on_bus "$name" && break; sleep 0.1; done
    on_bus "$name" || { echo "screenshot-tray: no $name on the bus (see $scratch/*.log)" >&2; exit 1; }
done

# The demo's data: two Pages and the agent "demo".
mkdir -p "$demo"
echo demo-page-token | "$relay" page add 104216672283716 --name "Demo Shop" --data-dir "$demo/data" >>"$demo/setup.log" 2>&1
echo demo-page-token | "$relay" page add 104216672283999 --name "Demo Outlet" --data-dir "$demo/data" >>"$demo/setup.log" 2>&1
"$relay" agent add demo --pages '*' --data-dir "$demo/data" > "$demo/agent-token" 2>/dev/null
chmod 600 "$demo/agent-token"
# A free port of its own: the simulator is told the relay's webhook URL before the relay starts.
port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
port=${RELAYDESK_TRAY_SHOT_PORT:-}
while [ -z "$port" ] || port_busy "$port"; do port=$(( 20000 + RANDOM % 20000 )); done

# As scripts/demo.sh, but fewer messages a minute (4, not 20) after the first
# handful, so that one notification can have the screen to itself.
"$simulator" --port-file "$demo/graph-port" --relay "http://127.0.0.1:$port/webhook" \
    --pages 104216672283716,104216672283999 --burst 8 --rate "${RELAYDESK_TRAY_SHOT_RATE:-4}" \
    2> "$demo/simulator.log" & pids+=($!)
wait_for "$demo/graph-port" relaydesk-simulator
RELAYDESK_GRAPH_URL="http://127.0.0.1:$(cat "$demo/graph-port")" \
    "$relay" serve --listen "127.0.0.1:$port" --data-dir "$demo/data" --port-file "$demo/port" 2> "$demo/relay.log" & pids+=($!)
wait_for "$demo/port" relaydesk-relay

# Every notification request on the bus, to know when one is on the screen.
dbus-monitor --session "type='method_call',interface='org.freedesktop.Notifications',member='Notify'" \
    > "$scratch/notify.log" 2>&1 & pids+=($!)

XDG_CONFIG_HOME="$demo/app/config" XDG_DATA_HOME="$demo/app/data" XDG_CACHE_HOME="$demo/app/cache" \
    "$app" --relay "ws://127.0.0.1:$port/ws" --token-file "$demo/agent-token" 2> "$demo/app.log" & pids+=($!)
app_pid=$!
window=$(timeout 30 xdotool search --sync --onlyvisible --pid "$app_pid" --class relaydesk | head -1) || true
[ -n "$window" ] || { echo "screenshot-tray: the app's window did not open (see $demo/app.log)" >&2; exit 1; }
# In the top-right corner, under the tray and the notifications, as the picture is cut.
xdotool windowsize "$window" 740 640 windowmove "$window" 505 62

# The arguments of the last Notify call: app name, id it replaces, icon, title, body, ...
last_notification() {
    awk '/member=Notify/ { text = ""; next } /^   (string|uint32) / { text = text $0 "\n" } END { printf "%s", text }' \
        "$scratch/notify.log"
}
# A notification of one customer's new message, with the screen to itself: not a
# summary of several ("5 new messages"), and the ones before it (the catch-up on
# start, say) gone from the screen, which takes xfce4-notifyd 10 s.
started=$(date +%s)
last_count=0
last_time=$started
shot=
while [ $(( $(date +%s) - started )) -lt 300 ]; do
    sleep 0.2
    count=$(grep -c 'member=Notify' "$scratch/notify.log" || true)
    [ "$count" -gt "$last_count" ] || continue
    now=$(date +%s)
    if [ $(( now - last_time )) -ge 11 ] && [ $(( now - started )) -ge 15 ] &&
       ! last_notification | grep -q ' new messages"'; then
        sleep 1.5 # shown, and the tray has its new count
        import -window root "$scratch/screen.png"
        shot=1
        break
    fi
    last_count=$count
    last_time=$now
done
if [ -z "$shot" ]; then
    echo "screenshot-tray: no notification stood alone within 5 minutes (see $scratch/notify.log)" >&2
    exit 1
fi
# The top-right corner: the panel's tray and clock, the notification, the inbox.
convert "$scratch/screen.png" -crop 800x520+480+0 +repage "$out"
echo "screenshot-tray: $out"
