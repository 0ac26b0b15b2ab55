#!/usr/bin/env bash
# Runs relaydesk-bench-app's figures RUNS times each and prints, per JSON key, the
# median and min–max over the runs (what bench/app/RESULTS.md quotes).
#   bench/app/run.sh [BUILD_DIR [DATA_DIR [RUNS [open|open-cold|events|scroll|catchup ...]]]]
# Defaults: build, build/bench-app, 3 runs, open open-cold events scroll (and catchup
# when RELAY is set). DATA_DIR gets inbox-50k.sqlite (generated once, ~30 s, 750 MB).
# catchup needs a cache prepared against a running relay (CATCHUP_CACHE, default
# DATA_DIR/catchup.sqlite), RELAY=ws://HOST:PORT/ws and TOKEN_FILE (see RESULTS.md).
set -euo pipefail
cd "$(dirname "$0")/../.."
build=${1:-build} data=${2:-build/bench-app} runs=${3:-3}
shift $(( $# < 3 ? $# : 3 ))
parts=${*:-open open-cold events scroll${RELAY:+ catchup}}
bin=$build/bench/app/relaydesk-bench-app
export QT_QPA_PLATFORM=offscreen
cmake --build "$build" --target relaydesk-bench-app >/dev/null
mkdir -p "$data"
"$bin" generate --cache "$data/inbox-50k.sqlite" | tail -1 > "$data/generate.json"
for part in $parts; do
    out=$data/$part${OUT_SUFFIX:-}.jsonl
    : > "$out"
    for run in $(seq "$runs"); do
        case $part in
        open) "$bin" open --cache "$data/inbox-50k.sqlite" --settle-ms 500 ;;
        open-cold) "$bin" open --cache "$data/inbox-50k.sqlite" --settle-ms 500 --cold ;;
        events) "$bin" events --cache "$data/inbox-50k.sqlite" --rate 1000 --seconds 10 ;;
        scroll) "$bin" scroll --cache "$data/inbox-50k.sqlite" ;;
        catchup) "$bin" catchup --cache "${CATCHUP_CACHE:-$data/catchup.sqlite}" --relay "$RELAY" --token-file "$TOKEN_FILE" ;;
        esac 2>/dev/null | tail -1 >> "$out" || true
    done
    python3 - "$out" <<'PY'
import json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
print(f"== {rows[0]['bench']}: {len(rows)} runs, ok: {[r.get('ok') for r in rows]}")
for key in rows[0]:
    values = [r[key] for r in rows if isinstance(r.get(key), (int, float)) and not isinstance(r.get(key), bool)]
    if len(values) == len(rows):
        print(f"  {key:32} median {statistics.median(values):>10.3f}   min {min(values):>10.3f}   max {max(values):>10.3f}")
PY
done
