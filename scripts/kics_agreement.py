#!/usr/bin/env python3
"""Agreement of Rampart's rules with the KICS test samples (../shared/samples/kics).

For every KICS query that a Rampart rule names as its peer equivalent, runs Rampart (release
build) over each sample file of that query, one file at a time (the index's `scan_group` is not
used, so a rule that would need another sample file of the group sees only its own), and reports:
  - fail samples, two ways:
      exact:     a KICS-expected line L counts as found when a finding of a mapped rule STARTS
                 on line L (its JSON `location.start.line == L`);
      same node: L counts as found when a finding of a mapped rule, in the same sample file,
                 SPANS line L, i.e. `location.start.line <= L <= location.end.line`. Rampart's
                 location is the whole YAML node it reports: for a bad `key: value` entry, the
                 key through the end of its value (so `hostPath:` on line 39 with `path:` on
                 line 40 spans 39-40 and matches KICS's line 40); for a missing field, the whole
                 mapping that lacks it (a container from its `- name:` key to its last line, a
                 pod spec, an object). A finding on a different node, even one line away (e.g.
                 Rampart on `resources:` and KICS on `verbs:` of the same RBAC rule), does not
                 count. Because a missing-field finding spans its whole mapping, "same node"
                 also accepts a KICS line anywhere inside that mapping: it measures "the same
                 object is flagged by the mapped rule", not "the same line".
                 Also found (the other direction): line L holds a mapping key (parsed with PyYAML)
                 whose VALUE is exactly the node of a mapped finding: the value node starts at the
                 finding's start (line and column) and its last scalar ends on the finding's end
                 line. E.g. KICS on `spec:` (line 6) while Rampart reports the pod spec mapping
                 that is its value (lines 7-8). A finding on a child or grandchild of that value
                 (KICS on `securityContext:`, Rampart on `allowPrivilegeEscalation: true` inside
                 it) is NOT the same node and is not counted;
  - pass samples: how many are clean of the mapped rule(s) (no finding of them at all);
  - also, for context (never the goal's measure): fail lines where a mapped finding starts
    INSIDE the value of KICS's key (KICS on `command:`, Rampart on the flag under it), fail
    samples with any mapped finding at all, and fail lines whose top-level object (the `.tf`
    block, the YAML document) holds a mapped finding: the same resource flagged for the same
    defect, wherever in it each tool places it.

    cargo build --release -p rampart && scripts/kics_agreement.py [--platform kubernetes] [-v] [--check]

Every remaining disagreement is on record in `scripts/kics-explained/<platform>.json`, a list of
entries `{"file": <the sample's index file>, "lines": [...], "why": ..., "note": ...}`:
  - a fail line that no mapped finding flags in the same top-level object has an entry with the
    line, `why` one of `kics-wrong` (KICS wrong, or a different policy choice, with the platform's
    documentation as the judge), `scope` (a custom resource Rampart does not read, a
    PersistentVolume, a removed API, an unrendered template, a registry module not on disk, the
    finding of another Rampart rule) or `elsewhere` (Rampart reports the same defect on another
    object: the pod that mounts a ServiceAccount's token);
  - a flagged pass sample has an entry without `lines`, `why` one of `broader-rule` (a true
    finding of a Rampart rule that covers more than the KICS query) or `kics-wrong`.
A fail line flagged in the same object but not at KICS's line is placement, counted as such. The
report then shows how the disagreements divide, how many are unexplained, and which entries are
stale (the line is found now, or the sample is clean); `--check` exits 1 when either is not zero.

RAMPART_BIN names another binary (a debug build: RAMPART_BIN=target/debug/rampart).

Needs PyYAML (only for the "same node" key/value test). Not a CI gate: a measurement. Every
remaining disagreement is explained in docs/kics-agreement.md.
"""
import argparse
import collections
import json
import os
import shutil
import subprocess
import sys
import tempfile

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
KICS = os.path.normpath(os.path.join(ROOT, "..", "shared", "samples", "kics"))
BIN = os.environ.get("RAMPART_BIN") or os.path.join(ROOT, "target", "release", "rampart")
EXPLAINED = os.path.join(ROOT, "scripts", "kics-explained")
FAIL_WHY = ("kics-wrong", "scope", "elsewhere")
PASS_WHY = ("broader-rule", "kics-wrong")


def explained(platform):
    """{(file, line): why} for fail lines and {file: why} for flagged pass samples, from the
    platform's ledger (see the module docstring)."""
    path = os.path.join(EXPLAINED, platform + ".json")
    lines, passes = {}, {}
    if not os.path.exists(path):
        return lines, passes
    for entry in json.load(open(path)):
        why = entry["why"]
        if entry.get("lines"):
            assert why in FAIL_WHY, entry
            for line in entry["lines"]:
                lines[(entry["file"], line)] = why
        else:
            assert why in PASS_WHY, entry
            passes[entry["file"]] = why
    return lines, passes


def _last(node):
    """(line, column), 1-based, where the last scalar or flow collection of `node` ends."""
    if isinstance(node, yaml.ScalarNode) or getattr(node, "flow_style", False):
        return (node.end_mark.line + 1, node.end_mark.column)
    children = [c for pair in node.value for c in pair] if isinstance(node, yaml.MappingNode) else node.value
    return max((_last(c) for c in children), default=(node.start_mark.line + 1, node.start_mark.column + 1))


def key_values(path):
    """{line of a mapping key: [(start line, start column, last line) of its value]} (1-based)."""
    out = collections.defaultdict(list)
    try:
        with open(path) as handle:
            docs = list(yaml.compose_all(handle, Loader=yaml.SafeLoader))
    except (yaml.YAMLError, UnicodeDecodeError):
        return out
    stack = [d for d in docs if d is not None]
    while stack:
        node = stack.pop()
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                start = (value.start_mark.line + 1, value.start_mark.column + 1)
                out[key.start_mark.line + 1].append((*start, _last(value)[0]))
                stack.append(value)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
    return out


def objects(path):
    """The line ranges (1-based, inclusive) of the top-level objects of the sample at `path`:
    each YAML document, each top-level block of a `.tf` file (`resource`, `module`, ... to its
    closing `}` in column 0), or the whole file."""
    lines = open(path, encoding="utf-8", errors="replace").read().split("\n")
    ranges = []
    if path.endswith((".yaml", ".yml")):
        start = 1
        for i, line in enumerate(lines, 1):
            if line.startswith("---"):
                if i > start:
                    ranges.append((start, i - 1))
                start = i + 1
        ranges.append((start, len(lines)))
    elif path.endswith(".tf"):
        start = None
        for i, line in enumerate(lines, 1):
            if start is None and line[:1].isalpha():
                start = i
            elif start is not None and line.rstrip() == "}":
                ranges.append((start, i))
                start = None
        if start is not None:
            ranges.append((start, len(lines)))
    else:
        ranges.append((1, len(lines)))
    return ranges


def same_object(path, line, finding_lines):
    """Whether a finding starting on one of `finding_lines` is in the top-level object that holds
    `line` (the same resource or document, wherever in it the two tools place the defect)."""
    for a, b in objects(path):
        if a <= line <= b:
            return any(a <= f <= b for f in finding_lines)
    return False


def rampart_json(args):
    out = subprocess.run([BIN, *args], capture_output=True, text=True, check=False)
    return json.loads(out.stdout)


def scan_alone(path):
    """Rampart's JSON report for the sample at `path` alone. A Terraform module is a directory:
    scanning one `.tf` file evaluates its whole directory, so the sample is copied into an
    empty one first (KICS, too, judges each sample file on its own)."""
    if not path.endswith(".tf"):
        return rampart_json(["scan", "--format", "json", "--no-progress", path])
    with tempfile.TemporaryDirectory() as tmp:
        shutil.copy(path, tmp)
        return rampart_json(["scan", "--format", "json", "--no-progress", tmp])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--platform", default="kubernetes")
    parser.add_argument("-v", "--verbose", action="store_true", help="list every disagreement")
    parser.add_argument("--check", action="store_true",
                        help="exit 1 if a disagreement is not on record, or a record is stale")
    opts = parser.parse_args()
    ledger_lines, ledger_passes = explained(opts.platform)
    used = set()
    ledger = collections.Counter()
    unexplained = []

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
        found = near = expected = clean = passes = within = fail_samples = detected = same = 0
        misses = []
        for case in cases:
            path = os.path.join(KICS, case["file"])
            report = scan_alone(path)
            hits = [f["location"] for f in report["findings"] if f["rule_id"] in mapped]
            lines = {loc["start"]["line"] for loc in hits}
            spans = [(loc["start"]["line"], loc["end"]["line"]) for loc in hits]
            if case["expect"] == "fail":
                want = set(case["expected_lines"])
                values = key_values(path)
                starts = {(loc["start"]["line"], loc["start"]["column"], loc["end"]["line"]) for loc in hits}
                in_node = {line for line in want
                           if any(a <= line <= b for a, b in spans) or starts & set(values.get(line, ()))}
                # Inside: a mapped finding starts within the value of the key on line L (KICS
                # on `command:`, Rampart on the flag's list item under it): the same defect,
                # placed more precisely. Counted apart from "same node", never instead of it.
                inside = {line for line in want
                          if line in in_node or any(
                              (a, c) <= (sl, sc) and sl <= b
                              for a, c, b in values.get(line, ())
                              for sl, sc, _ in starts)}
                for line in sorted(want):
                    if same_object(path, line, lines):
                        same += 1
                        if line not in in_node:
                            ledger["placement"] += 1
                        continue
                    why = ledger_lines.get((case["file"], line))
                    if why:
                        used.add((case["file"], line))
                        ledger[why] += 1
                    else:
                        unexplained.append(f"{case['file']} line {line}")
                expected += len(want)
                found += len(want & lines)
                near += len(in_node)
                within += len(inside)
                fail_samples += 1
                detected += bool(hits)
                if want - lines:
                    placed = sorted((want - lines) & in_node)
                    apart = sorted(want - in_node)
                    misses.append(f"  missed {case['file']} lines {sorted(want - lines)} (reported {sorted(lines)}; "
                                  f"same node: {placed}; not found: {apart})")
            else:
                passes += 1
                if not lines:
                    clean += 1
                else:
                    misses.append(f"  flagged pass sample {case['file']} lines {sorted(lines)}")
                    why = ledger_passes.get(case["file"])
                    if why:
                        used.add(case["file"])
                        ledger["pass " + why] += 1
                    else:
                        unexplained.append(f"{case['file']} (pass sample flagged)")
        totals.update(found=found, near=near, expected=expected, clean=clean, passes=passes,
                      within=within, fail_samples=fail_samples, detected=detected, same=same)
        rows.append((cases[0]["peer_rule_name"], ",".join(sorted(mapped)), found, near, expected, clean, passes, misses))

    width = max(len(r[0]) for r in rows) if rows else 10
    print(f"{'KICS query':<{width}}  {'exact':>9}  {'same node':>9}  {'pass clean':>10}  rampart rules")
    for name, mapped, found, near, expected, clean, passes, misses in rows:
        print(f"{name:<{width}}  {found:>4}/{expected:<4}  {near:>4}/{expected:<4}  {clean:>4}/{passes:<5}  {mapped}")
        if opts.verbose:
            for m in misses:
                print(m)
    t = totals
    found_pct = 100.0 * t["found"] / t["expected"] if t["expected"] else 0.0
    near_pct = 100.0 * t["near"] / t["expected"] if t["expected"] else 0.0
    flagged_pct = 100.0 * (t["passes"] - t["clean"]) / t["passes"] if t["passes"] else 0.0
    print(f"\nmapped queries: {len(rows)}; fail lines found: exact {t['found']}/{t['expected']} ({found_pct:.1f}%), "
          f"same node {t['near']}/{t['expected']} ({near_pct:.1f}%); pass samples flagged: {t['passes'] - t['clean']}/{t['passes']} ({flagged_pct:.1f}%)")
    within_pct = 100.0 * t["within"] / t["expected"] if t["expected"] else 0.0
    detected_pct = 100.0 * t["detected"] / t["fail_samples"] if t["fail_samples"] else 0.0
    print(f"also: fail lines with a mapped finding inside KICS's node {t['within']}/{t['expected']} ({within_pct:.1f}%); "
          f"fail samples with any mapped finding {t['detected']}/{t['fail_samples']} ({detected_pct:.1f}%)")
    same_pct = 100.0 * t["same"] / t["expected"] if t["expected"] else 0.0
    print(f"also: fail lines whose top-level object (resource block, YAML document) holds a mapped "
          f"finding {t['same']}/{t['expected']} ({same_pct:.1f}%)")
    stale = sorted(f"{f} line {l}" for (f, l) in ledger_lines if (f, l) not in used)
    stale += sorted(f"{f} (pass sample)" for f in ledger_passes if f not in used)
    wrong = ledger["kics-wrong"] + ledger["scope"]
    right = t["expected"] - wrong
    agree = t["near"] + ledger["placement"] + ledger["elsewhere"]
    agree_pct = 100.0 * agree / right if right else 0.0
    flagged = t["passes"] - t["clean"]
    print(f"disagreements on record (scripts/kics-explained/{opts.platform}.json): fail lines: "
          f"{ledger['placement']} placed elsewhere in the same object, {ledger['elsewhere']} reported on "
          f"another object, {ledger['kics-wrong']} KICS wrong or another policy, {ledger['scope']} out of "
          f"scope; pass samples flagged: {ledger['pass broader-rule']} true findings of a broader rule, "
          f"{ledger['pass kics-wrong']} KICS wrong; unexplained: {len(unexplained)}; stale records: {len(stale)}")
    print(f"where KICS is right: {agree}/{right} fail lines flagged for the same defect "
          f"({agree_pct:.1f}%), {t['near']}/{right} at KICS's node; "
          f"pass samples flagged for what KICS tests: {flagged - ledger['pass broader-rule'] - ledger['pass kics-wrong']}"
          f"/{t['passes']}")
    for item in unexplained if opts.verbose else []:
        print(f"  unexplained: {item}")
    for item in stale if opts.verbose else []:
        print(f"  stale record: {item}")
    if opts.check and (unexplained or stale):
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
