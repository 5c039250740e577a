#!/usr/bin/env bash
# make bench: measure policykg next to Cayley on generated corpora and write
# docs/PERFORMANCE.md. For each size N it generates N documents, times `policykg load`
# and `cayley load` of the same quads, then asks over HTTP with wrk (32 connections,
# loopback), of policykg's /graphql, of `cayley http` in Gizmo (starting from the agency's
# node, as a Cayley user asks) and of a gin handler sending policykg's answers precomputed
# (the ceiling):
#   - the repeated question, "measures involving 市卫生健康委 in one city (totalCount + first
#     20 titles)", which policykg answers from its result cache after the first time;
#   - the mix of BENCH_MIX distinct questions (bench/mix: AGENCY in CITY [with ROLE], 5, 10
#     or 20 titles), asked in turn, with literal arguments and as one query text with
#     variables; the result cache's hits during the mixes are counted from /metrics.
# Everything runs on this machine, one thing at a time.
#
# Settings (environment): BENCH_SIZES ("10 1000 10000"), BENCH_SEED (1), BENCH_CITY (see below),
# BENCH_DURATION (20s), BENCH_CONNECTIONS (32), BENCH_MIX (20000), BENCH_WORK (a fresh folder
# under /tmp), BENCH_OUT (docs/PERFORMANCE.md), BENCH_GO (1: also run the Go benchmarks),
# BENCH_PORT (18080: policykg's port; the ceiling and Cayley take the next two).
set -euo pipefail

# All of it is one function, read whole before it runs: editing this file while a run is
# under way does not change the run.
main() {
  cd "$(dirname "$0")/.."
  root=$(pwd)

  sizes=${BENCH_SIZES:-"10 1000 10000"}
  seed=${BENCH_SEED:-1}
  city=${BENCH_CITY:-}
  duration=${BENCH_DURATION:-20s}
  conns=${BENCH_CONNECTIONS:-32}
  work=${BENCH_WORK:-$(mktemp -d /tmp/policykg-bench.XXXXXX)}
  out=${BENCH_OUT:-docs/PERFORMANCE.md}
  run_go=${BENCH_GO:-1}
  mix_n=${BENCH_MIX:-20000}
  port=${BENCH_PORT:-18080}
  pk_addr=127.0.0.1:$port
  ceiling_addr=127.0.0.1:$((port + 1))
  cayley_addr=127.0.0.1:$((port + 2))

  log() { printf '%s bench: %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

  # Tools from Debian: wrk for the load, time for peak memory.
  need=()
  command -v wrk >/dev/null || need+=(wrk)
  [ -x /usr/bin/time ] || need+=(time)
  if [ ${#need[@]} -gt 0 ]; then
    log "installing ${need[*]} from Debian"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq && apt-get install -y -qq "${need[@]}" >/dev/null
  fi

  mkdir -p "$work/bin"
  results=$work/results.tsv
  : >"$results"
  record() { printf '%s\t%s\t%s\n' "$1" "$2" "$3" >>"$results"; }

  log "building policykg, the ceiling, the quad writer and Cayley (its own module) into $work/bin"
  go build -o "$work/bin/policykg" ./cmd/policykg
  go build -o "$work/bin/ceiling" ./bench/ceiling
  go build -o "$work/bin/quads" ./bench/quads
  go build -o "$work/bin/gencorpus" ./bench/gencorpus
  go build -o "$work/bin/report" ./bench/report
  go build -o "$work/bin/mixer" ./bench/mixer
  (cd bench/cayley && go build -o "$work/bin/cayley" github.com/cayleygraph/cayley/cmd/cayley)
  bin=$work/bin

  pids=()
  cleanup() {
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  }
  trap cleanup EXIT

  # start NAME LOG CMD...: run a server in the background, remembering its pid in $started.
  start() {
    local logf=$1; shift
    "$@" >"$logf" 2>&1 &
    started=$!
    pids+=("$started")
  }

  stop() {
    kill "$1" 2>/dev/null || true
    wait "$1" 2>/dev/null || true
  }

  # wait_http URL [SECONDS]: wait until URL answers.
  wait_http() {
    local t=${2:-1800}
    for ((i = 0; i < t * 10; i++)); do
      curl -sf -o /dev/null "$1" && return 0
      sleep 0.1
    done
    log "no answer from $1"; return 1
  }

  # timed KEYPREFIX N CMD...: run CMD under /usr/bin/time, record seconds and peak memory.
  timed() {
    local key=$1 n=$2; shift 2
    local tf=$work/time.$key.$n
    /usr/bin/time -f '%e %M' -o "$tf" "$@" >"$work/$key.$n.out" 2>&1 || { cat "$work/$key.$n.out" >&2; return 1; }
    read -r secs kb <"$tf"
    record "$n" "$key.seconds" "$secs"
    record "$n" "$key.peak_kb" "$kb"
  }

  # memory KEY N PID: resident memory of a server now, its anonymous and file-backed parts
  # (the pages of the store file it has read), and its peak.
  memory() {
    local st=/proc/$3/status
    record "$2" "$1.rss_kb" "$(awk '/^VmRSS/ {print $2}' "$st")"
    record "$2" "$1.anon_kb" "$(awk '/^RssAnon/ {print $2}' "$st")"
    record "$2" "$1.file_kb" "$(awk '/^RssFile/ {print $2}' "$st")"
    record "$2" "$1.hwm_kb" "$(awk '/^VmHWM/ {print $2}' "$st")"
  }

  # lua FILE METHOD BODYFILE [CONTENT-TYPE]: a wrk script sending BODYFILE.
  lua() {
    {
      echo "wrk.method = \"$2\""
      echo "wrk.headers[\"Content-Type\"] = \"${4:-application/json}\""
      printf 'wrk.body = [==[%s]==]\n' "$(cat "$3")"
    } >"$1"
  }

  # load_test KEY N URL LUA [TIMEOUT] [DURATION] [WARMUP] [SCRIPT ARGS...]: wrk at $conns
  # connections, the output kept in $work/wrk.KEY.N.ROUND (one more round each call), and
  # the load average at its end in $work/load.KEY.N.ROUND.
  load_test() {
    local key=$1 n=$2 url=$3 script=$4 timeout=${5:-10s} d=${6:-$duration} warm=${7:-1}
    if [ $# -ge 7 ]; then shift 7; else shift $#; fi
    if [ $# -gt 0 ]; then set -- -- "$@"; fi
    local round=1
    while [ -e "$work/wrk.$key.$n.$round" ]; do round=$((round + 1)); done
    if [ "$warm" = 1 ]; then
      wrk -t2 -c"$conns" -d2s --timeout "$timeout" -s "$script" "$url" "$@" >/dev/null 2>&1 || true
    fi
    wrk -t2 -c"$conns" -d"$d" --timeout "$timeout" --latency -s "$script" "$url" "$@" >"$work/wrk.$key.$n.$round" 2>&1
    cut -d' ' -f1-3 /proc/loadavg >"$work/load.$key.$n.$round"
  }

  # cache_count: the result cache's hits and misses so far, from policykg's /metrics.
  cache_count() {
    curl -sf "http://$pk_addr/metrics" | awk '/^policykg_graphql_result_cache_total\{result="hit"\}/ {h = $2}
      /^policykg_graphql_result_cache_total\{result="miss"\}/ {m = $2} END {printf "%d %d\n", h, m}'
  }

  # best_of KEY N: records req/s, p50, p99 (as wrk prints them) and failed requests of the
  # round of KEY with the most requests per second: background work on the machine slows a
  # round now and then, and servers are measured in alternation so that none gets all of it.
  best_of() {
    local key=$1 n=$2 f
    f=$(for r in "$work/wrk.$key.$n".*; do
      printf '%s %s\n' "$(awk '/^Requests\/sec:/ {print $2}' "$r")" "$r"
    done | sort -rn | head -1 | cut -d' ' -f2)
    record "$n" "$key.rps" "$(awk '/^Requests\/sec:/ {print $2}' "$f")"
    record "$n" "$key.p50" "$(awk '$1 == "50%" {print $2}' "$f")"
    record "$n" "$key.p99" "$(awk '$1 == "99%" {print $2}' "$f")"
    record "$n" "$key.requests" "$(awk '/requests in/ {print $1}' "$f")"
    record "$n" "$key.errors" "$(awk '/Non-2xx or 3xx responses:/ {n += $NF} /Socket errors:/ {gsub(",", ""); n += $4 + $6 + $8 + $10} END {print n + 0}' "$f")"
    record "$n" "$key.rounds" "$(ls "$work/wrk.$key.$n".* | wc -l)"
    record "$n" "$key.load" "$(cat "$work/load.$key.$n.${f##*.}")"
  }

  # The question's city: BENCH_CITY, or else the city with the most plans in the smallest
  # corpus, so that every size has answers (document k is the same whatever the size).
  first=$(printf '%s\n' $sizes | sort -n | head -1)
  "$bin/gencorpus" --n "$first" --seed "$seed" --out "$work/corpus-$first" >"$work/corpus-$first.out"
  if [ -z "$city" ]; then
    city=$(grep -B1 '"status": "FINAL"' "$work/corpus-$first/manifest.json" | grep -o '"city": "[^"]*"' |
      sort | uniq -c | sort -rn | head -1 | sed 's/.*"city": "\([^"]*\)"/\1/')
  fi
  # The question with literals for policykg, and in Gizmo over policykg's vocabulary
  # (graph/vocab.go) as a Cayley user asks it: from the agency's node along its edges
  # (bench/mix, Question.Gizmo).
  "$bin/mixer" one --agency 市卫生健康委 --city "$city" --first 20 --out "$work"
  lua "$work/policykg.lua" POST "$work/query.json"
  lua "$work/cayley.lua" POST "$work/query.gizmo" text/plain
  # The mix's bodies, one per line: the same questions whatever the size of the corpus.
  "$bin/mixer" write --n "$mix_n" --seed "$seed" --out "$work/mix"
  mixlua=$root/bench/mix.lua

  record all seed "$seed"
  record all city "$city"
  record all duration "$duration"
  record all connections "$conns"
  record all mix "$mix_n"
  record all cpus "$(nproc)"
  record all cpu_model "$(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)"
  record all memory_kb "$(awk '/MemTotal/ {print $2}' /proc/meminfo)"
  record all load_before "$(cut -d' ' -f1-3 /proc/loadavg)"
  record all go "$(go version | cut -d' ' -f3)"
  record all started "$(date -u +%Y-%m-%dT%H:%M:%SZ)"

  for n in $sizes; do
    log "N=$n: generating the corpus"
    corpus=$work/corpus-$n
    "$bin/gencorpus" --n "$n" --seed "$seed" --out "$corpus" >"$work/corpus-$n.out"
    record "$n" documents "$(awk '{print $2}' "$work/corpus-$n.out")"
    record "$n" measures "$(awk '{gsub(/[(]/, "", $4); print $4}' "$work/corpus-$n.out")"

    log "N=$n: policykg load"
    db=$work/policykg-$n.db
    timed policykg_load "$n" "$bin/policykg" load --store "bolt:$db" "$corpus"
    record "$n" policykg_load.bytes "$(du -sb "$db" | cut -f1)"

    log "N=$n: writing the same quads as N-Quads"
    "$bin/quads" --out "$work/quads-$n.nq" "$corpus"
    record "$n" quads "$(wc -l <"$work/quads-$n.nq")"

    log "N=$n: cayley load"
    cdb=$work/cayley-$n
    mkdir -p "$cdb"
    timed cayley_load "$n" "$bin/cayley" load --init --db bolt --dbpath "$cdb/db" -i "$work/quads-$n.nq"
    record "$n" cayley_load.bytes "$(du -sb "$cdb" | cut -f1)"

    log "N=$n: policykg serve"
    t0=$EPOCHREALTIME
    start "$work/serve-$n.log" "$bin/policykg" serve --store "bolt:$db" --addr "$pk_addr"
    pk=$started
    wait_http "http://$pk_addr/readyz"
    record "$n" serve.ready_seconds "$(awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN {printf "%.1f", b - a}')"
    curl -sf -X POST -H 'Content-Type: application/json' --data-binary @"$work/query.json" \
      "http://$pk_addr/graphql" >"$work/answer-$n.json"
    record "$n" total_count "$(grep -o '"totalCount":[0-9]*' "$work/answer-$n.json" | cut -d: -f2)"

    log "N=$n: policykg and the ceiling, in alternation"
    start "$work/ceiling-$n.log" "$bin/ceiling" --addr "$ceiling_addr" --body "$work/answer-$n.json"
    ce=$started
    wait_http "http://$ceiling_addr/healthz" 30
    for round in 1 2; do
      load_test policykg "$n" "http://$pk_addr/graphql" "$work/policykg.lua"
      load_test ceiling "$n" "http://$ceiling_addr/graphql" "$work/policykg.lua"
    done
    best_of policykg "$n"
    best_of ceiling "$n"
    stop "$ce"

    log "N=$n: the mixes of policykg and the ceiling, in alternation"
    mkdir -p "$work/mix-$n"
    ln -sf "$work/mix/literal.txt" "$work/mix/variables.txt" "$work/mix-$n/"
    "$bin/mixer" answers --n "$mix_n" --seed "$seed" --policykg "http://$pk_addr/graphql" --out "$work/mix-$n"
    start "$work/ceiling-mix-$n.log" "$bin/ceiling" --addr "$ceiling_addr" --mix "$work/mix-$n"
    ce=$started
    wait_http "http://$ceiling_addr/healthz" 60
    read -r hits0 misses0 < <(cache_count)
    for round in 1 2; do
      for kind in literal variables; do
        load_test "policykg_$kind" "$n" "http://$pk_addr/graphql" "$mixlua" 10s "$duration" 1 "$work/mix/$kind.txt" 2
        load_test "ceiling_$kind" "$n" "http://$ceiling_addr/graphql" "$mixlua" 10s "$duration" 1 "$work/mix/$kind.txt" 2
      done
    done
    read -r hits1 misses1 < <(cache_count)
    record "$n" mix.cache_hits "$((hits1 - hits0))"
    record "$n" mix.cache_misses "$((misses1 - misses0))"
    for kind in literal variables; do
      best_of "policykg_$kind" "$n"
      best_of "ceiling_$kind" "$n"
    done
    memory serve "$n" "$pk"
    stop "$ce"

    log "N=$n: cayley http"
    start "$work/cayley-http-$n.log" "$bin/cayley" http --db bolt --dbpath "$cdb/db" --read_only --host "$cayley_addr" --timeout 600s
    ca=$started
    wait_http "http://$cayley_addr/" 600
    one=$(curl -sf -m 900 -o "$work/cayley-answer-$n.json" -w '%{time_total}' -X POST --data-binary @"$work/query.gizmo" \
      "http://$cayley_addr/api/v2/query?lang=gizmo") || { log "Cayley could not answer the question alone"; one=900; }
    record "$n" cayley.one_seconds "$one"
    record "$n" cayley_total_count "$(grep -so '"totalCount":[0-9]*' "$work/cayley-answer-$n.json" | cut -d: -f2)"
    log "N=$n: the answers of policykg and Cayley to a sample of the mix"
    "$bin/mixer" check --n "$mix_n" --seed "$seed" --sample 200 --policykg "http://$pk_addr/graphql" \
      --cayley "http://$cayley_addr/api/v2/query?lang=gizmo" --out "$work/check-$n.json"
    for k in checked mismatches empty meanTotal; do
      record "$n" "mix.$k" "$(grep -o "\"$k\": [0-9.]*" "$work/check-$n.json" | grep -o '[0-9.]*$')"
    done
    stop "$pk"
    # Long enough for each connection to get about three answers at the pace of one answer
    # alone, between the run's duration and 300 s; no warm-up, whose unfinished queries
    # Cayley would go on computing.
    cd_secs=$(awk -v t="$one" -v c="$conns" -v p="$(nproc)" -v d="${duration%s}" \
      'BEGIN {s = int(t * c / p * 3 + 1); if (s < d) s = d; if (s > 300) s = 300; print s}')
    load_test cayley "$n" "http://$cayley_addr/api/v2/query?lang=gizmo" "$work/cayley.lua" 300s "${cd_secs}s" 0
    best_of cayley "$n"
    record "$n" cayley.duration "${cd_secs}s"
    # Cayley has one way of asking: the same Gizmo stands for both mixes.
    load_test cayley_mix "$n" "http://$cayley_addr/api/v2/query?lang=gizmo" "$mixlua" 60s "$duration" 1 "$work/mix/gizmo.txt" 2 text/plain
    best_of cayley_mix "$n"
    memory cayley_http "$n" "$ca"
    stop "$ca"
  done
  record all load_after "$(cut -d' ' -f1-3 /proc/loadavg)"

  if [ "$run_go" = 1 ]; then
    log "Go benchmarks"
    # Loads of a corpus take seconds: three of each; requests take microseconds: a second.
    local heavy=(go test -run '^$' -bench 'BenchmarkPut|BenchmarkHealthQuery' -benchtime 3x -benchmem ./graph ./schema)
    local light=(go test -run '^$' -bench 'BenchmarkVersion|BenchmarkHealthQuery|BenchmarkMeasuresForAgency|BenchmarkTypename'
      -benchmem ./graph ./api)
    # The uncached question of the mix: a fixed number of distinct questions per size.
    local mixbench=(go test -run '^$' -bench 'BenchmarkMix' -benchtime 5000x -benchmem ./api)
    shown() { printf '$'; printf ' %q' "$@"; echo; "$@" 2>&1 || true; }
    {
      echo "# $(date -u +%Y-%m-%dT%H:%M:%SZ)"
      shown "${heavy[@]}"
      shown "${light[@]}"
      shown "${mixbench[@]}"
    } >"$work/gobench.txt"
  fi

  mkdir -p "$(dirname "$out")"
  "$bin/report" --results "$results" --gobench "$work/gobench.txt" --notes bench/NOTES.md --out "$out"
  log "wrote $out (raw figures in $work)"
}

main "$@"
