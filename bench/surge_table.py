#!/usr/bin/env python3
"""Turn bench/surge.sh's JSON lines into the markdown table of
docs/benchmarks.md (between <!-- surge:begin --> and <!-- surge:end -->).

usage: surge_table.py RESULTS.jsonl DOC.md   (machine facts from SURGE_* env)
"""
import json
import os
import sys

BEGIN, END = "<!-- surge:begin -->", "<!-- surge:end -->"


def load(path):
    with open(path) as f:
        return [json.loads(line) for line in f if line.strip()]


def shape(r):
    return "sold out" if r["capacity"] < r["requests"] else "all booked"


def find(runs, database, engine, shp, processes=1):
    for r in runs:
        if (r["database"], r["engine"], shape(r), r.get("processes", 1)) == (
            database, engine, shp, processes):
            return r
    return None


def ratio(a, b):
    return f"{a / b:.2f}×" if a is not None and b else "n/a"


def fmt(x):
    return f"{x:,.0f}"


def table(runs):
    out = []
    env = os.environ.get
    out.append(
        f"Run {env('SURGE_DATE', '?')} at commit {env('SURGE_COMMIT', '?')} by "
        "`bench/surge.sh`: "
        f"{env('SURGE_NPROC', '?')} cores ({env('SURGE_CPU', '?')}), "
        f"{env('SURGE_MEM', '?')} memory, PostgreSQL {env('SURGE_PG', '?')} on the "
        "same machine, load generator and servers on the same machine over "
        f"loopback; {env('SURGE_CONCURRENCY', '?')} concurrent clients, pool of "
        f"{env('SURGE_MAX_CONNECTIONS', '?')} connections per server process. "
        f"Load average (1, 5, 15 min): {env('SURGE_LOAD', '?')}. One run each.")
    out.append("")
    out.append("| database | run | processes | requests / places | accepted | rejected | errors "
               "| accepted/s | rejected/s | accepted p50 / p99 ms | rejected p50 / p99 ms "
               "| overbooked | requests per group |")
    out.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for r in runs:
        groups = r.get("groups") or 0
        per_group = f"{r['group_requests'] / groups:.1f}" if groups else "–"
        if r["engine"] == "reference-health":
            per_group, places = "–", "–"
        else:
            places = fmt(r["capacity"])
        out.append(
            f"| {r['database']} | {r['engine']} | {r.get('processes', 1)} "
            f"| {fmt(r['requests'])} / {places} | {fmt(r['accepted'])} | {fmt(r['rejected'])} "
            f"| {r['errors']} | {fmt(r['accepted_per_s'])} | {fmt(r['rejected_per_s'])} "
            f"| {r['accepted_p50_ms']} / {r['accepted_p99_ms']} "
            f"| {r['rejected_p50_ms']} / {r['rejected_p99_ms']} | {r['overbooked']} | {per_group} |")
    out.append("")
    out.append("Ratios (`accepted/s` of grouped over direct; `rejected/s` of a sold-out "
               "run over the `/health` rate of the same database):")
    out.append("")
    out.append("| database | grouped / direct, all booked | grouped / direct, sold out "
               "| grouped refusals / health | direct refusals / health |")
    out.append("|---|---|---|---|---|")
    for db in ("sqlite", "postgres"):
        def acc(engine, shp):
            r = find(runs, db, engine, shp)
            return r["accepted_per_s"] if r else None
        h = find(runs, db, "reference-health", "sold out")
        health = h["accepted_per_s"] if h else None
        def rej(engine):
            r = find(runs, db, engine, "sold out")
            return r["rejected_per_s"] if r else None
        out.append(
            f"| {db} | {ratio(acc('grouped', 'all booked'), acc('direct', 'all booked'))} "
            f"| {ratio(acc('grouped', 'sold out'), acc('direct', 'sold out'))} "
            f"| {ratio(rej('grouped'), health)} | {ratio(rej('direct'), health)} |")
    out.append("")
    out.append("Targets of issue 15:")
    out.append("")
    out.append("| target | measured | met |")
    out.append("|---|---|---|")
    for db, want in (("postgres", 5.0), ("sqlite", 3.0)):
        g = find(runs, db, "grouped", "all booked")
        d = find(runs, db, "direct", "all booked")
        if g and d and d["accepted_per_s"]:
            x = g["accepted_per_s"] / d["accepted_per_s"]
            out.append(f"| grouped ≥ {want:.0f}× direct accepted/s on {db} (all booked) "
                       f"| {x:.2f}× | {'yes' if x >= want else 'no'} |")
    best = max((r["accepted_per_s"] for r in runs
                if r["database"] == "postgres" and r["engine"] == "grouped"
                and shape(r) == "all booked"), default=None)
    if best is not None:
        out.append(f"| ≥ 10,000 accepted/s on PostgreSQL, places ≥ requests "
                   f"| {fmt(best)}/s (best grouped run) | {'yes' if best >= 10000 else 'no'} |")
    for db in ("sqlite", "postgres"):
        g = find(runs, db, "grouped", "sold out")
        h = find(runs, db, "reference-health", "sold out")
        if g and h and h["accepted_per_s"]:
            x = g["rejected_per_s"] / h["accepted_per_s"]
            out.append(f"| refusals ≥ 70% of the /health rate on {db} (grouped, sold out) "
                       f"| {x:.0%} | {'yes' if x >= 0.7 else 'no'} |")
    for r in runs:
        if r["engine"] == "grouped":
            ok = r["accepted_p99_ms"] < 50
            out.append(f"| accepted p99 < 50 ms at {r['concurrency']} clients: {r['database']}, "
                       f"{shape(r)}, {r.get('processes', 1)} process(es) "
                       f"| {r['accepted_p99_ms']} ms | {'yes' if ok else 'no'} |")
    over = sum(r["overbooked"] for r in runs)
    missing = sum(r.get("missing", 0) for r in runs)
    out.append(f"| zero overbooking, nothing acknowledged lost (all runs) "
               f"| {over} overbooked, {missing} missing | {'yes' if over == 0 and missing == 0 else 'no'} |")
    return "\n".join(out)


def main():
    results, doc = sys.argv[1], sys.argv[2]
    runs = load(results)
    with open(doc) as f:
        text = f.read()
    block = f"{BEGIN}\n{table(runs)}\n{END}"
    if BEGIN in text and END in text:
        head, rest = text.split(BEGIN, 1)
        _, tail = rest.split(END, 1)
        text = head + block + tail
    else:
        text = text.rstrip("\n") + "\n\n" + block + "\n"
    with open(doc, "w") as f:
        f.write(text)


if __name__ == "__main__":
    main()
