#!/usr/bin/env bash
# Fresh machine to a running demo: installs, builds, creates a demo data folder
# with two Pages and an agent, starts relaydesk-simulator (Meta's side: customers'
# webhooks and the Graph API) and the relay (embedded SQLite) pointed at it, and
# opens the desktop app signed in as the demo agent. Messages keep arriving until
# Ctrl+C (or closing the app with Quit), which stops everything cleanly.
# Without a display (an SSH session) the app cannot open: relay and stand-in run alone.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh >/dev/null

relay=build/relay/relaydesk-relay
simulator=build/relay/simulator/relaydesk-simulator
app=build/app/relaydesk
demo=${RELAYDESK_DEMO_DIR:-$PWD/build/demo}
port=${RELAYDESK_DEMO_PORT:-8443}
export RELAYDESK_APP_SECRET=demo-app-secret
export RELAYDESK_VERIFY_TOKEN=demo-verify-token

rm -rf "$demo" && mkdir -p "$demo"
echo demo-page-token | "$relay" page add 104216672283716 --name "Demo Shop" --data-dir "$demo/data"
echo demo-page-token | "$relay" page add 104216672283999 --name "Demo Outlet" --data-dir "$demo/data"
token=$("$relay" agent add demo --pages '*' --data-dir "$demo/data" 2>/dev/null)
printf '%s\n' "$token" > "$demo/agent-token"
chmod 600 "$demo/agent-token"

# The simulator first: the relay needs its Graph API URL (a free port). Its
# customers write to both Pages: a handful at once, then about 20 a minute with
# bursts and quiet spells; the first webhooks may find the relay still starting
# and are retried, as Meta does. Replies go to the simulator, which echoes them
# and sends delivery and read receipts as Messenger does.
"$simulator" --port-file "$demo/graph-port" --relay "http://127.0.0.1:$port/webhook" \
    --pages 104216672283716,104216672283999 --burst 6 --rate "${RELAYDESK_DEMO_RATE:-20}" \
    2> "$demo/simulator.log" &
sim_pid=$!
relay_pid=
app_pid=
stop() {
    trap - EXIT INT TERM
    if [ -n "$app_pid" ]; then kill -TERM "$app_pid" 2>/dev/null || true; wait "$app_pid" 2>/dev/null || true; fi
    if [ -n "$relay_pid" ]; then kill -TERM "$relay_pid" 2>/dev/null || true; wait "$relay_pid" 2>/dev/null || true; fi
    kill -TERM "$sim_pid" 2>/dev/null || true; wait "$sim_pid" 2>/dev/null || true
    echo; echo "demo stopped"
}
trap stop EXIT INT TERM
wait_for() { for _ in $(seq 100); do [ -s "$1" ] && return 0; sleep 0.1; done; echo "$2 did not start (see $demo/*.log)" >&2; exit 1; }
wait_for "$demo/graph-port" "relaydesk-simulator"
export RELAYDESK_GRAPH_URL="http://127.0.0.1:$(cat "$demo/graph-port")"

"$relay" serve --listen "127.0.0.1:$port" --data-dir "$demo/data" --port-file "$demo/port" 2> "$demo/relay.log" &
relay_pid=$!
wait_for "$demo/port" "relaydesk-relay"
base="http://127.0.0.1:$(cat "$demo/port")"

echo "== $base/healthz"; curl -s --retry 3 --retry-connrefused "$base/healthz"; echo
echo "== agent token in $demo/agent-token; WebSocket at ${base/http/ws}/ws"
echo "relay and Messenger stand-in running (logs: $demo/relay.log, $demo/simulator.log); Ctrl+C stops everything"
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
    # Its own profile (settings, cache) under the demo folder, and the token from the
    # 0600 file: the demo never touches the user's keychain or real accounts.
    XDG_CONFIG_HOME="$demo/app/config" XDG_DATA_HOME="$demo/app/data" XDG_CACHE_HOME="$demo/app/cache" \
        "$app" --relay "${base/http/ws}/ws" --token-file "$demo/agent-token" 2> "$demo/app.log" &
    app_pid=$!
    echo "relaydesk (the desktop app) is open, signed in as 'demo' (log: $demo/app.log)"
else
    echo "no display: the desktop app was not opened (run it with: $app --relay ${base/http/ws}/ws --token-file $demo/agent-token)"
fi
while kill -0 "$relay_pid" 2>/dev/null; do
    sleep 5
    if [ -n "$app_pid" ] && ! kill -0 "$app_pid" 2>/dev/null; then echo "the app was closed"; break; fi
    printf 'events from Messenger so far: %s\n' "$(curl -s "$base/metrics" | awk '/^relaydesk_events_in_total /{print $2}')"
done
