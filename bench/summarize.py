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

def bar(label, numerator, denominator, digits):
    """One row of ratios, an algorithm per column; numerator/denominator map an algorithm to a key."""
    print(f"| {label} | " + " | ".join(
        f"{ratio(numerator(a), denominator(a)):.{digits}f}" for a in ALGS) + " |")

print("| Bar | HS256 | RS256 | ES256 |")
print("|---|---|---|---|")
cold = lambda a: ("perimeterCold", a)
bar("cold Perimeter / raw (≤ 1.5 HS256, ≤ 1.15 RS256, ES256)", cold, lambda a: ("raw", a), 3)
bar("cold Perimeter / jose4j (< 1)", cold, lambda a: ("jose4j", a), 3)
bar("cold Perimeter / Nimbus (< 1)", cold, lambda a: ("nimbus", a), 3)
bar("cold Perimeter / jjwt", cold, lambda a: ("jjwt", a), 3)
bar("raw RS256 / warm Perimeter (≥ 20)", lambda a: ("raw", "RS256"),
    lambda a: ("perimeterWarm", a), 1)
bar("cold Perimeter / cold Perimeter with ACCP (≥ 1.7 RS256, ≥ 10 ES256)", cold,
    lambda a: ("perimeterColdNative", a), 2)
bar("cold Perimeter / JDK floor", cold, lambda a: ("jdk", a), 2)
