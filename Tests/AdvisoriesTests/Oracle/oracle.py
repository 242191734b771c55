#!/usr/bin/env python3
"""An independent reading and matching, for bulkhead's tests (not part of bulkhead).

  oracle.py image OUT.tar          a docker save archive of this machine's package databases
  oracle.py match VULNDB [ROOT]    the vulnerabilities of this machine's packages (or of a root filesystem's), by
                                   the OSV and Debian rules

Packages come from dpkg-query and importlib.metadata (not from the files bulkhead reads), versions are
compared by `dpkg --compare-versions` and pip's vendored `packaging`, and the advisory files are parsed here.
Output of `match`: one JSON list per line: [ecosystem, name, version, [ids of the vulnerability]].
"""
import glob, hashlib, io, json, os, re, subprocess, sys, tarfile

PYDIRS = ["/usr/lib/python3/dist-packages"]
ROOT = "/"

def set_root(root):
    """Read a root filesystem instead of this machine: its dpkg database, Python directories and os-release."""
    global ROOT, PYDIRS
    ROOT = root
    PYDIRS = [d for d in [root + "/usr/lib/python3/dist-packages"] + glob.glob(root + "/usr/local/lib/python3*/dist-packages")
              + glob.glob(root + "/usr/local/lib/python3*/site-packages") if os.path.isdir(d)]

def image(out):
    members = ["etc/os-release", "usr/lib/os-release", "var/lib/dpkg/status"]
    for d in PYDIRS:
        members += [m.lstrip("/") for m in glob.glob(d + "/*.dist-info/METADATA")]
        members += [m.lstrip("/") for m in glob.glob(d + "/*.egg-info/PKG-INFO")]
        members += [m.lstrip("/") for m in glob.glob(d + "/*.egg-info") if os.path.isfile(m)]
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.PAX_FORMAT) as t:
        for m in members:
            if os.path.lexists("/" + m):
                t.add("/" + m, arcname=m, recursive=False)
    layer = buf.getvalue()
    h = hashlib.sha256(layer).hexdigest()
    cfg = json.dumps({"architecture": "amd64", "os": "linux", "created": "2026-11-01T00:00:00Z", "config": {"User": "1000"},
                      "rootfs": {"type": "layers", "diff_ids": ["sha256:" + h]}, "history": [{"created_by": "ADD host packages"}]}).encode()
    ch = hashlib.sha256(cfg).hexdigest()
    with tarfile.open(out, mode="w") as t:
        for name, data in [("blobs/sha256/" + h, layer), ("blobs/sha256/" + ch, cfg),
                           ("manifest.json", json.dumps([{"Config": "blobs/sha256/" + ch, "RepoTags": ["host:packages"], "Layers": ["blobs/sha256/" + h]}]).encode())]:
            ti = tarfile.TarInfo(name); ti.size = len(data); t.addfile(ti, io.BytesIO(data))

def packages():
    out = []
    q = subprocess.run(["dpkg-query", "--admindir", os.path.join(ROOT, "var/lib/dpkg"), "-W", "-f", "${db:Status-Abbrev}\t${Package}\t${Version}\t${source:Package}\t${source:Version}\n"],
                       capture_output=True, text=True, check=True).stdout
    for line in q.splitlines():
        st, name, ver, src, srcver = line.split("\t")
        if st.startswith("ii"):
            out.append(("Debian", name, ver, src, srcver))
    import importlib.metadata as md
    for d in md.distributions(path=PYDIRS):
        out.append(("PyPI", d.metadata["Name"], d.version, d.metadata["Name"], d.version))
    return out

def release():
    for line in open(os.path.join(ROOT, "etc/os-release")):
        if line.startswith("VERSION_ID="):
            return line.split("=", 1)[1].strip().strip('"')

CODENAMES = {"jessie": "8", "stretch": "9", "buster": "10", "bullseye": "11", "bookworm": "12", "trixie": "13", "forky": "14", "sid": "sid"}

def debian_feeds(root):
    """(id, aliases, source package, release or '', state, fixed) rows."""
    rows = []
    for path in glob.glob(root + "/debian/**/*.txt", recursive=True):
        cur, aliases = None, []
        entries = []
        def flush():
            for e in entries:
                rows.append((cur, list(aliases)) + e)
        for line in open(path, encoding="utf-8"):
            line = line.rstrip("\n")
            if not line:
                continue
            if not line[0].isspace():
                if cur: flush()
                entries, aliases = [], []
                m = re.match(r"^(CVE-\S+|TEMP-\S+)", line) or re.match(r"^\[[^\]]*\]\s+(D[SL]A-\S+|DTSA-\S+)", line)
                cur = m.group(1) if m else None
                continue
            if cur is None:
                continue
            s = line.strip()
            if s.startswith("{"):
                aliases += s.strip("{}").split()
                continue
            m = re.match(r"^(?:\[(\w+)\]\s+)?- (\S+)(?:\s+(\S+))?", s)
            if not m:
                continue
            rel = CODENAMES.get(m.group(1), m.group(1)) if m.group(1) else ""
            value = m.group(3) or "<unfixed>"
            if value.startswith("("):
                value = "<unfixed>"
            if value in ("<unfixed>",):
                entries.append((m.group(2), rel, "affected", None))
            elif value in ("<no-dsa>", "<postponed>", "<ignored>", "<end-of-life>"):
                entries.append((m.group(2), rel, "affected", None))
            elif value == "<not-affected>":
                entries.append((m.group(2), rel, "not", None))
            elif value.startswith("<"):
                continue
            else:
                entries.append((m.group(2), rel, "fixed", value))
        if cur: flush()
    for path in glob.glob(root + "/debian/*.json"):
        d = json.load(open(path))
        if "format" in d:
            continue
        for pkg, cves in d.items():
            for cve, e in cves.items():
                for code, r in (e.get("releases") or {}).items() if isinstance(e.get("releases"), dict) else []:
                    rel = CODENAMES.get(code, code)
                    if r.get("status") == "resolved":
                        fv = r.get("fixed_version")
                        rows.append((cve, [], pkg, rel, "not" if fv == "0" else "fixed", None if fv == "0" else fv))
                    elif r.get("status") in ("open", "undetermined"):
                        rows.append((cve, [], pkg, rel, "affected", None))
    return rows

def dpkg_lt(a, b):
    return subprocess.run(["dpkg", "--compare-versions", a, "lt", b]).returncode == 0

def pep440(v):
    from pip._vendor.packaging.version import Version
    return Version(v)

def osv_affected(rec, eco, name, version):
    from pip._vendor.packaging.version import InvalidVersion
    hit = False
    for a in rec.get("affected", []):
        p = a.get("package", {})
        if p.get("ecosystem") != eco or norm(p.get("name", "")) != norm(name):
            continue
        if version in a.get("versions", []):
            hit = True
        for r in a.get("ranges", []):
            if r.get("type") != "ECOSYSTEM":
                continue
            try:
                v = pep440(version)
                evs = []
                for e in r.get("events", []):
                    (k, x), = e.items()
                    evs.append((k, x, pep440("0") if x == "0" else pep440(x)))
            except InvalidVersion:
                continue
            evs.sort(key=lambda e: e[2])
            state = False
            for k, x, xv in evs:
                if k == "introduced" and (x == "0" or v >= xv): state = True
                elif k == "fixed" and v >= xv: state = False
                elif k == "last_affected" and v > xv: state = False
            hit = hit or state
    return hit

def norm(n):
    return re.sub(r"[-_.]+", "-", n).lower()

def match(root):
    rel = release()
    pkgs = packages()
    deb = debian_feeds(root)
    osv = []
    for path in glob.glob(root + "/pypi-osv/**/*.json", recursive=True):
        r = json.load(open(path))
        if not r.get("withdrawn"):
            osv.append(r)
    out = set()
    for eco, name, ver, src, srcver in pkgs:
        verdicts = []  # (ids, specific, affected)
        if eco == "Debian":
            by = {}
            for (aid, aliases, pkg, r, state, fixed) in deb:
                if pkg == src and r in (rel, ""):
                    by.setdefault(aid, {"aliases": set(aliases), "rows": []})["rows"].append((r, state, fixed))
                    by[aid]["aliases"] |= set(aliases)
            for aid, e in by.items():
                exact = [x for x in e["rows"] if x[0] == rel]
                use = exact or [x for x in e["rows"] if x[0] == ""]
                aff = False
                for (_, state, fixed) in use:
                    if state == "affected": aff = True
                    elif state == "fixed" and dpkg_lt(srcver, fixed): aff = True
                verdicts.append(({aid} | e["aliases"], bool(exact), aff))
        else:
            for r in osv:
                if any(a.get("package", {}).get("ecosystem") == "PyPI" and norm(a["package"]["name"]) == norm(name) for a in r.get("affected", [])):
                    verdicts.append(({r["id"]} | set(r.get("aliases", [])), True, osv_affected(r, "PyPI", name, ver)))
        # group by shared ids
        groups = []
        for v in verdicts:
            merged = [g for g in groups if g[0] & v[0]]
            ids, items = set(v[0]), [v]
            for g in merged:
                ids |= g[0]; items += g[1]; groups.remove(g)
            groups.append((ids, items))
        for ids, items in groups:
            specific = any(i[1] for i in items)
            if any(i[2] for i in items if i[1] == specific):
                out.add((eco, name, ver, tuple(sorted(ids))))
    for o in sorted(out):
        print(json.dumps([o[0], o[1], o[2], list(o[3])]))

if __name__ == "__main__":
    if sys.argv[1] == "image": image(sys.argv[2])
    else:
        if len(sys.argv) > 3: set_root(sys.argv[3])
        match(sys.argv[2])
