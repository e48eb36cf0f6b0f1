#!/usr/bin/env bash
# Runs relay4j's benchmark set in bounded time and leaves every raw result under benchmarks/target/results/<stamp>/.
#
#   benchmarks/bench.sh            full set   (< 15 minutes on 2 cores)
#   benchmarks/bench.sh --quick    quick set  (< 2 minutes), for development: same code paths, short runs
#   benchmarks/bench.sh --only jmh [--quick]   one part only (jmh)
#
# Builds once (offline Maven, tests skipped: benchmarks are not tests), then runs each part under a time bound.
set -euo pipefail

mode=full
only=all
while [[ $# -gt 0 ]]; do
  case "$1" in
    --quick) mode=quick ;;
    --only) only="$2"; shift ;;
    -h|--help) sed -n '2,8p' "$0"; exit 0 ;;
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
    jmh_args=(-f 1 -wi 1 -i 2 -w 1s -r 1s)
  else
    jmh_args=(-f 1 -wi 3 -i 5 -w 2s -r 3s)
  fi
  log "JMH ($mode): ${jmh_args[*]} -prof gc"
  timeout 600 java -jar "$jar" 'io.relay4j.benchmarks' "${jmh_args[@]}" -prof gc \
    -rf json -rff "$out/jmh.json" > "$out/jmh.txt" 2>&1 \
    || { log "JMH failed or timed out: see $out/jmh.txt"; return 1; }
  sed -n '/^Benchmark /,$p' "$out/jmh.txt" | grep -v -E ':gc\.(count|time)|alloc\.rate +' | tee -a "$out/bench.log"
}

machine
build
status=0
case "$only" in
  all|jmh) run_jmh || status=1 ;;
  *) echo "unknown part: $only" >&2; exit 2 ;;
esac
log "done in $((SECONDS - started)) s; results in $out"
exit $status
