#!/usr/bin/env bash
# The measured run behind docs/benchmarks.md. Build first:
#   mvn -q -B -pl bench -am package -DskipTests
# Waits (polling every minute, at most WAIT_MINUTES) for the 1-minute load average to drop below
# MAX_LOAD (else gives up, unless FORCE=1), records the machine and the load, then runs the JMH
# suite with -prof gc, the paired rounds, the HTTP load runs (Jetty; both modes on Tomcat) and the
# floods. Results go to bench/results/.
set -euo pipefail
cd "$(dirname "$0")"
MAX_LOAD=${MAX_LOAD:-0.5}
WAIT_MINUTES=${WAIT_MINUTES:-20}
JMH_ARGS=${JMH_ARGS:-}
out=results
mkdir -p "$out"

load1() { cut -d' ' -f1 /proc/loadavg; }
quiet() { awk -v l="$(load1)" -v m="$MAX_LOAD" 'BEGIN { exit !(l < m) }'; }
i=0
while ! quiet && ((i < WAIT_MINUTES)); do
  echo "$(date -u +%H:%M:%S) load $(load1) >= $MAX_LOAD, waiting ($i/$WAIT_MINUTES min)"; sleep 60
  i=$((i + 1))
done
if ! quiet && [[ "${FORCE:-0}" != 1 ]]; then
  echo "still busy (load $(load1)); not measuring. FORCE=1 measures anyway, and records the load."
  exit 3
fi

{
  echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "nproc: $(nproc)"
  echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
  echo "java: $(java -version 2>&1 | head -2 | tr '\n' ' ')"
  echo "load before JMH: $(cat /proc/loadavg)"
} | tee "$out/machine.txt"

java -jar target/benchmarks.jar VerifyBenchmark -prof gc $JMH_ARGS \
  -rf json -rff "$out/jmh.json" | tee "$out/jmh.txt"
echo "load after JMH: $(cat /proc/loadavg)" | tee -a "$out/machine.txt"

# The paired comparison (PairedRounds): the cold contenders in one JVM, in shuffled rounds, for
# differences smaller than the spread between JMH's forks (ES256 above all).
for spec in HS256:512 RS256:64 ES256:16; do
  java -cp target/benchmarks.jar dev.perimeter.bench.PairedRounds --alg="${spec%%:*}" \
    --batch="${spec##*:}" --rounds=300 2>/dev/null | tee "$out/paired-${spec%%:*}.txt"
done
echo "load after paired rounds: $(cat /proc/loadavg)" | tee -a "$out/machine.txt"

java -cp target/benchmarks.jar dev.perimeter.bench.HttpLoad --alg=RS256 | tee "$out/http.txt"
echo "load after HTTP: $(cat /proc/loadavg)" | tee -a "$out/machine.txt"

# Both authentication modes (ModesLoad): one embedded Tomcat 10.1, unfiltered, filter mode and
# container mode (jwt-authentication) in turns; the ratios are issue 16's bar.
java -cp target/benchmarks.jar dev.perimeter.bench.ModesLoad --alg=RS256 2>/dev/null \
  | tee "$out/http-modes.txt"
echo "load after HTTP modes: $(cat /proc/loadavg)" | tee -a "$out/machine.txt"

# Forged-token floods (FloodLoad): a valid client beside a flood of forged tokens from another JVM
# on 127.0.0.2, in turns with a token-less flood; the ratio is the bar of docs/benchmarks.md.
java -cp target/benchmarks.jar dev.perimeter.bench.FloodLoad --algs=ES256,RS256 2>/dev/null \
  | tee "$out/flood.txt"
echo "load after flood: $(cat /proc/loadavg)" | tee -a "$out/machine.txt"

python3 summarize.py "$out/jmh.json" | tee "$out/tables.md"
