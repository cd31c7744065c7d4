#!/usr/bin/env python3
"""Agreement of Rampart's rules with the KICS test samples (../shared/samples/kics).

For every KICS query that a Rampart rule names as its peer equivalent, runs Rampart (release
build) over each sample file of that query (with its scan group, as KICS scans them) and reports:
  - fail samples: how many KICS-expected lines Rampart reports for the mapped rule(s);
  - pass samples: how many are clean of the mapped rule(s).

    cargo build --release -p rampart && scripts/kics_agreement.py [--platform kubernetes] [-v]

Not a CI gate: a measurement. Disagreements are explained in the rules' docs and the issue notes.
"""
import argparse
import collections
import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
KICS = os.path.normpath(os.path.join(ROOT, "..", "shared", "samples", "kics"))
BIN = os.path.join(ROOT, "target", "release", "rampart")


def rampart_json(args):
    out = subprocess.run([BIN, *args], capture_output=True, text=True, check=False)
    return json.loads(out.stdout)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--platform", default="kubernetes")
    parser.add_argument("-v", "--verbose", action="store_true", help="list every disagreement")
    opts = parser.parse_args()

    rules = rampart_json(["rules", "--format", "json"])
    by_kics = collections.defaultdict(set)
    for rule in rules:
        for peer in rule["peers"]:
            if peer["tool"] == "kics":
                by_kics[peer["id"]].add(rule["id"])

    samples = [json.loads(line) for line in open(os.path.join(KICS, "index.jsonl"))]
    samples = [s for s in samples if s["platform"] == opts.platform and s["peer_rule_id"] in by_kics]

    totals = collections.Counter()
    rows = []
    for query in sorted({s["peer_rule_id"] for s in samples}):
        mapped = by_kics[query]
        cases = [s for s in samples if s["peer_rule_id"] == query]
        found = expected = clean = passes = 0
        misses = []
        for case in cases:
            path = os.path.join(KICS, case["file"])
            report = rampart_json(["scan", "--format", "json", "--no-progress", path])
            lines = {f["location"]["start"]["line"] for f in report["findings"] if f["rule_id"] in mapped}
            if case["expect"] == "fail":
                want = set(case["expected_lines"])
                expected += len(want)
                found += len(want & lines)
                if want - lines:
                    misses.append(f"  missed {case['file']} lines {sorted(want - lines)} (reported {sorted(lines)})")
            else:
                passes += 1
                if not lines:
                    clean += 1
                else:
                    misses.append(f"  flagged pass sample {case['file']} lines {sorted(lines)}")
        totals.update(found=found, expected=expected, clean=clean, passes=passes)
        rows.append((cases[0]["peer_rule_name"], ",".join(sorted(mapped)), found, expected, clean, passes, misses))

    width = max(len(r[0]) for r in rows) if rows else 10
    print(f"{'KICS query':<{width}}  {'fail lines found':>16}  {'pass clean':>10}  rampart rules")
    for name, mapped, found, expected, clean, passes, misses in rows:
        print(f"{name:<{width}}  {found:>7}/{expected:<8}  {clean:>4}/{passes:<5}  {mapped}")
        if opts.verbose:
            for m in misses:
                print(m)
    t = totals
    found_pct = 100.0 * t["found"] / t["expected"] if t["expected"] else 0.0
    flagged_pct = 100.0 * (t["passes"] - t["clean"]) / t["passes"] if t["passes"] else 0.0
    print(f"\nmapped queries: {len(rows)}; fail lines found: {t['found']}/{t['expected']} ({found_pct:.1f}%); "
          f"pass samples flagged: {t['passes'] - t['clean']}/{t['passes']} ({flagged_pct:.1f}%)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
