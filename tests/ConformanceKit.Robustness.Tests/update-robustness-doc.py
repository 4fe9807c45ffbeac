#!/usr/bin/env python3
"""Folds the figures the robustness tests wrote (.build/robustness-figures.json) into the table of
docs/robustness.md, between the markers <!-- figures:begin --> and <!-- figures:end -->. The numbers come
from the last test run only; nothing in the table is typed by hand.

Usage: tests/ConformanceKit.Robustness.Tests/update-robustness-doc.py [FIGURES_JSON] [DOC_MD]
Run the tests first:  dotnet test tests/ConformanceKit.Robustness.Tests
"""
import json
import pathlib
import sys

root = pathlib.Path(__file__).resolve().parents[2]
figures_path = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else root / ".build" / "robustness-figures.json"
doc_path = pathlib.Path(sys.argv[2]) if len(sys.argv) > 2 else root / "docs" / "robustness.md"
BEGIN, END = "<!-- figures:begin -->", "<!-- figures:end -->"

f = json.loads(figures_path.read_text(encoding="utf-8"))
rows = []


def row(what, figure, key):
    rows.append(f"| {what} | {figure} | {f[key].get('measuredAt', '')} |")


for target in ("pdu", "association", "archive", "part10", "yaml"):
    k = f"fuzz-{target}"
    if k in f:
        x = f[k]
        row(f"Fuzz `{target}`: {x['description']}",
            f"{x['inputs']:,} inputs in {x['seconds']} s from {x['seeds']} seeds (corpus grew to {x['corpusSize']}); "
            f"**{x['crashes']} crashes, {x['hangs']} hangs**; slowest input {x['slowestInputMs']} ms; "
            f"at most {x['maxAllocatedForOneInputMiB']} MiB allocated for one input; peak working set {x['peakWorkingSetMiB']} MiB", k)

defects = sorted(k for k in f if k.startswith("defect-"))
if defects:
    rows.append(f"| Crashes found by fuzzing and fixed | **{len(defects)}**, each kept as a regression test: "
                + "; ".join(f[k]["defect"] for k in defects) + f" | {f[defects[0]].get('measuredAt', '')} |")

for key in ("load-ingest", "load-archive"):
    if key in f:
        x = f[key]
        row(f"Concurrent associations held ({x['target']})", f"**{x['concurrentAssociationsHeld']}** at once", key)
        row(f"Objects stored and verified ({x['target']})",
            f"**{x['verified']:,} of {x['objects']:,}** byte-identical (SHA-256 of the dataset), {x['answeredSuccess']:,} answered success, "
            + (f"{x['indexed']:,} in the index, " if x.get("indexed") is not None else "")
            + f"**{x['lost']} lost**; {x['associations']} associations x {x['imagesPerAssociation']} CT images of {x['imageSize']} in {x['seconds']} s "
            f"({x['imagesPerSecond']:,} images/s, {x['megabytesPerSecond']} MB/s); peak working set {x['peakWorkingSetMiB']} MiB "
            f"(growth {x['workingSetGrowthMiB']} MiB)", key)

faults = []
if "fault-abort-mid-object" in f:
    x = f["fault-abort-mid-object"]
    faults.append(("fault-abort-mid-object", f"Fault: {x['fault']}",
                   f"survived: half-written object discarded ({x['temporaryFilesLeft']} temporary files left), "
                   f"{x['goodStored']}/40 of a concurrent peer stored, {x['leftOpen']} associations left open"))
if "fault-stall" in f:
    x = f["fault-stall"]
    faults.append(("fault-stall", f"Fault: {x['fault']}",
                   f"survived: A-ABORT after {x['abortAfterSeconds']} s (idle timeout {x['idleTimeoutSeconds']} s), ARTIM closed the other, "
                   f"{x['goodStored']}/40 of a concurrent peer stored, {x['leftOpen']} associations left open"))
if "fault-flood" in f:
    x = f["fault-flood"]
    faults.append(("fault-flood", f"Fault: {x['fault']}",
                   f"survived: {x['rejectedTransient']} rejected transiently, {x['accepted']} accepted, every flood connection closed by the timers: "
                   f"{x['allFloodConnectionsClosed']}; a good peer stored {x['goodStored']}/40 after {x['goodServedAfterSeconds']} s; "
                   f"{x['leftOpen']} associations left open"))
for key in ("fault-sigkill", "fault-sigkill-archive"):
    if key in f:
        x = f[key]
        faults.append((key, f"Fault: SIGKILL of {x['target']} mid-ingest, then restart",
                       f"survived: {x['acknowledgedBeforeKill']} acknowledged before the kill, {x['acknowledgedMissing']} of them missing, "
                       f"{x['partialVisibleAfterKill']} partial objects visible, {x['temporaryFilesAfterKill']} cut transfers cleaned at restart "
                       f"({x['temporaryFilesAfterRestart']} left); all {x['storedInTheEnd']}/{x['objects']} stored after resending, **{x['lost']} lost**"
                       + (f"; SQLite index agrees with the files after the restart: {x['indexAgrees']}" if x.get("indexAgrees") is not None else "")))
for key, what, figure in faults:
    row(what, figure, key)
if faults:
    lost = sum(f[k].get("lost", 0) for k in ("load-ingest", "load-archive", "fault-sigkill", "fault-sigkill-archive") if k in f)
    rows.append(f"| Faults survived, nothing lost | **{len(faults)} of {len(faults)}** faults survived; objects lost in all runs: **{lost}** | |")

table = "\n".join(["| What | Figure | Measured |", "| --- | --- | --- |", *rows])
doc = doc_path.read_text(encoding="utf-8")
start, end = doc.index(BEGIN) + len(BEGIN), doc.index(END)
doc_path.write_text(doc[:start] + "\n" + table + "\n" + doc[end:], encoding="utf-8")
print(f"{doc_path}: {len(rows)} rows from {figures_path}")
