#!/usr/bin/env python3
"""Benchmark: `bulkhead host` on a real engine with N containers (issue 10: 50 containers in under 1 s, peak under 100 MB).

Starts a throwaway dockerd (root; vfs, no networking, under /tmp), imports a one-file image, creates N containers
(a mix of hardened, privileged, root, host-namespace and mounted ones; created, never started), then audits the host
once with the release build, and once more saving a snapshot. Where docker-bench-security is at hand (its
docker-bench-security.sh on PATH, or DOCKER_BENCH=path/to/docker-bench-security.sh) it runs against the same engine,
side by side. Everything it made is removed at the end.
Usage: sudo python3 Benchmarks/host_audit.py [--containers 50]
"""
import argparse, os, shutil, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from dockerfile_corpus import run  # (seconds, peak RSS MiB)

VARIANTS = [
    ["--user", "1000:1000", "--read-only", "--cap-drop", "ALL", "--security-opt", "no-new-privileges", "--memory", "64m", "--pids-limit", "50", "--network", "none"],
    ["--privileged", "-v", "/var/run:/var/run"],
    ["--user", "0:0", "-v", "/etc:/host-etc:ro", "--network", "none"],
    ["--pid", "host", "--restart", "always", "--cap-add", "SYS_ADMIN"],
    ["--security-opt", "seccomp=unconfined", "--network", "none", "-e", "DB_PASSWORD=hunter2hunter2"],
]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--containers", type=int, default=50)
    a = ap.parse_args()
    if os.geteuid() != 0:
        sys.exit("needs root (it starts a dockerd)")
    subprocess.run(["swift", "build", "-c", "release", "--product", "bulkhead"], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    binary = os.path.join(ROOT, ".build", "release", "bulkhead")
    d = tempfile.mkdtemp(prefix="bulkhead-hostbench-")
    sock = os.path.join(d, "docker.sock")
    dockerd = subprocess.Popen(["dockerd", "--data-root", d + "/data", "--exec-root", d + "/exec", "--pidfile", d + "/pid",
                                "--iptables=false", "--ip6tables=false", "--bridge=none", "--storage-driver=vfs", "-H", "unix://" + sock],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    env = dict(os.environ, DOCKER_HOST="unix://" + sock)
    try:
        for _ in range(120):
            if subprocess.run(["docker", "version"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode == 0:
                break
            time.sleep(0.25)
        os.makedirs(d + "/rootfs")
        open(d + "/rootfs/hello", "w").write("hello\n")
        subprocess.run(f"tar -C {d}/rootfs -c . | docker import - bench:1", shell=True, env=env, check=True, stdout=subprocess.DEVNULL)
        for i in range(a.containers):
            subprocess.run(["docker", "create", "--name", f"c{i}"] + VARIANTS[i % len(VARIANTS)] + ["bench:1", "/hello"],
                           env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.environ["DOCKER_HOST"] = env["DOCKER_HOST"]
        t, m = run([binary, "host", "--fail-on", "none", "--format", "json"])
        t2, m2 = run([binary, "host", "--fail-on", "none", "--format", "json"])
        print(f"bulkhead host, {a.containers} containers: {min(t, t2):.3f} s (runs {t:.3f}, {t2:.3f}), peak {max(m, m2):.1f} MiB")
        bench = os.environ.get("DOCKER_BENCH") or shutil.which("docker-bench-security.sh")
        if bench:
            t3, m3 = run(["sh", bench, "-b"])
            print(f"docker-bench-security: {t3:.3f} s, peak {m3:.1f} MiB")
        else:
            print("docker-bench-security is not installed here (set DOCKER_BENCH=path/to/docker-bench-security.sh to compare)")
    finally:
        dockerd.terminate()
        dockerd.wait()
        subprocess.run(["umount", "-l", d + "/exec"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        shutil.rmtree(d, ignore_errors=True)


if __name__ == "__main__":
    main()
