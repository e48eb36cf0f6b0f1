#!/usr/bin/env bash
# Runs relay4j's benchmark set in bounded time and leaves every raw result under benchmarks/target/results/<stamp>/.
#
#   benchmarks/bench.sh            full set   (< 15 minutes on 2 cores)
#   benchmarks/bench.sh --quick    quick set  (< 2 minutes), for development: same code paths, short runs
#   benchmarks/bench.sh --only <part> [--quick]   one part only: jmh, load, streams, langchain4j, portkey, health, fleet
#
# Parts: jmh (SSE decoding, router overhead, wire encoding/decoding; -prof gc), load (loopback harness: raw
# reactor-netty vs router + OpenAiProvider at 1/16/64/256), streams (10,000 concurrent open streams through the
# router, heap after GC), langchain4j (LangChain4j + hand-written fallback vs relay4j at 64/256/1000), portkey
# (Portkey's gateway vs relay4j behind a minimal HTTP front, driven by wrk, healthy and failing primary), health
# (issue 17: three simulators with the same random 500 rate at 0/1/5/20%, and a 429 storm with and without
# adaptive concurrency; 64 in flight; not in the default set, run it with --only health), fleet (issue 16: a
# redis-server of its own; a request's latency with health shared in Redis against in memory, ABBA, and the staleness
# from one instance's trip to the others' views; ~4 minutes, not in the default set, run it with --only fleet).
# Builds once (offline Maven, tests skipped: benchmarks are not tests), then runs each part under a time bound.
set -euo pipefail

mode=full
only=all
while [[ $# -gt 0 ]]; do
  case "$1" in
    --quick) mode=quick ;;
    --only) only="$2"; shift ;;
    -h|--help) sed -n '2,19p' "$0"; exit 0 ;;
    *) echo "unknown argument: $1 (use --quick, --only <part>)" >&2; exit 2 ;;
  esac
  shift
done

repo="$(cd "$(dirname "$0")/.." && pwd)"
cd "$repo"
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
out="benchmarks/target/results/$stamp"
mkdir -p "$out"
jar=benchmarks/target/benchmarks.jar
started=$SECONDS

log() { echo "[bench $(date -u +%H:%M:%S)] $*" | tee -a "$out/bench.log"; }

machine() {
  {
    echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
    echo "nproc: $(nproc)"
    echo "memory: $(free -m | awk '/^Mem:/ {print $2 " MiB total"}')"
    echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
    echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "git: $(git rev-parse --short HEAD) ($(git rev-parse --abbrev-ref HEAD))"
    echo "java -version:"
    java -version 2>&1 | sed 's/^/  /'
  } > "$out/machine.txt"
  cat "$out/machine.txt" | tee -a "$out/bench.log"
}

build() {
  log "building benchmarks (offline, tests skipped)"
  ./mvnw -B -o -q -pl benchmarks -am package -DskipTests >> "$out/build.log" 2>&1 \
    || { log "build failed: see $out/build.log"; exit 1; }
}

# JMH on one thread per benchmark; -prof gc adds bytes allocated per operation (gc.alloc.rate.norm).
run_jmh() {
  local jmh_args
  if [[ $mode == quick ]]; then
    # one vendor / one split per parameterised benchmark, one short iteration: a smoke run, not numbers
    jmh_args=(-f 1 -wi 1 -i 1 -w 1s -r 1s -p split=PER_EVENT -p name=openai)
  else
    jmh_args=(-f 1 -wi 2 -i 3 -w 1s -r 1s)
  fi
  log "JMH ($mode): ${jmh_args[*]} -prof gc"
  timeout 600 java -jar "$jar" 'io.relay4j.benchmarks' "${jmh_args[@]}" -prof gc \
    -rf json -rff "$out/jmh.json" > "$out/jmh.txt" 2>&1 \
    || { log "JMH failed or timed out: see $out/jmh.txt"; return 1; }
  sed -n '/^Benchmark /,$p' "$out/jmh.txt" | grep -v -E ':gc\.(count|time)|alloc\.rate +' | tee -a "$out/bench.log"
}

# runs a main class from the shaded jar under a time bound; its table goes to the log
run_main() {
  local name="$1" bound="$2" heap="$3"; shift 3
  log "$name: java -Xms$heap -Xmx$heap -cp $jar $*"
  if timeout "$bound" java "-Xms$heap" "-Xmx$heap" -cp "$jar" "$@" > "$out/$name.txt" 2>&1; then
    grep -v '^SLF4J' "$out/$name.txt" | sed -n '/^|/,$p' | tee -a "$out/bench.log"
  else
    log "$name failed or ran over ${bound}s: see $out/$name.txt"; return 1
  fi
}

run_load() {
  if [[ $mode == quick ]]; then
    run_main load 90 1g io.relay4j.benchmarks.load.LoopbackLoad --levels 16,64 --jit-warmup 2 --warmup 1 --measure 2 --rounds 1
  else
    run_main load 300 1g io.relay4j.benchmarks.load.LoopbackLoad --levels 1,16,64,256 --jit-warmup 10 --warmup 3 --measure 5 --rounds 2
  fi
}

run_streams() {
  if [[ $mode == quick ]]; then
    run_main streams 90 512m io.relay4j.benchmarks.load.OpenStreamsCapacity --streams 1000 --ramp 2 --hold 4
  else
    run_main streams 240 512m io.relay4j.benchmarks.load.OpenStreamsCapacity --streams 10000 --ramp 10 --hold 15
  fi
}

run_langchain4j() {
  if [[ $mode == quick ]]; then
    run_main langchain4j 90 1g io.relay4j.benchmarks.peers.LangChain4jComparison --levels 64 --jit-warmup 1 --warmup 1 --measure 2 --rounds 1
  else
    run_main langchain4j 330 1g io.relay4j.benchmarks.peers.LangChain4jComparison --levels 64,256,1000 --jit-warmup 8 --warmup 3 --measure 4 --rounds 2
  fi
}

run_health() {
  if [[ $mode == quick ]]; then
    run_main health 150 1g io.relay4j.benchmarks.load.HealthUnderNoise --rates 0,5 --warmup 1 --measure 4
  else
    run_main health 420 1g io.relay4j.benchmarks.load.HealthUnderNoise --rates 0,1,5,20 --warmup 2 --measure 20
  fi
}

run_fleet() {
  if [[ $mode == quick ]]; then
    run_main fleet 150 1g io.relay4j.benchmarks.fleet.FleetStateBench --levels 1,16 --delays-ms 1 --jit-warmup 2 --warmup 1 --measure 2 --rounds 2 --instances 2,4 --trips 200
  else
    run_main fleet 420 1g io.relay4j.benchmarks.fleet.FleetStateBench --levels 1,16,64 --delays-ms 0,1 --jit-warmup 5 --warmup 2 --measure 5 --rounds 2 --instances 2,4 --trips 500
  fi
}

run_portkey() {
  local args scenario status=0
  if [[ $mode == quick ]]; then
    args=(--levels "16" --duration 2 --rounds 1 --warmup 2)
    scenarios=(healthy)
  else
    args=(--levels "16 64" --duration 6 --rounds 2 --warmup 10)
    scenarios=(healthy primary-fails)
  fi
  for scenario in "${scenarios[@]}"; do
    log "portkey ($scenario): benchmarks/peers/portkey-vs-relay4j.sh --scenario $scenario ${args[*]}"
    # about 3 minutes a scenario (warm-up at every level, then the rounds); more on the first run (npm install)
    if timeout 420 benchmarks/peers/portkey-vs-relay4j.sh --scenario "$scenario" "${args[@]}" > "$out/portkey-$scenario.txt" 2>&1; then
      sed -n '/^|/,$p' "$out/portkey-$scenario.txt" | tee -a "$out/bench.log"
    else
      log "portkey ($scenario) failed or ran over 420 s: see $out/portkey-$scenario.txt"; status=1
    fi
  done
  return $status
}

machine
build
status=0
case "$only" in
  all)
    run_jmh || status=1
    run_load || status=1
    run_streams || status=1
    run_langchain4j || status=1
    run_portkey || status=1
    ;;
  jmh) run_jmh || status=1 ;;
  load) run_load || status=1 ;;
  streams) run_streams || status=1 ;;
  langchain4j) run_langchain4j || status=1 ;;
  portkey) run_portkey || status=1 ;;
  health) run_health || status=1 ;;
  fleet) run_fleet || status=1 ;;
  *) echo "unknown part: $only (jmh, load, streams, langchain4j, portkey, health, fleet)" >&2; exit 2 ;;
esac
log "done in $((SECONDS - started)) s; results in $out"
exit $status
