#!/usr/bin/env bash
# Fresh machine to a running demo: installs, builds, creates a demo data folder
# with a Page and an agent, starts the relay (embedded SQLite) on loopback and
# feeds it signed Messenger webhooks. Ctrl+C stops everything.
#
# The desktop app and the full Messenger stand-in (relaydesk-simulator) are not
# built yet; until then this posts the Messenger fixtures and shows the relay's
# answers, health and metrics.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh >/dev/null

relay=build/relay/relaydesk-relay
demo=${RELAYDESK_DEMO_DIR:-$PWD/build/demo}
port=${RELAYDESK_DEMO_PORT:-8443}
export RELAYDESK_APP_SECRET=demo-app-secret
export RELAYDESK_VERIFY_TOKEN=demo-verify-token
export RELAYDESK_GRAPH_URL=${RELAYDESK_GRAPH_URL:-http://127.0.0.1:9}

rm -rf "$demo" && mkdir -p "$demo"
echo demo-page-token | "$relay" page add 104216672283716 --name "Demo Shop" --data-dir "$demo/data"
echo demo-page-token | "$relay" page add 104216672283999 --name "Demo Outlet" --data-dir "$demo/data"
token=$("$relay" agent add demo --pages '*' --data-dir "$demo/data" 2>/dev/null)
printf '%s\n' "$token" > "$demo/agent-token"
chmod 600 "$demo/agent-token"

"$relay" serve --listen "127.0.0.1:$port" --data-dir "$demo/data" --port-file "$demo/port" 2> "$demo/relay.log" &
relay_pid=$!
trap 'kill -TERM $relay_pid 2>/dev/null; wait $relay_pid 2>/dev/null; echo; echo "demo stopped"' EXIT INT TERM
for _ in $(seq 50); do [ -s "$demo/port" ] && break; sleep 0.1; done
base="http://127.0.0.1:$(cat "$demo/port")"

post() {
    local sig
    sig=$(openssl dgst -sha256 -hmac "$RELAYDESK_APP_SECRET" < "$1" | awk '{print $NF}')
    printf '%-28s -> ' "$(basename "$1")"
    curl -s -o /dev/null -w '%{http_code}\n' -H "X-Hub-Signature-256: sha256=$sig" \
        -H 'Content-Type: application/json' --data-binary @"$1" "$base/webhook"
}
echo "== posting signed Messenger webhooks"
for f in tests/fixtures/messenger/webhooks/*.json; do post "$f"; done
echo "== a webhook with a bad signature is refused:"
curl -s -o /dev/null -w '%{http_code}\n' -H 'X-Hub-Signature-256: sha256=00' --data-binary @tests/fixtures/messenger/webhooks/text.json "$base/webhook"
echo "== $base/healthz"; curl -s "$base/healthz"; echo
echo "== agent token in $demo/agent-token; WebSocket at ${base/http/ws}/ws"
echo "relay running (log: $demo/relay.log); Ctrl+C stops it"
wait $relay_pid
