#!/usr/bin/env bash
# Latency added by Portkey's open-source gateway and by relay4j (behind RelayFront) on the same fallback
# configuration (primary, then fallback: both simulator endpoints in their own JVM), measured by the same load
# generator (wrk) as the direct call to the simulator. Installs what it needs (wrk from Debian, the gateway from
# npm with @hono/node-server pinned to 1.14.1), starts everything on 127.0.0.1, stops what it started.
#
#   benchmarks/peers/portkey-vs-relay4j.sh [--scenario healthy|primary-fails] [--levels "16 64"]
#                                          [--duration 8] [--rounds 2] [--warmup 15]
# --warmup: seconds each system is driven, unmeasured, at each level before the measured rounds.
# Needs benchmarks/target/benchmarks.jar (benchmarks/bench.sh builds it). Prints every run (with the CPU time the
# system under test and the simulator spent per request), then the latency table and a CPU-per-request table.
set -euo pipefail

scenario=healthy
levels="16 64"
duration=8
rounds=2
warmup=15
while [[ $# -gt 0 ]]; do
  case "$1" in
    --scenario) scenario="$2"; shift ;;
    --levels) levels="$2"; shift ;;
    --duration) duration="$2"; shift ;;
    --rounds) rounds="$2"; shift ;;
    --warmup) warmup="$2"; shift ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
  shift
done
case "$scenario" in
  healthy) primary_behaviour=fast ;;
  primary-fails) primary_behaviour=fail500 ;;
  *) echo "scenario must be healthy or primary-fails" >&2; exit 2 ;;
esac

here="$(cd "$(dirname "$0")" && pwd)"
jar="$here/../target/benchmarks.jar"
[[ -f "$jar" ]] || { echo "missing $jar: run benchmarks/bench.sh (or package the benchmarks module) first" >&2; exit 1; }
work="$(mktemp -d)"
sim_port=18201; fallback_port=18202; portkey_port=18787; front_port=18301
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

# --- what each peer needs -------------------------------------------------------------------------------
if ! command -v wrk >/dev/null; then
  echo "installing wrk (Debian package)"
  apt-get update -qq >/dev/null && apt-get install -y -qq wrk >/dev/null
fi
command -v node >/dev/null || { echo "Node.js is not installed: the Portkey gateway cannot run here" >&2; exit 1; }
if [[ ! -d "$here/portkey/node_modules/@portkey-ai/gateway" ]]; then
  echo "installing @portkey-ai/gateway (npm, @hono/node-server pinned to 1.14.1)"
  (cd "$here/portkey" && npm install --no-audit --no-fund --ignore-scripts --loglevel=error >/dev/null)
fi
hono_version="$(node -p "require('$here/portkey/node_modules/@hono/node-server/package.json').version")"
gateway_version="$(node -p "require('$here/portkey/node_modules/@portkey-ai/gateway/package.json').version")"
[[ "$hono_version" == 1.14.1 ]] || { echo "@hono/node-server is $hono_version, expected the 1.14.1 pin" >&2; exit 1; }

wait_for_port() {
  for _ in $(seq 1 100); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then return 0; fi
    sleep 0.1
  done
  echo "nothing listens on 127.0.0.1:$1" >&2; return 1
}

# --- start the endpoints and the two systems under test ------------------------------------------------------
mkfifo "$work/sim.in" "$work/front.in"
java -Xms512m -Xmx512m -cp "$jar" io.relay4j.benchmarks.load.SimulatorMain \
  "$sim_port:$primary_behaviour" "$fallback_port:fast" < "$work/sim.in" > "$work/sim.log" 2>&1 &
pids+=($!)
exec 7>"$work/sim.in"
NODE_ENV=production node "$here/portkey/serve.mjs" --port=$portkey_port --headless > "$work/portkey.log" 2>&1 &
pids+=($!)
# one event loop shared by the front's server and its upstream client (RelayFront's default, spelled out): a
# request never changes thread, and the front is single-threaded like the gateway's Node.js process. JVM flags a
# gateway's operator would set: a fixed heap, the throughput collector (every object a request makes dies young),
# and no Netty leak sampling (it records a stack trace for about one buffer in 128)
java -Xms512m -Xmx512m -XX:+UseParallelGC -Dio.netty.leakDetection.level=disabled -cp "$jar" io.relay4j.benchmarks.peers.RelayFront $front_port \
  "http://127.0.0.1:$sim_port/v1" "http://127.0.0.1:$fallback_port/v1" 1 < "$work/front.in" > "$work/front.log" 2>&1 &
pids+=($!)
exec 8>"$work/front.in"
wait_for_port $sim_port; wait_for_port $fallback_port; wait_for_port $portkey_port; wait_for_port $front_port
if ss -ltn 2>/dev/null | awk '{print $4}' | grep -E "(^|[^0-9.])(0\.0\.0\.0|\*|\[::\]):$portkey_port$" >/dev/null; then
  echo "the gateway listens beyond loopback: stopping" >&2; exit 1
fi

config="{\"strategy\":{\"mode\":\"fallback\"},\"targets\":[{\"provider\":\"openai\",\"api_key\":\"sk-sim\",\"custom_host\":\"http://127.0.0.1:$sim_port/v1\"},{\"provider\":\"openai\",\"api_key\":\"sk-sim\",\"custom_host\":\"http://127.0.0.1:$fallback_port/v1\"}]}"
direct_port=$sim_port
[[ $scenario == primary-fails ]] && direct_port=$fallback_port

url_of() {
  case "$1" in
    direct) echo "http://127.0.0.1:$direct_port/v1/chat/completions" ;;
    relay4j) echo "http://127.0.0.1:$front_port/v1/chat/completions" ;;
    portkey) echo "http://127.0.0.1:$portkey_port/v1/chat/completions" ;;
  esac
}
sim_pid=${pids[0]}; portkey_pid=${pids[1]}; front_pid=${pids[2]}
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; } # user + system CPU of a process, in clock ticks
load() { # target connections seconds -> RESULT line, plus the CPU per request of the system and of the simulator
  local cfg="" pid="" line s0 s1 p0=0 p1=0
  [[ $1 == portkey ]] && cfg="$config" && pid=$portkey_pid
  [[ $1 == relay4j ]] && pid=$front_pid
  s0=$(cpu_ticks $sim_pid); [[ -n $pid ]] && p0=$(cpu_ticks $pid)
  line="$(PORTKEY_CONFIG="$cfg" wrk -t2 -c"$2" -d"${3}s" -s "$here/wrk-post.lua" "$(url_of "$1")" | grep '^RESULT')"
  s1=$(cpu_ticks $sim_pid); [[ -n $pid ]] && p1=$(cpu_ticks $pid)
  awk -v line="$line" -v sys=$((p1 - p0)) -v sim=$((s1 - s0)) -v hz="$(getconf CLK_TCK)" 'BEGIN {
    match(line, /requests=[0-9]+/); n = substr(line, RSTART + 9, RLENGTH - 9) + 0; if (n == 0) n = 1
    printf "%s cpu_us=%.1f sim_cpu_us=%.1f\n", line, sys * 1e6 / hz / n, sim * 1e6 / hz / n }'
}
field() { sed -E "s/.* $1=([0-9.]+).*/\1/" <<<"$2"; }

echo "gateway @portkey-ai/gateway $gateway_version with @hono/node-server $hono_version on 127.0.0.1:$portkey_port;" \
  "relay4j front on 127.0.0.1:$front_port; scenario $scenario; wrk -t2, ${duration}s per run, $rounds rounds"
# warm-up, discarded: every system --warmup seconds at every level, highest first (the JVM front needs its JIT,
# Node its own; on a busy machine one level was not enough for the first measured run at the other)
for c in $(tr ' ' '\n' <<<"$levels" | sort -rn); do
  for target in direct relay4j portkey; do load $target "$c" "$warmup" >/dev/null; done
done

targets=(direct relay4j portkey)
summary="$work/summary.txt"
for c in $levels; do
  for round in $(seq 0 $((rounds - 1))); do
    for k in 0 1 2; do
      target=${targets[$(( (k + round) % 3 ))]}
      line="$(load "$target" "$c" "$duration")"
      echo "  c=$c round $round $target: ${line#RESULT } load=$(cut -d' ' -f1 /proc/loadavg)"
      echo "$c $target $(field rps "$line") $(field p50_us "$line") $(field p99_us "$line") $(field non2xx "$line") $(field socket_errors "$line") $(field cpu_us "$line") $(field sim_cpu_us "$line")" >> "$summary"
    done
  done
done

echo
echo "| concurrency | direct req/s | relay4j req/s | Portkey req/s | direct p50 us | relay4j added p50 us | Portkey added p50 us | p50 ratio | direct p99 us | relay4j added p99 us | Portkey added p99 us | p99 ratio | errors |"
echo "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
awk '
  { n[$1" "$2]++; rps[$1" "$2]+=$3; p50[$1" "$2]+=$4; p99[$1" "$2]+=$5; err[$1]+=$6+$7; if (!($1 in seen)) { seen[$1]=1; order[++levels]=$1 } }
  END {
    for (i = 1; i <= levels; i++) {
      c = order[i]; d = c" direct"; r = c" relay4j"; p = c" portkey"
      d50 = p50[d]/n[d]; d99 = p99[d]/n[d]
      r50 = p50[r]/n[r] - d50; r99 = p99[r]/n[r] - d99
      k50 = p50[p]/n[p] - d50; k99 = p99[p]/n[p] - d99
      printf "| %d | %.0f | %.0f | %.0f | %.0f | %+.0f | %+.0f | %s | %.0f | %+.0f | %+.0f | %s | %d |\n", c,
        rps[d]/n[d], rps[r]/n[r], rps[p]/n[p], d50, r50, k50, (r50 > 0 ? sprintf("%.1fx", k50/r50) : "n/a"),
        d99, r99, k99, (r99 > 0 ? sprintf("%.1fx", k99/r99) : "n/a"), err[c]
    }
  }' "$summary"
echo "(each figure: mean over the rounds; added = the system's percentile minus the direct call's, same load)"
echo
echo "CPU per request (user + system time of the process over a run / its requests; contention moves it much less than latency):"
echo "| concurrency | relay4j front us | Portkey us | simulator us, direct | simulator us, via relay4j | simulator us, via Portkey |"
echo "| ---: | ---: | ---: | ---: | ---: | ---: |"
awk '
  { n[$1" "$2]++; cpu[$1" "$2]+=$8; sim[$1" "$2]+=$9; if (!($1 in seen)) { seen[$1]=1; order[++levels]=$1 } }
  END {
    for (i = 1; i <= levels; i++) {
      c = order[i]; d = c" direct"; r = c" relay4j"; p = c" portkey"
      printf "| %d | %.1f | %.1f | %.1f | %.1f | %.1f |\n", c, cpu[r]/n[r], cpu[p]/n[p], sim[d]/n[d], sim[r]/n[r], sim[p]/n[p]
    }
  }' "$summary"
