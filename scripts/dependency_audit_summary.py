"""Summarises pip-audit's JSON: how many packages were checked, which advisories apply, which of those
the README's dependency triage already covers (by advisory id), and which could not be checked."""

import json
import re
import sys
from pathlib import Path


def main(report: Path, readme: Path) -> int:
    if not report.exists() or not report.read_text().strip():
        print("pip-audit produced no report; see results/pip-audit.log")
        return 2
    dependencies = json.loads(report.read_text())["dependencies"]
    triaged = set(re.findall(r"\b(?:PYSEC|GHSA|CVE)-[\w-]+", readme.read_text()))
    skipped = [d for d in dependencies if d.get("skip_reason")]
    findings = [(d["name"], d["version"], v) for d in dependencies for v in d.get("vulns", [])]
    new = [(n, ver, v) for n, ver, v in findings if not ({v["id"], *v.get("aliases", [])} & triaged)]
    print(
        f"pip-audit: {len(dependencies) - len(skipped)} of {len(dependencies)} pinned packages checked, "
        f"{len(findings)} advisories, {len(new)} not yet triaged in the README"
    )
    for name, version, vuln in findings:
        mark = "NEW " if (name, version, vuln) in new else "triaged"
        print(f"  {mark:8} {name} {version}: {vuln['id']} fixed in {', '.join(vuln.get('fix_versions') or ['-'])}")
    if skipped:
        print(f"INCOMPLETE: {len(skipped)} packages could not be checked, e.g. {skipped[0]['skip_reason']}")
        print("  (the vulnerability service was not reachable from this machine; run where it is)")
        return 2
    return 1 if new else 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]), Path(sys.argv[2])))
