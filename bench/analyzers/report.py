#!/usr/bin/env python3
"""Turns the build logs of bench/analyzers/run.sh into the published figures.

    report.py BUILD_LOG [BUILD_LOG...] --json FILE --docs FILE --revision REV --load-before LOAD --modules N
              --services N --files N [--wall-with S --wall-without S]

Each log comes from `dotnet build -m:1 -v:d -p:ReportAnalyzer=true -clp:PerformanceSummary`: each project's
CoreCompile target is followed by the compiler's analyzer report (total, then per assembly and per analyzer with the
rule ids it supports), and the performance summary gives the Csc task's total time. Writes the raw per-project
figures as JSON and the Markdown section between <!-- analyzers:begin --> and <!-- analyzers:end --> of the docs page.

With several logs (builds of the same sources, one after another), every figure is the median over the builds, per
project and per analyzer set: one build's per-project figures move by more than a change to the analyzers can (a
project's PortfolioKit time varied 0.10 to 0.28 s between otherwise alike projects of one build), and the median
keeps one slow moment from deciding a goal. The JSON keeps each build's figures beside the medians.
"""
import argparse
import datetime
import os
import re
import statistics
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from benchlib import goal, link_from, raw_figures_line, write_json, write_section  # noqa: E402

BEGIN, END = "<!-- analyzers:begin -->", "<!-- analyzers:end -->"
SHARE_OF_COMPILE_GOAL = 0.02      # PortfolioKit under 2% of the compiler's time
SHARE_OF_PROJECT_GOAL = 0.10      # and under 10% of any project's analyzer time

PROJECT = re.compile(r'^Target "CoreCompile" in file ".*?" from project "(?P<path>[^"]+)"')
TOTAL = re.compile(r"Total analyzer execution time:\s*(?P<seconds>[\d.]+) seconds")
ASSEMBLY = re.compile(r"^\s*(?P<time>[\d.]+|<0\.001)\s+(?:\d+|<1)\s+(?P<name>[A-Za-z0-9_.]+), Version=")
ANALYZER = re.compile(r"^\s*(?P<time>[\d.]+|<0\.001)\s+(?:\d+|<1)\s+(?P<name>[A-Za-z0-9_.`+]+) \((?P<ids>[^)]*)\)\s*$")
CSC = re.compile(r"^\s*(?P<ms>[\d,.]+) ms\s+Csc\s+\d+ calls", re.M)


def seconds(text):
    return 0.0 if text.startswith("<") else float(text)


def family(assembly):
    if assembly.startswith("PortfolioKit.Analyzers"):
        return "PortfolioKit"
    if assembly.startswith("Meziantou.Analyzer"):
        return "Meziantou"
    if assembly.startswith(("Microsoft.CodeAnalysis.NetAnalyzers", "Microsoft.CodeAnalysis.CSharp.NetAnalyzers",
                            "Microsoft.CodeAnalysis.CSharp.CodeStyle", "Microsoft.CodeAnalysis.CodeStyle")):
        return "SDK"
    return "other"


def parse(log):
    """Per project: total analyzer time, time per family, and PortfolioKit's code-rule and repository-rule time."""
    projects, current, in_report, assembly = [], None, False, None
    rule_ids = {"PortfolioKit": set(), "Meziantou": set(), "SDK": set()}
    for line in log.splitlines():
        started = PROJECT.match(line)
        if started:
            current = {"project": os.path.basename(started.group("path")), "total_s": 0.0,
                       "families": {}, "pk_code_s": 0.0, "pk_repository_s": 0.0}
            projects.append(current)
            in_report = False
            continue
        total = TOTAL.search(line)
        if total and current is not None:
            current["total_s"] = float(total.group("seconds"))
            in_report = True
            continue
        if not in_report or current is None:
            continue
        match = ASSEMBLY.match(line)
        if match:
            assembly = family(match.group("name"))
            current["families"][assembly] = current["families"].get(assembly, 0.0) + seconds(match.group("time"))
            continue
        match = ANALYZER.match(line)
        if match and assembly in rule_ids:
            ids = [i.strip() for i in match.group("ids").split(",") if re.fullmatch(r"[A-Z]+\d+", i.strip())]
            rule_ids[assembly].update(ids)
            if assembly == "PortfolioKit" and ids:
                key = "pk_repository_s" if all(i.startswith("PK9") for i in ids) else "pk_code_s"
                current[key] += seconds(match.group("time"))
    return projects, rule_ids


def median_projects(builds):
    """Per project (matched by name, in the first build's order), the median of each figure over the builds."""
    def med(values):
        return round(statistics.median(values), 4)

    result = []
    for first in builds[0]:
        alike = [next(p for p in build if p["project"] == first["project"]) for build in builds]
        families = sorted({name for p in alike for name in p["families"]})
        result.append({
            "project": first["project"],
            "total_s": med([p["total_s"] for p in alike]),
            "families": {name: med([p["families"].get(name, 0.0) for p in alike]) for name in families},
            "pk_code_s": med([p["pk_code_s"] for p in alike]),
            "pk_repository_s": med([p["pk_repository_s"] for p in alike]),
            "builds": len(alike),
        })
    return result


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("log", nargs="+")
    for option in ("--json", "--docs", "--revision", "--load-before", "--modules", "--services", "--files"):
        parser.add_argument(option, required=True)
    parser.add_argument("--wall-with", default="")
    parser.add_argument("--wall-without", default="")
    args = parser.parse_args()

    builds = []
    for path in args.log:
        log = open(path, encoding="utf-8", errors="replace").read()
        build_projects, rule_ids = parse(log)
        if not build_projects or not any(p["total_s"] for p in build_projects):
            sys.exit(f"error: no analyzer report in {path} (was it built with -p:ReportAnalyzer=true -v:d?)")
        csc = CSC.search(log)
        builds.append((build_projects, float(csc.group("ms").replace(",", "")) / 1000 if csc else None))
    projects = median_projects([b[0] for b in builds])
    csc_times = [b[1] for b in builds if b[1] is not None]
    csc_s = statistics.median(csc_times) if csc_times else None

    def total(name):
        return sum(p["families"].get(name, 0.0) for p in projects)

    pk, mz, sdk = total("PortfolioKit"), total("Meziantou"), total("SDK")
    analyzers_s = sum(p["total_s"] for p in projects)
    other = analyzers_s - pk - mz - sdk
    pk_code = sum(p["pk_code_s"] for p in projects)
    pk_code_rules = sorted(i for i in rule_ids["PortfolioKit"] if not i.startswith("PK9"))
    pk_per_rule = pk_code / max(len(pk_code_rules), 1)
    mz_per_rule = mz / max(len(rule_ids["Meziantou"]), 1)
    for p in projects:
        p["pk_share"] = p["families"].get("PortfolioKit", 0.0) / p["total_s"] if p["total_s"] else 0.0
    worst = max(projects, key=lambda p: p["pk_share"])
    share = pk / csc_s if csc_s else float("nan")

    machine = f"{os.cpu_count()} cores ({next((l.split(':', 1)[1].strip() for l in open('/proc/cpuinfo') if l.startswith('model name')), 'unknown CPU')})"
    sdk_version = subprocess.run(["dotnet", "--version"], capture_output=True, text=True).stdout.strip()
    figures = {
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": machine, "sdk": sdk_version, "revision": args.revision,
        "load_before": args.load_before, "load_after": " ".join(open("/proc/loadavg").read().split()[:3]),
        "modules": int(args.modules), "services": int(args.services), "files": int(args.files),
        "compiler_s": csc_s, "analyzers_s": round(analyzers_s, 3),
        "portfoliokit_s": round(pk, 3), "portfoliokit_code_s": round(pk_code, 3), "meziantou_s": round(mz, 3),
        "sdk_s": round(sdk, 3), "other_s": round(other, 3),
        "portfoliokit_code_rules": pk_code_rules, "meziantou_rules": len(rule_ids["Meziantou"]),
        "portfoliokit_share_of_compiler": share, "portfoliokit_ms_per_code_rule": 1000 * pk_per_rule,
        "meziantou_ms_per_rule": 1000 * mz_per_rule,
        "wall_with_s": float(args.wall_with) if args.wall_with else None,
        "wall_without_s": float(args.wall_without) if args.wall_without else None,
        "builds": len(builds),
        "projects": projects,
        "projects_per_build": [b[0] for b in builds],
        "compiler_s_per_build": [b[1] for b in builds],
    }
    write_json(args.json, figures)

    def pct(x):
        return f"{100 * x:.1f}%"

    rows = [
        ("PortfolioKit.Analyzers (all rules)", pk, len(rule_ids["PortfolioKit"]), None),
        ("PortfolioKit.Analyzers, code rules", pk_code, len(pk_code_rules), pk_per_rule),
        ("Meziantou.Analyzer 3.0.321", mz, len(rule_ids["Meziantou"]), mz_per_rule),
        (".NET SDK analyzers and code style", sdk, len(rule_ids["SDK"]), sdk / max(len(rule_ids["SDK"]), 1)),
        ("other (ASP.NET Core, EF Core, generators)", other, None, None),
    ]
    lines = [BEGIN, "## Analyzers", "",
             "Produced by `bench/analyzers/run.sh`; rerun it to refresh this section.", "",
             f"- Measured: {figures['date']} on {machine}, .NET SDK {sdk_version} (load average {args.load_before} before, "
             f"{figures['load_after']} after: the machine is shared, so compare shares within this run only).",
             f"- Revision: commit {args.revision} (the committed sources, packed).",
             f"- Code base: a generated repository of {args.services} services and a shared kernel "
             f"({len(projects)} projects: per service a domain, an infrastructure and a minimal API project), "
             f"{args.modules} feature modules, {args.files} C# files; Release build, one project at a time, "
             f"{len(builds)} {'builds' if len(builds) > 1 else 'build'}"
             f"{', every figure the median over them' if len(builds) > 1 else ''}; "
             f"compiler time (Csc task) {csc_s:.1f} s." if csc_s else "- Compiler time not found in the log.",
             "",
             "| Analyzer set | Analyzer time (s) | Share of compiler time | Rules | Average per rule (ms) |",
             "|---|---|---|---|---|"]
    for name, t, count, per_rule in rows:
        lines.append(f"| {name} | {t:.2f} | {pct(t / csc_s) if csc_s else 'n/a'} | {count if count else '–'} | "
                     f"{f'{1000 * per_rule:.1f}' if per_rule is not None else '–'} |")
    lines += ["", "Per project, PortfolioKit's share of the project's analyzer time:", "",
              "| Project | Analyzer time (s) | PortfolioKit (s) | of which repository rules (s) | PortfolioKit share |",
              "|---|---|---|---|---|"]
    for p in projects:
        lines.append(f"| {p['project']} | {p['total_s']:.2f} | {p['families'].get('PortfolioKit', 0.0):.3f} | "
                     f"{p['pk_repository_s']:.3f} | {pct(p['pk_share'])} |")
    lines += ["", "Analyzer times are CPU time summed over the compiler's concurrent analyzer threads "
              "(`-p:ReportAnalyzer=true`), so the shares are an upper bound of the wall-clock cost."]
    if args.wall_with and args.wall_without:
        added = float(args.wall_with) - float(args.wall_without)
        lines += ["", f"Wall clock, `dotnet build --no-incremental` of the solution: {args.wall_with} s with "
                  f"PortfolioKit.Analyzers, {args.wall_without} s without ({added:+.1f} s, "
                  f"{100 * added / float(args.wall_without):+.1f}%; single runs on a shared machine)."]
    lines += ["", f"Goals (issue 20): PortfolioKit under 2% of compile time: {goal(share < SHARE_OF_COMPILE_GOAL)} ({pct(share)}); "
              f"no project over 10% of its analyzer time in PortfolioKit: {goal(worst['pk_share'] < SHARE_OF_PROJECT_GOAL)} "
              f"(highest {pct(worst['pk_share'])}, {worst['project']}); code rules' average per rule no higher than "
              f"Meziantou's: {goal(pk_per_rule <= mz_per_rule)} ({1000 * pk_per_rule:.1f} ms against {1000 * mz_per_rule:.1f} ms).",
              "", raw_figures_line(link_from(args.docs, args.json)), END, ""]
    section = "\n".join(lines)
    write_section(args.docs, BEGIN, END, section)
    print(section)


if __name__ == "__main__":
    main()
