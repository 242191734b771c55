#!/usr/bin/env python3
"""Compose corpus: bulkhead vs compose-lint, speed and findings by control, in the same run.

  python3 Benchmarks/compose_corpus.py [--runs 5] [--corpus DIR] [--json out.json] [--show-misses 20]

Speed: one process for all files each (bulkhead compose F1 F2 … vs compose-lint check F1 F2 …),
median wall time and peak RSS. Findings: both tools' JSON reduced to (file, service, control) and
compared; compose-lint rule ids are mapped to bulkhead's controls. compose-lint comes from PyPI
(pip install compose-lint; 0.36.2 when last measured).
"""
import argparse, collections, json, os, shutil, statistics, subprocess, sys, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CL_CONTROLS = {
    "CL-0001": ["runtime.docker-socket"], "CL-0002": ["runtime.privileged"], "CL-0003": ["runtime.no-new-privileges"],
    "CL-0004": ["image.pinning"], "CL-0005": ["network.exposure"], "CL-0006": ["runtime.capabilities"],
    "CL-0007": ["runtime.read-only"], "CL-0008": ["runtime.namespaces"], "CL-0009": ["runtime.seccomp", "runtime.mac"],
    "CL-0010": ["runtime.namespaces"], "CL-0011": ["runtime.capabilities"], "CL-0013": ["runtime.host-mounts", "runtime.docker-socket"],
    "CL-0014": ["logging.audit"], "CL-0016": ["runtime.devices"], "CL-0017": ["runtime.host-mounts"], "CL-0018": ["user.root"],
    "CL-0019": ["image.pinning"], "CL-0020": ["secrets.runtime"], "CL-0021": ["secrets.runtime"], "CL-0022": ["runtime.host-mounts"],
    "CL-0024": ["runtime.capabilities"], "CL-0025": ["runtime.host-mounts"], "CL-0026": ["runtime.resources"],
    "CL-0027": ["runtime.capabilities"], "CL-0028": ["runtime.capabilities"], "CL-0029": ["runtime.capabilities"],
    "CL-0030": ["runtime.capabilities"],
}


def timed(cmd, out=None):
    start = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=out or subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, _, ru = os.wait4(p.pid, 0)
    return time.perf_counter() - start, ru.ru_maxrss / 1024.0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--corpus", default=os.path.join(ROOT, "..", "shared", "corpus", "compose"))
    ap.add_argument("--compose-lint", default=shutil.which("compose-lint"))
    ap.add_argument("--json")
    ap.add_argument("--show-misses", type=int, default=15)
    ap.add_argument("--bulkhead-args", default="--require-digest",
                    help="extra bulkhead flags for the comparison (compose-lint reports digest pinning by default)")
    a = ap.parse_args()
    files = sorted(os.path.join(a.corpus, f) for f in os.listdir(a.corpus))
    print("building release (swift build -c release; Package.swift links the Swift runtime statically) …", flush=True)
    subprocess.run(["swift", "build", "-c", "release", "--product", "bulkhead"], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    bk = [os.path.join(ROOT, ".build", "release", "bulkhead"), "compose", "--format", "json", "--fail-on", "none"]
    res = {"files": len(files)}
    timed(bk + files)
    res["bulkhead"] = min((timed(bk + files) for _ in range(a.runs)), key=lambda x: x[0]) if False else \
        (statistics.median([timed(bk + files)[0] for _ in range(a.runs)]), timed(bk + files)[1])
    bk_json = json.loads(subprocess.run(bk + a.bulkhead_args.split() + files, capture_output=True, text=True).stdout)
    if not a.compose_lint:
        print("compose-lint not found (pip install compose-lint; 0.36.2 when last measured): comparison skipped")
        print(res); return
    cl = [a.compose_lint, "check", "--format", "json", "--fail-on", "critical", "--allow-partial-coverage"]
    timed(cl + files)
    res["compose_lint"] = (statistics.median([timed(cl + files)[0] for _ in range(a.runs)]), timed(cl + files)[1])
    cl_json = json.loads(subprocess.run(cl + files, capture_output=True, text=True).stdout)

    def base(p): return os.path.basename(p)
    bkset, clset = set(), set()
    cl_rules = collections.defaultdict(set)
    for f in bk_json["findings"]:
        if f["rule"].startswith("ES"): continue
        for c in f["controls"]:
            bkset.add((base(f["target"]["path"]), f["target"]["name"], c))
    for f in cl_json.get("findings", []):
        if f.get("suppressed"): continue
        ctrls = CL_CONTROLS.get(f["rule_id"])
        if not ctrls: continue
        key = None
        for c in ctrls:
            if (base(f["file"]), f.get("service"), c) in bkset: key = (base(f["file"]), f.get("service"), c); break
        key = key or (base(f["file"]), f.get("service"), ctrls[0])
        clset.add(key); cl_rules[key].add(f["rule_id"])
    by = collections.defaultdict(lambda: [0, 0, 0])
    for k in bkset | clset:
        s = by[k[2]]
        if k in bkset and k in clset: s[0] += 1
        elif k in clset: s[1] += 1
        else: s[2] += 1
    print(f"\n{len(files)} compose files; bulkhead {res['bulkhead'][0]:.3f} s, {res['bulkhead'][1]:.1f} MiB peak; "
          f"compose-lint {res['compose_lint'][0]:.3f} s, {res['compose_lint'][1]:.1f} MiB peak; "
          f"ratio {res['compose_lint'][0] / res['bulkhead'][0]:.1f}x")
    print(f"\n{'control':28}{'both':>7}{'CL only':>9}{'bulkhead only':>15}   (unit: file × service × control)")
    for c in sorted(by):
        print(f"{c:28}{by[c][0]:7}{by[c][1]:9}{by[c][2]:15}")
    misses = sorted(k for k in clset if k not in bkset)
    print(f"\ncompose-lint only ({len(misses)}):")
    for k in misses[:a.show_misses]:
        print("  ", k, sorted(cl_rules[k]))
    res["by_control"] = {c: v for c, v in by.items()}
    res["compose_lint_only"] = [list(k) + [sorted(cl_rules[k])] for k in misses]
    if a.json:
        json.dump(res, open(a.json, "w"), indent=2)


if __name__ == "__main__":
    main()
