#!/usr/bin/env bash
# Builds the libFuzzer targets with clang in their own build dir and fuzzes the HTTP
# request parser for FUZZ_SECONDS (default 60). Installs clang and the libFuzzer
# runtime with apt-get if missing (that part needs root).
#   FUZZ_SECONDS=600 scripts/fuzz.sh
# Crashes land in build-fuzz/fuzz-artifacts/; reproduce one with
#   build-fuzz/tests/fuzz/fuzz_httprequestparser build-fuzz/fuzz-artifacts/crash-...
set -euo pipefail
cd "$(dirname "$0")/.."

FUZZ_SECONDS=${FUZZ_SECONDS:-60}
BUILD_DIR=${FUZZ_BUILD_DIR:-build-fuzz}

missing=()
command -v clang >/dev/null 2>&1 || missing+=(clang)
command -v clang++ >/dev/null 2>&1 || missing+=(clang)
dpkg -s libclang-rt-14-dev >/dev/null 2>&1 || missing+=(libclang-rt-14-dev)
if ((${#missing[@]})); then
    if [[ $(id -u) -ne 0 ]]; then
        echo "fuzz.sh: needs ${missing[*]}; run as root or: sudo apt-get install ${missing[*]}" >&2
        exit 1
    fi
    apt-get update
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
fi

CC=clang CXX=clang++ cmake -S . -B "$BUILD_DIR" -G Ninja \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DRELAYDESK_BUILD_FUZZERS=ON -DRELAYDESK_BUILD_APP=OFF -DBUILD_TESTING=OFF
cmake --build "$BUILD_DIR" --target fuzz_httprequestparser

# New inputs go to a corpus inside the build dir; the seeds in git stay small.
corpus="$BUILD_DIR/fuzz-corpus/httprequestparser"
artifacts="$BUILD_DIR/fuzz-artifacts/"
mkdir -p "$corpus" "$artifacts"
"$BUILD_DIR/tests/fuzz/fuzz_httprequestparser" \
    -max_total_time="$FUZZ_SECONDS" -max_len=20000 -print_final_stats=1 \
    -dict=tests/fuzz/http.dict -artifact_prefix="$artifacts" \
    "$corpus" tests/fuzz/corpus
