#!/usr/bin/env bash
# One command for the benchmarks (issue 5, docs/benchmarks.md): installs what is
# missing (Debian packages, the peer's pinned npm packages), builds with
# optimisation (RelWithDebInfo), then runs Relaydesk's relay and the Express +
# Socket.IO peer side by side and prints the tables. Arguments go to
# relaydesk-bench (see --help), e.g. a quick look:
#   bench/run.sh --runs 1 --agents 1,100 --rates 100,max --seconds 2
# Results: build/bench-results/bench.md (the tables) and bench.json (every raw figure).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
BUILD_TYPE=RelWithDebInfo scripts/build.sh >/dev/null
# 1,000 agents are 1,000 sockets in the server under test (and more for the
# capacity step): lift the open-files limit as far as this shell may.
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
out=build/bench-results
mkdir -p "$out"
build/bench/harness/relaydesk-bench --work-dir "$out/work" --out "$out/bench.json" "$@" | tee "$out/bench.md"
