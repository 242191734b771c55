#!/usr/bin/env python3
"""Benchmark: this tree's bulkhead against an earlier build of bulkhead (a refactor must not slow it down).

Builds this tree the way the README does (swift build -c release: the Swift runtime is linked statically
by Package.swift) and, with --baseline-ref REV, the same command in a git worktree of REV (with
--static-swift-stdlib, which older trees needed). Then, in the same run on the same files:
  * start-up            (bulkhead rules > /dev/null, median of 50)
  * Dockerfiles, one process for all files / one process per file   (../shared/corpus/dockerfiles)
  * Compose files, one process for all files                         (../shared/corpus/compose)
with wall time and peak RSS (wait4); runs alternate between the two builds, so a noisy machine slows both alike. Usage:

  python3 Benchmarks/pipeline.py --baseline-ref 5b6c766 [--runs 5] [--json out.json]
  python3 Benchmarks/pipeline.py --baseline-bin /path/to/old/bulkhead

Nothing here runs inside the test suite.
"""
import argparse, json, os, subprocess, sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORPUS = os.path.join(ROOT, "..", "shared", "corpus")


sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from dockerfile_corpus import run, bench_all as median_of, bench_each  # (seconds, peak RSS MiB)


def interleaved(commands, runs):
    """Runs each command `runs` times, alternating between them (so drift on a noisy machine hits all
    alike); returns name → (median seconds, peak RSS MiB)."""
    times = {n: [] for n in commands}
    peaks = {n: 0.0 for n in commands}
    for _ in range(runs):
        for n, cmd in commands.items():
            t, m = run(cmd)
            times[n].append(t); peaks[n] = max(peaks[n], m)
    return {n: (sorted(times[n])[len(times[n]) // 2], peaks[n]) for n in commands}


def per_file(prefixes, files):
    """One process per file, alternating binaries file by file: name → (total seconds, peak RSS MiB)."""
    totals = {n: 0.0 for n in prefixes}
    peaks = {n: 0.0 for n in prefixes}
    for i, f in enumerate(files):
        order = list(prefixes.items()) if i % 2 == 0 else list(reversed(prefixes.items()))
        for n, prefix in order:
            t, m = run(prefix + [f])
            totals[n] += t; peaks[n] = max(peaks[n], m)
    return {n: (totals[n], peaks[n]) for n in prefixes}


def build_ref(ref):
    tree = os.path.join("/tmp", f"bulkhead-baseline-{ref}")
    if not os.path.isdir(tree):
        subprocess.run(["git", "worktree", "add", "--detach", tree, ref], cwd=ROOT, check=True)
    subprocess.run(["swift", "build", "-c", "release", "--product", "bulkhead", "--static-swift-stdlib"], cwd=tree, check=True,
                   stdout=subprocess.DEVNULL)
    return os.path.join(tree, ".build", "release", "bulkhead")


def measure(binaries, dockerfiles, composes, runs):
    df = {n: [b, "dockerfile", "--format", "json", "--fail-on", "none"] for n, b in binaries.items()}
    cp = {n: [b, "compose", "--format", "json", "--fail-on", "none"] for n, b in binaries.items()}
    for cmd in df.values():
        run(cmd + dockerfiles)  # warm the page cache
    rows = {
        "start-up (bulkhead rules)": interleaved({n: [b, "rules"] for n, b in binaries.items()}, 50),
        "Dockerfiles, 1 process": interleaved({n: c + dockerfiles for n, c in df.items()}, runs),
        "Dockerfiles, per file": per_file(df, dockerfiles),
        "Compose, 1 process": interleaved({n: c + composes for n, c in cp.items()}, runs),
    }
    return rows


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--baseline-ref")
    ap.add_argument("--baseline-bin")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--json")
    a = ap.parse_args()
    if not os.path.isdir(CORPUS):
        sys.exit(f"corpus not found: {CORPUS}")
    dockerfiles = sorted(os.path.join(CORPUS, "dockerfiles", f) for f in os.listdir(os.path.join(CORPUS, "dockerfiles")))
    composes = sorted(os.path.join(CORPUS, "compose", f) for f in os.listdir(os.path.join(CORPUS, "compose")))
    print("building this tree (swift build -c release) …", flush=True)
    subprocess.run(["swift", "build", "-c", "release", "--product", "bulkhead"], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    binaries = {"this tree": os.path.join(ROOT, ".build", "release", "bulkhead")}
    if a.baseline_bin:
        binaries["baseline"] = a.baseline_bin
    elif a.baseline_ref:
        print(f"building {a.baseline_ref} …", flush=True)
        binaries["baseline"] = build_ref(a.baseline_ref)
    rows = measure(binaries, dockerfiles, composes, a.runs)
    print(f"\n{len(dockerfiles)} Dockerfiles, {len(composes)} Compose files; runs alternate between the builds; "
          f"medians of {a.runs} (start-up: of 50; per file: one pass, total)\n")
    print(f"{'':28}" + "".join(f"{n:>28}" for n in binaries))
    for label, by_name in rows.items():
        print(f"{label:28}" + "".join(f"{by_name[n][0]:>16.4f} s {by_name[n][1]:>6.1f} MiB" for n in binaries))
    if a.json:
        with open(a.json, "w") as fh:
            json.dump(rows, fh, indent=2)


if __name__ == "__main__":
    main()
