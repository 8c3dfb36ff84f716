#!/usr/bin/env python3
"""Parses a `-p:ReportAnalyzer=true -clp:PerformanceSummary` build log and prints (and records) the figures.

Usage: report.py LOG FILES MODULES WALL_WITH WALL_WITHOUT SMOKE BENCHMARKS_MD
"""
import datetime
import platform
import re
import subprocess
import sys

log_path, files, modules, wall_with, wall_without, smoke, benchmarks = sys.argv[1:8]
smoke = smoke == "true"
log = open(log_path, encoding="utf-8", errors="replace").read()

# Compiler report: "Total analyzer execution time: 12.345 seconds." then one line per assembly and per analyzer:
#   "   0.123   12   Meziantou.Analyzer, Version=..." and "      0.010    1   Meziantou.Analyzer.Rules.X (MA0001, MA0002)"
total_match = re.search(r"Total analyzer execution time:\s*([\d.]+) seconds", log)
assembly_re = re.compile(r"^\s*([\d.]+|<0\.001)\s+(\d+|<1)\s+([A-Za-z0-9_.]+), Version=", re.M)
analyzer_re = re.compile(r"^\s*([\d.]+|<0\.001)\s+(\d+|<1)\s+([A-Za-z0-9_.`+]+) \(([^)]*)\)\s*$", re.M)

def seconds(text):
    return 0.0 if text.startswith("<") else float(text)

assemblies = {}
for m in assembly_re.finditer(log):
    assemblies[m.group(3)] = assemblies.get(m.group(3), 0.0) + seconds(m.group(1))

rule_ids = {}
for m in analyzer_re.finditer(log):
    name = m.group(3)
    for rule in (r.strip() for r in m.group(4).split(",")):
        if re.fullmatch(r"[A-Z]+\d+", rule):
            prefix = "PortfolioKit" if rule.startswith("PK") else "Meziantou" if rule.startswith("MA") else "SDK"
            rule_ids.setdefault(prefix, set()).add(rule)

csc = re.search(r"^\s*([\d,.]+) ms\s+Csc\s+\d+ calls", log, re.M)
csc_seconds = float(csc.group(1).replace(",", "")) / 1000 if csc else None

def group(predicate):
    return sum(t for name, t in assemblies.items() if predicate(name))

portfoliokit = group(lambda n: n.startswith("PortfolioKit.Analyzers"))
meziantou = group(lambda n: n.startswith("Meziantou.Analyzer"))
sdk = group(lambda n: n.startswith("Microsoft.CodeAnalysis.NetAnalyzers") or n.startswith("Microsoft.CodeAnalysis.CSharp.NetAnalyzers")
            or n.startswith("Microsoft.CodeAnalysis.CSharp.CodeStyle") or n.startswith("Microsoft.CodeAnalysis.CodeStyle"))
other = (float(total_match.group(1)) if total_match else sum(assemblies.values())) - portfoliokit - meziantou - sdk

pk_rules = len(rule_ids.get("PortfolioKit", ())) or 15
ma_rules = len(rule_ids.get("Meziantou", ())) or 1

def share(t):
    return f"{100 * t / csc_seconds:.1f}%" if csc_seconds else "n/a"

rows = [
    ("PortfolioKit.Analyzers", portfoliokit, pk_rules),
    ("Meziantou.Analyzer 3.0.321", meziantou, ma_rules),
    (".NET SDK analyzers and code style", sdk, len(rule_ids.get("SDK", ()))),
    ("other (ASP.NET Core, EF Core, generators)", other, None),
]
table = ["| Analyzer set | Analyzer time (s) | Share of compiler time | Rules | Average per rule (ms) |", "|---|---|---|---|---|"]
for name, t, count in rows:
    per_rule = f"{1000 * t / count:.1f}" if count else "–"
    table.append(f"| {name} | {t:.2f} | {share(t)} | {count if count else '–'} | {per_rule} |")

cpu = platform.processor() or platform.machine()
try:
    sdk_version = subprocess.run(["dotnet", "--version"], capture_output=True, text=True).stdout.strip()
except OSError:
    sdk_version = "?"
summary = [
    f"Measured {datetime.date.today().isoformat()} on {subprocess.run(['nproc'], capture_output=True, text=True).stdout.strip()} cores ({cpu}), .NET SDK {sdk_version}:",
    f"a generated minimal API + EF Core code base of {modules} feature modules ({files} C# files), Release build,",
    f"compiler time (Csc task) {csc_seconds:.1f} s." if csc_seconds else "compiler time not found in the log.",
    "",
    *table,
    "",
    "Analyzer times are CPU time summed over the compiler's concurrent analyzer threads (`-p:ReportAnalyzer=true`), so",
    "the shares are an upper bound of the wall-clock cost.",
]
if wall_without:
    added = float(wall_with) - float(wall_without)
    summary += ["", f"Wall clock, `dotnet build --no-incremental`: {wall_with} s with PortfolioKit.Analyzers, {wall_without} s without "
                f"({added:+.1f} s, {100 * added / float(wall_without):+.1f}%; single runs, noise is about ±3%)."]
goal_share = 100 * portfoliokit / csc_seconds if csc_seconds else float("nan")
goal_rule = (portfoliokit / pk_rules) <= (meziantou / ma_rules) if meziantou else None
summary += ["", f"Goals: PortfolioKit under 3% of compile time: {'met' if goal_share < 3 else 'NOT met'} ({goal_share:.1f}%); "
            f"average time per rule no more than Meziantou's: {'met' if goal_rule else 'NOT met' if goal_rule is not None else 'n/a'}."]
text = "\n".join(summary)
print(text)

if not smoke:
    begin, end = "<!-- analyzers:begin -->", "<!-- analyzers:end -->"
    section = f"{begin}\n## Analyzers\n\nProduced by `bench/analyzers/run.sh`; rerun it to refresh this section.\n\n{text}\n{end}"
    try:
        current = open(benchmarks, encoding="utf-8").read()
    except FileNotFoundError:
        current = "# Benchmarks\n"
    if begin in current and end in current:
        current = current[: current.index(begin)] + section + current[current.index(end) + len(end):]
    else:
        current = current.rstrip("\n") + "\n\n" + section + "\n"
    open(benchmarks, "w", encoding="utf-8").write(current)
    print(f"\nRecorded in {benchmarks}")
