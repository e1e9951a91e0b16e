#!/usr/bin/env python3
"""Turns JMH's JSON of DpopBenchmark into the DPoP tables of docs/benchmarks.md."""
import json
import sys

PROVIDERS = ["jdk", "accp"]
ALGS = ["ES256", "EdDSA", "RS256"]

data = json.load(open(sys.argv[1]))
score, error = {}, {}
for run in data:
    method = run["benchmark"].rsplit(".", 1)[1]
    key = (method, run["params"]["cryptoProvider"], run["params"].get("proofAlg"))
    score[key] = run["primaryMetric"]["score"]
    error[key] = float(run["primaryMetric"]["scoreError"])


def cell(key):
    if key not in score:
        return "–"
    return f"{score[key]:,.1f} ± {error[key]:,.1f} µs, {1e6 / score[key]:,.0f}/s"


print("| Request (cached RS256 access token) | JDK provider | ACCP |")
print("|---|---|---|")
print("| (a) `bearer`: `Authorization: Bearer` | "
      + " | ".join(cell(("bearer", p, None)) for p in PROVIDERS) + " |")
for alg in ALGS:
    print(f"| `dpop`, {alg} proof key: `Authorization: DPoP` + fresh proof | "
          + " | ".join(cell(("dpop", p, alg)) for p in PROVIDERS) + " |")
print()
print("| Ratio DPoP / bearer | JDK provider | ACCP |")
print("|---|---|---|")
for alg in ALGS:
    print(f"| {alg} proof key | " + " | ".join(
        f"{score[('dpop', p, alg)] / score[('bearer', p, None)]:,.0f}×" for p in PROVIDERS) + " |")
print()
print("| Cost split, µs per request | " + " | ".join(
    f"{alg} {p}" for alg in ALGS for p in ["JDK", "ACCP"]) + " |")
print("|---|" + "---|" * (len(ALGS) * 2))
rows = [
    ("DPoP's extra cost: `dpop` − `bearer`",
     lambda p, a: score[("dpop", p, a)] - score[("bearer", p, None)]),
    ("proof signature, engine keyed once (`proofSignature`)",
     lambda p, a: score[("proofSignature", p, a)]),
    ("proof signature, key imported + new engine per proof (`proofSignatureNewKey`)",
     lambda p, a: score[("proofSignatureNewKey", p, a)]),
    ("the rest: `dpop` − `bearer` − `proofSignature`",
     lambda p, a: score[("dpop", p, a)] - score[("bearer", p, None)] - score[("proofSignature", p, a)]),
    ("signature share of DPoP's extra cost (`proofSignature` / (`dpop` − `bearer`))",
     None),
]
for label, f in rows:
    cells = []
    for alg in ALGS:
        for p in PROVIDERS:
            extra = score[("dpop", p, alg)] - score[("bearer", p, None)]
            if f is None:
                cells.append(f"{100 * score[('proofSignature', p, alg)] / extra:.0f} %")
            else:
                cells.append(f"{f(p, alg):,.1f}")
    print(f"| {label} | " + " | ".join(cells) + " |")

# The fastest iteration of each row: on a shared machine the DPoP rows' means carry the
# neighbours' noise, the fastest iteration the least of it.
fastest = {}
for run in data:
    method = run["benchmark"].rsplit(".", 1)[1]
    key = (method, run["params"]["cryptoProvider"], run["params"].get("proofAlg"))
    fastest[key] = min(x for fork in run["primaryMetric"]["rawData"] for x in fork)
print()
print("| Fastest iteration, µs | " + " | ".join(
    f"{alg} {p}" for alg in ALGS for p in ["JDK", "ACCP"]) + " |")
print("|---|" + "---|" * (len(ALGS) * 2))
for label, method in [("`dpop`", "dpop"), ("`proofSignature`", "proofSignature"),
                      ("`proofSignatureNewKey`", "proofSignatureNewKey")]:
    print(f"| {label} | " + " | ".join(
        f"{fastest[(method, p, alg)]:,.1f}" for alg in ALGS for p in PROVIDERS) + " |")
print("| `bearer` | " + " | ".join(
    f"{fastest[('bearer', p, None)]:,.1f}" for alg in ALGS for p in PROVIDERS) + " |")
print("| the rest: `dpop` − `bearer` − `proofSignature` | " + " | ".join(
    f"{fastest[('dpop', p, alg)] - fastest[('bearer', p, None)] - fastest[('proofSignature', p, alg)]:,.1f}"
    for alg in ALGS for p in PROVIDERS) + " |")
