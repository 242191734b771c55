#!/usr/bin/env python3
"""Benchmark: reading a large build context (issue 11). Lays out a repository-like context of N files (a
node_modules tree, sources, a .git directory, a few planted credentials) with a .dockerignore, and times
`bulkhead dockerfile --context DIR` (release build) once against `tar -c` of the same directory, which is
about what `docker build` itself does to send the context (no peer linter reads build contexts).
Usage: python3 Benchmarks/build_context.py [--files 100000]
"""
import argparse, os, subprocess, sys, tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from dockerfile_corpus import run  # (seconds, peak RSS MiB)


def lay(d, n):
    def w(p, t=""):
        p = os.path.join(d, p)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        with open(p, "w") as f: f.write(t)
    for i in range(n):
        top = "node_modules" if i % 3 else ("src" if i % 2 else ".git/objects")
        w(f"{top}/p{i // 100}/f{i}.js", "module.exports = 1\n")
    w(".env", "DB_PASSWORD=Xk2v9PqL7mWz4Rt8\n")
    w("certs/server.key", "-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n")
    w(".dockerignore", ".git\n*.md\n")
    w("Dockerfile", "FROM node:22-slim\nWORKDIR /app\nCOPY . .\nUSER node\n")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--files", type=int, default=100000)
    a = ap.parse_args()
    subprocess.run(["swift", "build", "-c", "release", "--product", "bulkhead"], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    binary = os.path.join(ROOT, ".build", "release", "bulkhead")
    with tempfile.TemporaryDirectory() as d:
        lay(d, a.files)
        subprocess.run(["sync"])
        t, m = run([binary, "dockerfile", "--format", "json", "--fail-on", "none", "--context", d, os.path.join(d, "Dockerfile")])
        # GNU tar skips reading files when the archive is /dev/null: pipe it
        tt, tm = run(["sh", "-c", f"tar -cf - --exclude=.git -C {d} . | cat >/dev/null"])
        print(f"{'files':>8}{'bulkhead s':>12}{'MiB':>8}{'tar s':>8}{'MiB':>8}")
        print(f"{a.files:>8}{t:>12.3f}{m:>8.1f}{tt:>8.3f}{tm:>8.1f}")


if __name__ == "__main__":
    main()
