#!/usr/bin/env python3
"""Benchmark: time and peak memory of one large Dockerfile, to show the cost grows linearly with size.

Generates Dockerfiles of repeated `RUN apt-get install …` lines of 1, 2, 4, 8 and 16 MiB (each as
close to its size as whole lines allow, never past it: 16 MiB is the input cap) and audits each once
with the README's release build. Goal (issue 7): 16 MiB in under 2 s and 200 MB.
Usage: python3 Benchmarks/large_dockerfile.py [--sizes 1,2,4,8,16] [--format json|text|…] [--all]
(--all: list every finding, --max-per-rule 0; by default each rule lists 1000 per file and counts the rest)
"""
import argparse, os, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from dockerfile_corpus import run  # (seconds, peak RSS MiB)


def generate(path, size):
    with open(path, "w") as f:
        f.write("FROM debian:12\n")
        n, i = 15, 0
        while True:
            line = f"RUN apt-get update && apt-get install -y curl{i} wget{i} && rm -rf /var/lib/apt/lists/*\n"
            if n + len(line) > size:
                break
            f.write(line); n += len(line); i += 1


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="1,2,4,8,16")
    ap.add_argument("--format", default="json", help="report format (text is the default for users)")
    ap.add_argument("--all", action="store_true", help="list every finding (--max-per-rule 0)")
    a = ap.parse_args()
    subprocess.run(["swift", "build", "-c", "release", "--product", "bulkhead"], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    binary = os.path.join(ROOT, ".build", "release", "bulkhead")
    print(f"{'MiB':>4}{'seconds':>10}{'s/MiB':>8}{'peak MiB':>10}")
    with tempfile.TemporaryDirectory() as d:
        for mb in [int(x) for x in a.sizes.split(",")]:
            path = os.path.join(d, f"Dockerfile.{mb}")
            generate(path, mb << 20)
            t, m = run([binary, "dockerfile", "--format", a.format, "--fail-on", "none"] + (["--max-per-rule", "0"] if a.all else []) + [path])
            print(f"{mb:>4}{t:>10.2f}{t / mb:>8.2f}{m:>10.1f}", flush=True)


if __name__ == "__main__":
    main()
