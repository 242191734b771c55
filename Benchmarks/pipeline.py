#!/usr/bin/env python3
"""Benchmark: this tree's bulkhead against an earlier build of bulkhead (a refactor must not slow it down).

Builds this tree the way the README does (swift build -c release: the Swift runtime is linked statically
by Package.swift) and, with --baseline-ref REV, the same command in a git worktree of REV (with
--static-swift-stdlib, which older trees needed). Then, in the same run on the same files:
  * start-up            (bulkhead rules > /dev/null, 50 times)
  * Dockerfiles, one process for all files / one process per file   (../shared/corpus/dockerfiles)
  * Compose files, one process for all files                         (../shared/corpus/compose)
with wall time (median) and peak RSS (wait4). Usage:

  python3 Benchmarks/pipeline.py --baseline-ref 5b6c766 [--runs 5] [--json out.json]
  python3 Benchmarks/pipeline.py --baseline-bin /path/to/old/bulkhead

Nothing here runs inside the test suite.
"""
import argparse, json, os, subprocess, sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORPUS = os.path.join(ROOT, "..", "shared", "corpus")


sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from dockerfile_corpus import run, bench_all as median_of, bench_each  # (seconds, peak RSS MiB)


def each(prefix, files):
    """One process per file, one pass: total seconds, peak RSS."""
    return bench_each(prefix, files, 1)


def build_ref(ref):
    tree = os.path.join("/tmp", f"bulkhead-baseline-{ref}")
    if not os.path.isdir(tree):
        subprocess.run(["git", "worktree", "add", "--detach", tree, ref], cwd=ROOT, check=True)
    subprocess.run(["swift", "build", "-c", "release", "--product", "bulkhead", "--static-swift-stdlib"], cwd=tree, check=True,
                   stdout=subprocess.DEVNULL)
    return os.path.join(tree, ".build", "release", "bulkhead")


def measure(binary, dockerfiles, composes, runs):
    r = {}
    r["startup_50"] = sum(run([binary, "rules"])[0] for _ in range(50))
    df = [binary, "dockerfile", "--format", "json", "--fail-on", "none"]
    run(df + dockerfiles)  # warm the page cache
    r["dockerfiles_all"] = median_of(df + dockerfiles, runs)
    r["dockerfiles_each"] = each(df, dockerfiles)
    cp = [binary, "compose", "--format", "json", "--fail-on", "none"]
    r["compose_all"] = median_of(cp + composes, runs)
    return r


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
    results = {name: measure(b, dockerfiles, composes, a.runs) for name, b in binaries.items()}
    print(f"\n{len(dockerfiles)} Dockerfiles, {len(composes)} Compose files; median of {a.runs} runs (per-file loops: one run)\n")
    print(f"{'':22}" + "".join(f"{n:>26}" for n in results))
    for key, label in [("startup_50", "start-up x50 (s)"), ("dockerfiles_all", "Dockerfiles, 1 process"),
                       ("dockerfiles_each", "Dockerfiles, per file"), ("compose_all", "Compose, 1 process")]:
        row = f"{label:22}"
        for n in results:
            v = results[n][key]
            row += f"{v:>26.3f}" if isinstance(v, float) else f"{v[0]:>14.3f} s {v[1]:>7.1f} MiB"
        print(row)
    if a.json:
        with open(a.json, "w") as fh:
            json.dump(results, fh, indent=2)


if __name__ == "__main__":
    main()
