#!/usr/bin/env bash
# make bench-reload: how a running `policykg serve` answers while documents are reloaded
# into it. It serves RELOAD_N generated documents (the corpus of make bench), asks the
# question "measures involving 市卫生健康委 in 淄博 (totalCount + first 20 titles)" with
# bench/probe at RELOAD_RATE requests a second for 30 s, then for 60 s while `policykg load`
# hands the server the same documents again and again, every other time with one word
# changed (加强 → 强化, first in each file that has it), so that each reload rewrites most of
# them and the model is built again. The probe sends each request when it is due, whether
# the ones before were answered or not.
#
# The summaries (JSON: p50, p90, p99, p99.9, slowest, and the requests during the reloads
# slower than the p99 without them by more than RELOAD_MARGIN) are written to RELOAD_WORK
# and printed, with the time each reload took and serve's peak resident memory.
#
# Settings (environment): RELOAD_N (1000), RELOAD_RATE (200), RELOAD_MARGIN (3ms),
# RELOAD_SHARE (serve's --background-share, 0.5), RELOAD_WORK (a fresh folder under /tmp),
# RELOAD_PORT (18940).
set -euo pipefail

main() {
  cd "$(dirname "$0")/.."
  n=${RELOAD_N:-1000}
  rate=${RELOAD_RATE:-200}
  margin=${RELOAD_MARGIN:-3ms}
  share=${RELOAD_SHARE:-0.5}
  work=${RELOAD_WORK:-$(mktemp -d /tmp/policykg-reload.XXXXXX)}
  port=${RELOAD_PORT:-18940}
  url=http://127.0.0.1:$port/graphql
  log() { printf '%s reload: %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

  mkdir -p "$work/bin"
  log "building policykg, the probe and the corpus generator into $work/bin"
  go build -o "$work/bin/policykg" ./cmd/policykg
  go build -o "$work/bin/probe" ./bench/probe
  go build -o "$work/bin/gencorpus" ./bench/gencorpus
  bin=$work/bin

  log "generating $n documents and their edited copies"
  rm -rf "$work/corpus" "$work/edited" "$work/store"
  "$bin/gencorpus" --n "$n" --seed 1 --out "$work/corpus" >"$work/corpus.out"
  cp -r "$work/corpus" "$work/edited"
  find "$work/edited" -name '*.txt' -exec sed -i '0,/加强/s//强化/' {} +
  question='{"query":"{ measures(agency: \"市卫生健康委\", city: \"淄博\", first: 20) { totalCount edges { node { title } } } }"}'
  printf '%s\n' "$question" >"$work/question.json"

  store=bolt:$work/store/policykg.db
  "$bin/policykg" load --store "$store" "$work/corpus" >"$work/load.log" 2>&1
  export POLICYKG_WRITE_TOKEN=bench-reload
  "$bin/policykg" serve --store "$store" --addr "127.0.0.1:$port" --background-share "$share" >"$work/serve.log" 2>&1 &
  serve_pid=$!
  trap 'touch "$work/stop"; kill $serve_pid 2>/dev/null || true' EXIT
  until curl -sf -o /dev/null "$url?query=%7B__typename%7D"; do
    kill -0 $serve_pid 2>/dev/null || { log "serve stopped: see $work/serve.log"; exit 1; }
    sleep 1
  done

  log "asking the question without reloads (30 s)"
  "$bin/probe" --url "$url" --bodies "$work/question.json" --rate "$rate" --duration 5s >/dev/null
  "$bin/probe" --url "$url" --bodies "$work/question.json" --rate "$rate" --duration 30s --out "$work/base.json" >/dev/null
  base_load=$(cut -d' ' -f1-3 /proc/loadavg)

  log "asking it while the documents are reloaded again and again (60 s)"
  rm -f "$work/stop"
  (
    i=0
    while [ ! -e "$work/stop" ]; do
      if [ $((i % 2)) = 0 ]; then dir=$work/edited; else dir=$work/corpus; fi
      start=$(date +%s.%N)
      "$bin/policykg" load --store "$store" "$dir" >>"$work/reloads.log" 2>&1
      awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { print b - a }' >>"$work/reload-seconds"
      i=$((i + 1))
    done
  ) &
  reloads_pid=$!
  sleep 2
  "$bin/probe" --url "$url" --bodies "$work/question.json" --rate "$rate" --duration 60s \
    --baseline "$work/base.json" --margin "$margin" --out "$work/during.json" >/dev/null
  during_load=$(cut -d' ' -f1-3 /proc/loadavg)
  touch "$work/stop"
  wait $reloads_pid

  summary() {
    python3 -c 'import json,sys
s = json.load(open(sys.argv[1]))
line = "%d requests, %d failed; p50 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, slowest %.2f ms" % (
    s["requests"], s["failed"], s["p50_ms"], s["p99_ms"], s["p99_9_ms"], s["max_ms"])
b = s.get("baseline")
if b:
    line += "; %d slower than %.2f ms (p99 without reloads + %.0f ms)" % (b["over"], b["limit_ms"], b["margin_ms"])
print(line)' "$1"
  }
  echo "without reloads (load average $base_load): $(summary "$work/base.json")"
  echo "during reloads (load average $during_load): $(summary "$work/during.json")"
  echo "reloads: $(awk '{printf "%.1f s  ", $1}' "$work/reload-seconds")"
  echo "builds: $(grep -c '"model built"' "$work/serve.log"); serve's peak resident memory: $(awk '/VmHWM/ {printf "%d MiB", $2 / 1024}' /proc/$serve_pid/status)"
  echo "summaries and logs in $work"
}

main "$@"
