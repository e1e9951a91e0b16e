#!/usr/bin/env python3
"""Turns JMH's JSON (VerifyBenchmark, -prof gc) into the tables and ratios of docs/benchmarks.md."""
import json
import sys

ROWS = ["jdk", "jdkNative", "raw", "perimeterCold", "perimeterColdNative", "perimeterWarm",
        "jose4j", "nimbus", "jjwt"]
LABELS = {
    "jdk": "JDK floor (bare verify, JDK provider)",
    "jdkNative": "JDK floor (bare verify, ACCP)",
    "raw": "raw java-jwt JWTVerifier",
    "perimeterCold": "Perimeter, cache off (cold)",
    "perimeterColdNative": "Perimeter, cache off, ACCP",
    "perimeterWarm": "Perimeter, cache on (warm)",
    "jose4j": "jose4j JwtConsumer",
    "nimbus": "Nimbus DefaultJWTProcessor",
    "jjwt": "jjwt JwtParser",
}
ALGS = ["HS256", "RS256", "ES256"]

data = json.load(open(sys.argv[1]))
score, error, alloc = {}, {}, {}
for run in data:
    method = run["benchmark"].rsplit(".", 1)[1]
    alg = run["params"]["alg"]
    score[method, alg] = run["primaryMetric"]["score"]
    error[method, alg] = float(run["primaryMetric"]["scoreError"])
    norm = run.get("secondaryMetrics", {}).get("gc.alloc.rate.norm")
    alloc[method, alg] = float(norm["score"]) if norm else float("nan")

def cell(m, a):
    s = score.get((m, a))
    if s is None:
        return "–"
    return f"{s:.2f} ± {error[m, a]:.2f} µs, {1e6 / s if s else 0:,.0f}/s, {alloc[m, a]:,.0f} B"

print("| Contender | " + " | ".join(ALGS) + " |")
print("|---|" + "---|" * len(ALGS))
for m in ROWS:
    print(f"| {LABELS[m]} (`{m}`) | " + " | ".join(cell(m, a) for a in ALGS) + " |")
print()

def ratio(a, b):
    return score[a] / score[b]

print("| Bar | HS256 | RS256 | ES256 |")
print("|---|---|---|---|")
print("| cold Perimeter / raw (≤ 1.5 HS256, ≤ 1.15 RS256, ES256) | "
      + " | ".join(f"{ratio(('perimeterCold', a), ('raw', a)):.3f}" for a in ALGS) + " |")
print("| cold Perimeter / jose4j (< 1) | "
      + " | ".join(f"{ratio(('perimeterCold', a), ('jose4j', a)):.3f}" for a in ALGS) + " |")
print("| cold Perimeter / Nimbus (< 1) | "
      + " | ".join(f"{ratio(('perimeterCold', a), ('nimbus', a)):.3f}" for a in ALGS) + " |")
print("| cold Perimeter / jjwt | "
      + " | ".join(f"{ratio(('perimeterCold', a), ('jjwt', a)):.3f}" for a in ALGS) + " |")
print("| raw RS256 / warm Perimeter (≥ 20) | "
      + " | ".join(f"{ratio(('raw', 'RS256'), ('perimeterWarm', a)):.1f}" for a in ALGS) + " |")
print("| cold Perimeter / cold Perimeter with ACCP (≥ 1.7 RS256, ≥ 10 ES256) | "
      + " | ".join(f"{ratio(('perimeterCold', a), ('perimeterColdNative', a)):.2f}" for a in ALGS) + " |")
print("| cold Perimeter / JDK floor | "
      + " | ".join(f"{ratio(('perimeterCold', a), ('jdk', a)):.2f}" for a in ALGS) + " |")
