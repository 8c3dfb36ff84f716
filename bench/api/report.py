#!/usr/bin/env python3
"""Turns the raw measurements of bench/api/run.sh into the published figures.

    report.py RESULTS_DIR --json FILE --svg FILE --docs FILE

RESULTS_DIR holds what run.sh measured:
  meta.json          machine, tools, settings and the command line
  wrk.jsonl          one line per wrk run: target, endpoint, round, and bench.lua's figures
  memory.json        VmRSS after start-up and after the load, VmHWM, per target, in KiB
  time-to-green-N.json  hyperfine's export of round N (one run of each command)

Writes the raw numbers and their summary as JSON, a bar chart of the throughput ratios as SVG, and the Markdown
section between <!-- api:begin --> and <!-- api:end --> of the docs page (creating the page or the section when
missing). Exits non-zero when a run saw errors or non-2xx answers: such figures would not measure the endpoints.
"""

import argparse
import glob
import json
import os
import statistics
import sys
from xml.sax.saxutils import escape

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from benchlib import (goal, link_from, load_wrk, measured_lines, paired_ratios, summarize_target,  # noqa: E402
                      write_json, write_section)

THROUGHPUT_GOAL = 0.85  # generated / bare requests per second, on every endpoint
TIME_TO_GREEN_GOAL_S = 60.0

ENDPOINTS = [  # (key, label), in the order of the tables and the chart
    ("live", "GET /health/live"),
    ("product", "GET /api/products/1"),
    ("list", "GET /api/products?limit=20"),
    ("create", "POST /api/products"),
]
BEGIN, END = "<!-- api:begin -->", "<!-- api:end -->"


def summarize_endpoints(runs):
    """Medians over the rounds; the ratio is the median of the per-round ratios, each from two adjacent runs."""
    summary = {}
    for key, label in ENDPOINTS:
        per_target = {}
        mine = {}
        for target in ("generated", "bare"):
            mine[target] = [r for r in runs if r["endpoint"] == key and r["target"] == target]
            if not mine[target]:
                sys.exit(f"error: no wrk run of {target} {key}")
            per_target[target] = summarize_target(mine[target])
        paired = paired_ratios(mine["generated"], mine["bare"])
        ratio = round(statistics.median(paired), 3)
        cpu_ratio = round(per_target["generated"]["server_cpu_us_per_request"]
                          / per_target["bare"]["server_cpu_us_per_request"], 2)
        summary[key] = {"label": label, **per_target, "ratio": ratio, "server_cpu_ratio": cpu_ratio,
                        "round_ratios": [round(x, 3) for x in paired], "goal_met": ratio >= THROUGHPUT_GOAL}
    return summary


def summarize_time_to_green(results_dir):
    times = {"generated": [], "webapi": []}
    for path in sorted(glob.glob(os.path.join(results_dir, "time-to-green-*.json"))):
        for result in json.load(open(path, encoding="utf-8"))["results"]:
            kind = "webapi" if "webapi" in result["command"].split() else "generated"
            times[kind].extend(result["times"])
    if not times["generated"] or not times["webapi"]:
        sys.exit("error: no time-to-green measurement")
    generated, webapi = statistics.median(times["generated"]), statistics.median(times["webapi"])
    return {
        "generated_s": round(generated, 1),
        "webapi_xunit_s": round(webapi, 1),
        "ratio": round(generated / webapi, 2),
        "runs": {kind: [round(t, 2) for t in values] for kind, values in times.items()},
        "goal_met": generated < TIME_TO_GREEN_GOAL_S,
    }


def chart(endpoints):
    """Horizontal bars of generated/bare throughput, with the goal and parity marked."""
    left, bar_width, row, top = 210, 380, 34, 44
    height = top + row * len(endpoints) + 40
    scale = max(1.2, max(e["ratio"] for e in endpoints.values()) + 0.1)

    def x(value):
        return left + bar_width * value / scale

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{left + bar_width + 70}" height="{height}" '
        f'font-family="sans-serif" font-size="13">',
        '<rect width="100%" height="100%" fill="white"/>',
        f'<text x="{left}" y="22" font-size="15" font-weight="bold">Throughput, generated / bare</text>',
    ]
    for i, (key, label) in enumerate(ENDPOINTS):
        y = top + i * row
        ratio = endpoints[key]["ratio"]
        colour = "#2e7d32" if ratio >= THROUGHPUT_GOAL else "#c62828"
        parts += [
            f'<text x="{left - 8}" y="{y + 17}" text-anchor="end">{escape(label)}</text>',
            f'<rect x="{left}" y="{y + 4}" width="{x(ratio) - left:.1f}" height="{row - 10}" fill="{colour}"/>',
            f'<text x="{x(ratio) + 5:.1f}" y="{y + 17}">{ratio:.2f}</text>',
        ]
    bottom = top + row * len(endpoints)
    for value, caption, dash in ((THROUGHPUT_GOAL, f"goal {THROUGHPUT_GOAL}", "5,4"), (1.0, "bare = 1", "")):
        parts += [
            f'<line x1="{x(value):.1f}" y1="{top - 4}" x2="{x(value):.1f}" y2="{bottom}" stroke="#333" '
            f'stroke-dasharray="{dash}"/>',
            f'<text x="{x(value):.1f}" y="{bottom + 16}" text-anchor="middle" font-size="11">{caption}</text>',
        ]
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def markdown(meta, endpoints, memory, ttg, svg_link, json_link):
    mib = lambda kib: f"{kib / 1024:.0f} MiB"  # noqa: E731 - a one-line formatter
    lines = [
        BEGIN,
        "## API: the generated project against a bare minimal API",
        "",
        "Generated by `bench/api/run.sh`; do not edit by hand. Rerun from the repository root with:",
        "",
        "```sh",
        meta["command"],
        "```",
        "",
        *measured_lines(meta, "api/run.sh"),
        f"- Tools: .NET SDK {meta['sdk']}, runtime {meta['runtime']}, {meta['wrk']}, {meta['hyperfine']}.",
        f"- Load: wrk on 127.0.0.1, {meta['connections']} connections, {meta['threads']} thread; after a "
        f"{meta['warmup_s']} s warm-up per endpoint, {meta['rounds']} rounds of {meta['duration_s']} s per endpoint "
        "and application, generated and bare alternating (the order flips every round). Figures are medians over "
        "the rounds; a ratio is the median of the per-round ratios.",
        "- Both applications: Release build, `ASPNETCORE_ENVIRONMENT=Production`, Kestrel on HTTP, a copy of the "
        "same SQLite database (created by the generated `migrate` command with `Database__SeedDemoData=true`). The generated one runs "
        "with its own configuration except `RateLimiting__PermitLimit=100000000` (an environment variable: "
        "configuration, not a code change), so that its rate limiter still runs but does not answer 429.",
        "- The bare baseline ([`bench/api/baseline`](../bench/api/baseline/Program.cs)) is `dotnet new web` with the same "
        "endpoints written by hand over the generated `AppDbContext` and `Product`, with the same queries and "
        "JSON, and no validation, problem details, rate limiting, OpenTelemetry, health checks, security headers "
        "or JSON logging.",
        "",
        "### Throughput and latency",
        "",
        f"| Endpoint | Generated req/s | Bare req/s | Generated / bare | Goal ≥ {THROUGHPUT_GOAL} "
        "| Generated p50 / p99 | Bare p50 / p99 |",
        "| --- | ---: | ---: | ---: | --- | ---: | ---: |",
    ]
    for key, label in ENDPOINTS:
        e = endpoints[key]
        g, b = e["generated"], e["bare"]
        lines.append(
            f"| `{label}` | {g['requests_per_s']:,.0f} | {b['requests_per_s']:,.0f} | {e['ratio']:.2f} "
            f"| {goal(e['goal_met'])} | {g['p50_ms']:.1f} / {g['p99_ms']:.1f} ms | {b['p50_ms']:.1f} / {b['p99_ms']:.1f} ms |")
    lines += [
        "",
        f"![Throughput of the generated API as a fraction of the bare one, per endpoint]({svg_link})",
        "",
        "Server CPU time per request (user + system, from /proc/<pid>/stat over each run; steadier than "
        "requests/s on a shared machine, since the load of other processes changes it less):",
        "",
        "| Endpoint | Generated | Bare | Generated / bare |",
        "| --- | ---: | ---: | ---: |",
    ]
    for key, label in ENDPOINTS:
        e = endpoints[key]
        lines.append(f"| `{label}` | {e['generated']['server_cpu_us_per_request']:.0f} µs "
                     f"| {e['bare']['server_cpu_us_per_request']:.0f} µs | {e['server_cpu_ratio']:.2f} |")
    lines += [
        "",
        "### Memory (resident set, from /proc/<pid>/status)",
        "",
        "| | Generated | Bare | Generated / bare |",
        "| --- | ---: | ---: | ---: |",
    ]
    for key, caption in (("startup_kib", "After start-up (VmRSS)"), ("after_load_kib", "After the load (VmRSS)"),
                         ("peak_kib", "Peak (VmHWM)")):
        g, b = memory["generated"][key], memory["bare"][key]
        lines.append(f"| {caption} | {mib(g)} | {mib(b)} | {g / b:.2f} |")
    lines += [
        "",
        "### Time to green (empty folder to a passing `dotnet test`, warm NuGet cache)",
        "",
        f"| Generated: `dotnet new backend-portfolio` + `dotnet test` | Baseline: `dotnet new webapi` + "
        f"`dotnet new xunit` + `dotnet add reference` + `dotnet test` | Generated / baseline | Goal < "
        f"{TIME_TO_GREEN_GOAL_S:.0f} s |",
        "| ---: | ---: | ---: | --- |",
        f"| {ttg['generated_s']:.1f} s | {ttg['webapi_xunit_s']:.1f} s | {ttg['ratio']:.2f} | {goal(ttg['goal_met'])} |",
        "",
        f"Median of {len(ttg['runs']['generated'])} runs each, alternating, after one untimed run of each "
        "(timed by hyperfine). Raw figures, every round included: "
        f"[{os.path.basename(json_link)}]({json_link}).",
        END,
    ]
    return "\n".join(lines) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("results")
    parser.add_argument("--json", required=True, help="raw and summarized numbers")
    parser.add_argument("--svg", required=True, help="chart of the throughput ratios")
    parser.add_argument("--docs", required=True, help="Markdown page whose api section is (re)written")
    args = parser.parse_args()

    meta = json.load(open(os.path.join(args.results, "meta.json"), encoding="utf-8"))
    runs = load_wrk(os.path.join(args.results, "wrk.jsonl"))
    memory = json.load(open(os.path.join(args.results, "memory.json"), encoding="utf-8"))
    endpoints = summarize_endpoints(runs)
    ttg = summarize_time_to_green(args.results)

    write_json(args.json, {"meta": meta, "goals": {"throughput_ratio_min": THROUGHPUT_GOAL,
                                                    "time_to_green_max_s": TIME_TO_GREEN_GOAL_S},
                            "endpoints": endpoints, "memory_kib": memory, "time_to_green": ttg, "wrk_runs": runs})
    os.makedirs(os.path.dirname(os.path.abspath(args.svg)), exist_ok=True)
    with open(args.svg, "w", encoding="utf-8") as out:
        out.write(chart(endpoints))
    write_section(args.docs, BEGIN, END, markdown(meta, endpoints, memory, ttg, link_from(args.docs, args.svg),
                                                  link_from(args.docs, args.json)))

    for key, label in ENDPOINTS:
        e = endpoints[key]
        print(f"  {label:28} {e['generated']['requests_per_s']:>9,.0f} vs {e['bare']['requests_per_s']:>9,.0f} req/s"
              f"  ratio {e['ratio']:.2f}  goal {'met' if e['goal_met'] else 'MISSED'}"
              f"  (CPU/request ratio {e['server_cpu_ratio']:.2f})")
    print(f"  {'time to green':28} {ttg['generated_s']:>8.1f}s vs {ttg['webapi_xunit_s']:>8.1f}s"
          f"      ratio {ttg['ratio']:.2f}  goal {'met' if ttg['goal_met'] else 'MISSED'}")


if __name__ == "__main__":
    main()
