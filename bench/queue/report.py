#!/usr/bin/env python3
"""Turns the raw measurements of bench/queue/run.sh into the published figures.

    report.py RESULTS_DIR --json FILE --docs FILE [--svg FILE]

RESULTS_DIR holds what run.sh measured:
  meta.json     machine, tools, settings and the command line
  queue.jsonl   one line per scenario, round and pass: for inprocess, rabbitmq and wolverine the end-to-end rate, the
                latency at the fixed rate and the backlog rate, each with its CPU time per order by process, and the
                backlog's SQL statements (pg_stat_statements, when read); for worker its backlog; for bare the bare
                loop's rate and its CPU time per message

Writes the raw numbers and their summary as JSON, a chart of PortfolioKit against Wolverine per figure as SVG (by
default queue-vs-wolverine.svg beside the JSON), and the Markdown section between <!-- queue:begin --> and <!-- queue:end --> of the docs page. Figures are medians over the
rounds; a ratio is the median of the ratios of the rounds (each compares two runs of the same round).
"""

import os
import statistics
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from benchlib import (goal, link_from, load_results, median, paired, percent, ratio_chart,  # noqa: E402
                      raw_figures_line, report_args, runs_of, section_head, write_json, write_section)

PIPELINES = [("rabbitmq", "PortfolioKit `rabbitmq` (API + 1 worker)"),
             ("inprocess", "PortfolioKit `inprocess` (API only)"),
             ("wolverine", "Wolverine 6 (API + 1 worker)")]
PARTS = ["api", "workers", "postgres", "rabbitmq"]
# Issue 22: PortfolioKit's rabbitmq pipeline against Wolverine's, same run. (key, label, figure of a round, goal,
# whether PortfolioKit should be at least (True) or at most (False) goal times Wolverine's figure)
GOALS = [
    ("backlog", "Backlog orders/s", lambda r: r["backlog"]["units_per_s"], 3.0, True),
    ("end_to_end", "End-to-end orders/s", lambda r: r["end_to_end"]["units_per_s"], 2.0, True),
    ("cpu", "CPU per order, end to end", lambda r: total(r["end_to_end"]["cpu_us_per_unit"]), 0.5, False),
    ("p99", "p99 place-to-confirmed at the fixed rate", lambda r: r["latency"]["p99_ms"], 1.0, False),
]
TOP_STATEMENTS = 6
BEGIN, END = "<!-- queue:begin -->", "<!-- queue:end -->"


def total(cpu):
    return sum(cpu.values())


def cpu_summary(phase_runs):
    """Medians of the CPU time per order by process, of their total and of the machine's busy share."""
    cpu = {part: median(r["cpu_us_per_unit"][part] for r in phase_runs) for part in phase_runs[0]["cpu_us_per_unit"]}
    return {**cpu, "total": median(total(r["cpu_us_per_unit"]) for r in phase_runs),
            "machine_busy": median((r.get("machine_busy") for r in phase_runs), 3)}


def statements_summary(backlogs):
    """The backlog's statements over every round: execution time and calls per order, the most expensive first."""
    measured = [b for b in backlogs if b.get("statements") is not None]
    if not measured:
        return None
    # Each reading covers the orders confirmed after it began (the queue starts on a backlog at once).
    orders = max(1, sum(b.get("statements_orders", b["orders"]) for b in measured))
    by_query = {}
    for backlog in measured:
        for statement in backlog["statements"]:
            entry = by_query.setdefault(statement["query"], {"query": statement["query"], "total_ms": 0.0, "calls": 0, "rows": 0})
            entry["total_ms"] += statement["total_ms"]
            entry["calls"] += statement["calls"]
            entry["rows"] += statement["rows"]
    summary = [{"query": e["query"], "us_per_unit": round(e["total_ms"] * 1000 / orders, 1),
                "calls_per_unit": round(e["calls"] / orders, 3), "rows_per_call": round(e["rows"] / e["calls"], 1) if e["calls"] else 0}
               for e in by_query.values()]
    return {"rounds": len(measured), "us_per_unit": round(sum(s["us_per_unit"] for s in summary), 1),
            "top": sorted(summary, key=lambda s: s["us_per_unit"], reverse=True)[:TOP_STATEMENTS]}


def summarize(runs):
    summary = {}
    for scenario, _ in PIPELINES:
        e2e = [r["end_to_end"] for r in runs_of(runs, scenario, "end_to_end")]
        # A fixed-rate phase that failed (its requests timed out on an overloaded machine) leaves the others standing.
        latency = [r["latency"] for r in runs_of(runs, scenario, "latency", required=False)]
        backlog = [r["backlog"] for r in runs_of(runs, scenario, "backlog")]
        summary[scenario] = {
            "end_to_end": {"units_per_s": median(r["units_per_s"] for r in e2e),
                           "accepted_per_s": median(r["accepted_per_s"] for r in e2e), "cpu_us_per_unit": cpu_summary(e2e)},
            "latency": None if not latency else {
                "offered_per_s": latency[0]["offered_per_s"], "placed_per_s": median(r["placed_per_s"] for r in latency),
                "p50_ms": median(r["p50_ms"] for r in latency), "p99_ms": median(r["p99_ms"] for r in latency),
                "cpu_us_per_unit": cpu_summary(latency)},
            # Wolverine's backlog CPU is not read (run.sh says why): None, like a phase that was not measured.
            "backlog": {"units_per_s": median(r["units_per_s"] for r in backlog),
                        "cpu_us_per_unit": cpu_summary(backlog) if all("cpu_us_per_unit" in r for r in backlog) else None,
                        "statements": statements_summary(backlog)},
            "rounds": len(backlog),
        }
    worker = [r["backlog"] for r in runs_of(runs, "worker", "backlog")]
    summary["worker"] = {"backlog": {"units_per_s": median(r["units_per_s"] for r in worker),
                                     "cpu_us_per_unit": cpu_summary(worker), "statements": statements_summary(worker)},
                         "rounds": len(worker)}
    bare = runs_of(runs, "bare")
    summary["bare"] = {"units_per_s": median(r["units_per_s"] for r in bare),
                       "cpu_us_per_unit": {"client": median(r["cpu_us_per_unit"]["client"] for r in bare),
                                           "rabbitmq": median(r["cpu_us_per_unit"]["rabbitmq"] for r in bare),
                                           "total": median(total(r["cpu_us_per_unit"]) for r in bare)},
                       "rounds": len(bare)}

    goals = {}
    for top in ("rabbitmq", "inprocess"):
        goals[top] = {}
        for key, label, figure, minimum, at_least in GOALS:
            # CPU over the end-to-end phase: every process's work on an order, from its request to its confirmation,
            # for both. (Wolverine's backlog is confirmed before its call returns, so its CPU is not read there.)
            phase = {"cpu": "end_to_end", "p99": "latency"}.get(key, key)
            ratios = paired(runs, top, "wolverine", figure, phase=phase, required=False)
            exact = statistics.median(ratios) if ratios else None
            # The verdict is taken on the unrounded median (a 1.995 must not pass as 2.00); figures are rounded for show.
            goals[top][key] = {"label": label, "ratio": None if exact is None else round(exact, 2), "goal": minimum,
                               "at_least": at_least,
                               "met": exact is not None and (exact >= minimum if at_least else exact <= minimum),
                               "round_ratios": [round(value, 3) for value in ratios]}
    return summary, goals


def chart(goals):
    """PortfolioKit's rabbitmq pipeline against Wolverine per figure, as "times better" (throughput PortfolioKit /
    Wolverine; CPU and latency Wolverine / PortfolioKit), with each figure's goal marked."""
    short = {"backlog": "Backlog orders/s", "end_to_end": "End-to-end orders/s", "cpu": "Less CPU per order",
             "p99": "Lower p99 latency"}
    rows = []
    for key, _, _, minimum, at_least in GOALS:
        g = goals["rabbitmq"][key]
        advantage = (g["ratio"] if at_least else 1 / g["ratio"]) if g["ratio"] else 0
        label = short[key] if g["ratio"] else f"{short[key]} (not measured)"
        rows.append((label, advantage, g["met"], minimum if at_least else 1 / minimum))
    return ratio_chart("PortfolioKit rabbitmq against Wolverine, times better", rows, [(1.0, "Wolverine = 1", "")],
                       label_width=250)


def number(value):
    return "n/a" if value is None else f"{value:.2f}"


def ms(value):
    return "not measured" if value is None else f"{value:,.1f} ms"


def us(value):
    return "–" if value is None else f"{value:,.0f} µs"


def markdown(meta, summary, goals, svg_link, json_link):
    cores = meta["cores"]
    lines = [
        *section_head(BEGIN, "Queue (`--messaging`) against Wolverine", meta, "queue/run.sh"),
        f"- Tools: .NET SDK {meta['sdk']}, runtime {meta['runtime']}, {meta['wrk']}, WolverineFx {meta['wolverine_version']}; "
        f"servers PostgreSQL {meta['postgres_version']} ({meta['postgres_durability']}) and RabbitMQ "
        f"{meta['rabbitmq_version']} on loopback, started by {meta['servers_from']}, the same for every scenario. "
        "PostgreSQL does not wait for its disk here, as for tests; RabbitMQ writes persistent messages and confirms "
        "them as it always does.",
        f"- Rounds: {meta['rounds']}; each measures every scenario once, in an order reversed every other round. "
        "Figures are medians over the rounds; a ratio is the median of the rounds' ratios.",
        "- **The pipelines.** PortfolioKit: the generated API (Release, `--database postgres`, its generated settings: "
        "the outbox dispatcher woken by the API's own saves, polling every 250 ms otherwise) and, for `rabbitmq`, one "
        "generated worker. Wolverine: "
        "[`bench/queue/peer-wolverine`](../bench/queue/peer-wolverine/Program.cs), the same order pipeline on "
        "Wolverine's EF Core outbox, RabbitMQ transport and durable inbox, over the generated entities, EF Core "
        "configurations and migrations (the same tables, indexes and JSON), set up as Wolverine's documentation "
        "recommends (its `Program.cs` names each setting and why). Both publish persistent messages with publisher "
        "confirms (Wolverine's default is without; that is the one setting it gets beyond its defaults, besides the "
        "prefetch of 32 both use), acknowledge deliveries only once the inbox holds them, and commit the stock, the "
        "confirmation and the inbox record in one transaction. The script checks every order was confirmed once, the "
        "reserved stock equals the confirmed lines and nothing was dead-lettered.",
        f"- **End to end**: wrk posts `POST /api/orders` from {meta['connections']} connections for {meta['seconds']} s "
        "after a warm-up as long; orders/s = those orders over the time from the first one placed to the last one "
        "confirmed. *Accepted* is the rate of the API's 201 answers meanwhile.",
        f"- **Latency**: wrk posts at a fixed {meta['rate']} orders/s ({meta['rate_from']}) for {meta['seconds']} s after a "
        "warm-up at that rate; place-to-confirmed = `ConfirmedAt - PlacedAt` of each order.",
        f"- **Backlog**: {meta['backlog_orders']:,} orders with their messages committed at once, after a warm-up "
        f"backlog of {meta['primer_orders']:,}: PortfolioKit's in one SQL transaction (the rows `POST /api/orders` "
        "writes), Wolverine's as the orders by SQL and then their messages through its outbox in one transaction; "
        "orders/s = those orders over the time from that commit to the last confirmation.",
        "- **`backend-worker`**: the worker template's consumer (`--database postgres`, its database queue) on a backlog "
        "of as many `stock-received.v1` messages. **Bare loop** ([`bench/queue/bare`](../bench/queue/bare/Program.cs)): "
        "RabbitMQ.Client alone, same durability, no database: the physical reference, without a goal.",
        "",
        f"![PortfolioKit rabbitmq against Wolverine, per figure]({svg_link})",
        "",
        "### Throughput and latency",
        "",
        f"| Scenario | Backlog orders/s | End to end orders/s | Accepted/s | p50 at {meta['rate']}/s | p99 at {meta['rate']}/s |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for scenario, label in PIPELINES:
        s = summary[scenario]
        latency = s["latency"] or {"p50_ms": None, "p99_ms": None}
        lines.append(f"| {label} | {s['backlog']['units_per_s']:,.0f} | {s['end_to_end']['units_per_s']:,.0f} "
                     f"| {s['end_to_end']['accepted_per_s']:,.0f} | {ms(latency['p50_ms'])} | {ms(latency['p99_ms'])} |")
    lines += [
        f"| `backend-worker` consumer (messages/s) | {summary['worker']['backlog']['units_per_s']:,.0f} | | | | |",
        f"| bare RabbitMQ.Client loop (messages/s) | {summary['bare']['units_per_s']:,.0f} | | | | |",
        "",
        "### Goals (issue 22): PortfolioKit `rabbitmq` against Wolverine, same run",
        "",
        "| Figure | Goal | Ratio | Verdict | Rounds | `inprocess` for comparison |",
        "| --- | ---: | ---: | --- | --- | ---: |",
    ]
    for key, label, _, minimum, at_least in GOALS:
        g, other = goals["rabbitmq"][key], goals["inprocess"][key]
        verdict = "not measured" if g["ratio"] is None else goal(g["met"])
        lines.append(f"| {label}, PortfolioKit / Wolverine | {'≥' if at_least else '≤'} {minimum:g} | {number(g['ratio'])} "
                     f"| {verdict} | {', '.join(f'{x:.2f}' for x in g['round_ratios'])} | {number(other['ratio'])} |")

    lines += [
        "",
        "### CPU time per order, by process",
        "",
        "User + system time from `/proc`, per order: over the end-to-end phase (every process's work on an order, "
        "from its request to its confirmation, at the pipeline's own maximum rate), over the fixed-rate phase (the same "
        "at one rate for all, with whatever the processes do while they wait: polling, health checks) and over the "
        "backlog (the queue alone, shared out over the orders confirmed after the reading began; Wolverine's backlog call "
        "returns only once its relay has sent the whole backlog, by when its worker has confirmed it, so Wolverine's "
        "backlog is not read, and the CPU goal is taken end to end). PostgreSQL counts every process under its postmaster and the backends that "
        "ended, the script's once-a-second progress query included; RabbitMQ, the process listening on the AMQP port. "
        "The bare loop: its own process and RabbitMQ per message. *Cores busy*: the whole machine over the backlog "
        "(`/proc/stat`, the neighbours included); near 100% the scenario was CPU-bound. Each figure is a median over the "
        "rounds on its own, so parts need not add up to a total.",
        "",
        "| Scenario, phase | API | Workers | PostgreSQL | RabbitMQ | Total | Cores busy |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for scenario, label in PIPELINES:
        for phase, phase_label in (("end_to_end", "end to end"), ("latency", f"at {meta['rate']}/s"), ("backlog", "backlog")):
            if summary[scenario][phase] is None:
                lines.append(f"| {label}, {phase_label} | not measured | | | | | |")
                continue
            if summary[scenario][phase]["cpu_us_per_unit"] is None:
                lines.append(f"| {label}, {phase_label} | not measured: the backlog is confirmed before its call returns | | | | | |")
                continue
            c = summary[scenario][phase]["cpu_us_per_unit"]
            workers = "–" if scenario == "inprocess" else us(c["workers"])
            busy = percent(c["machine_busy"]) if phase == "backlog" else ""
            lines.append(f"| {label}, {phase_label} | {us(c['api'])} | {workers} | {us(c['postgres'])} | {us(c['rabbitmq'])} "
                         f"| {us(c['total'])} | {busy} |")
    c = summary["worker"]["backlog"]["cpu_us_per_unit"]
    lines.append(f"| `backend-worker` consumer, backlog | – | {us(c['workers'])} | {us(c['postgres'])} | – "
                 f"| {us(c['workers'] + c['postgres'])} | {percent(c['machine_busy'])} |")
    c = summary["bare"]["cpu_us_per_unit"]
    lines.append(f"| bare loop, per message | – | {us(c['client'])} (the loop) | – | {us(c['rabbitmq'])} | {us(c['total'])} | |")

    bare_total = summary["bare"]["cpu_us_per_unit"]["total"]
    lines += [
        "",
        "Above a bare message, by process, end to end (the API's share is its HTTP work and its dispatcher or relay; "
        "the bare loop's client does the publishing and the consuming of a message, its RabbitMQ the broker's part):",
        "",
        "| Item | PortfolioKit `rabbitmq` | Wolverine | bare message |",
        "| --- | ---: | ---: | ---: |",
    ]
    bare = summary["bare"]["cpu_us_per_unit"]
    items = [("API (HTTP, outbox, dispatcher or relay)", lambda c: c["api"], None),
             ("Worker", lambda c: c["workers"], bare["client"]),
             ("PostgreSQL", lambda c: c["postgres"], None),
             ("RabbitMQ", lambda c: c["rabbitmq"], bare["rabbitmq"]),
             ("Total", lambda c: c["total"], bare_total),
             ("Total above a bare message", lambda c: c["total"] - bare_total, None)]
    for label, item, reference in items:
        lines.append(f"| {label} | {us(item(summary['rabbitmq']['end_to_end']['cpu_us_per_unit']))} "
                     f"| {us(item(summary['wolverine']['end_to_end']['cpu_us_per_unit']))} | {us(reference)} |")

    lines += ["", "### SQL statements per order (backlog, `pg_stat_statements`)", ""]
    if not meta.get("statements") or meta["statements"] == "false":
        lines.append("Not read in this run (it used servers without `pg_stat_statements`).")
    else:
        lines.append("Execution time per order of the statements PostgreSQL ran for each scenario's measured backlog, from "
                     "a reset just after its commit, shared out over the orders confirmed from then on "
                     f"(all rounds together; the {TOP_STATEMENTS} most expensive, and the sum of all), and how often "
                     "each ran per order. Execution time is not all of PostgreSQL's CPU (parsing, the connection and "
                     "the commit are outside it).")
        for scenario, label in (*PIPELINES, ("worker", "`backend-worker` consumer")):
            st = summary[scenario]["backlog"]["statements"]
            if st is None:
                continue
            lines += ["", f"**{label}**: {st['us_per_unit']:,.0f} µs of statements per order.", "",
                      "| µs/order | Calls/order | Rows/call | Statement |", "| ---: | ---: | ---: | --- |"]
            for s in st["top"]:
                query = s["query"].replace("|", "\\|")
                query = query if len(query) <= 160 else query[:157] + "..."
                lines.append(f"| {s['us_per_unit']:,.1f} | {s['calls_per_unit']:.2f} | {s['rows_per_call']:,.1f} | `{query}` |")
    lines += ["", raw_figures_line(json_link), END]
    return "\n".join(lines) + "\n"


def main():
    args = report_args(__doc__, "queue", ("svg", "chart of PortfolioKit against Wolverine per figure "
                                                 "(default: queue-vs-wolverine.svg beside --json)"))
    args.svg = args.svg or os.path.join(os.path.dirname(args.json), "queue-vs-wolverine.svg")
    meta, runs = load_results(args.results, "queue.jsonl")
    meta["rabbitmq_version"] = next((r["broker_version"] for r in runs if "broker_version" in r), "unknown")
    summary, goals = summarize(runs)

    write_json(args.json, {"meta": meta, "goals": goals, "scenarios": summary, "runs": runs})
    with open(args.svg, "w", encoding="utf-8") as out:
        out.write(chart(goals))
    write_section(args.docs, BEGIN, END, markdown(meta, summary, goals, link_from(args.docs, args.svg),
                                                  link_from(args.docs, args.json)))

    for scenario, _ in PIPELINES:
        s = summary[scenario]
        latency = s["latency"] or {"p50_ms": None, "p99_ms": None}
        print(f"  {scenario:10} backlog {s['backlog']['units_per_s']:>8,.1f}/s  end to end {s['end_to_end']['units_per_s']:>7,.1f}/s"
              f"  p50/p99 {latency['p50_ms']}/{latency['p99_ms']} ms  CPU {s['end_to_end']['cpu_us_per_unit']['total']:>8,.1f} µs/order")
    print(f"  worker     backlog {summary['worker']['backlog']['units_per_s']:>8,.1f}/s")
    print(f"  bare       {summary['bare']['units_per_s']:>16,.1f}/s  CPU {summary['bare']['cpu_us_per_unit']['total']:>8,.1f} µs/message")
    for key, *_ in GOALS:
        g = goals["rabbitmq"][key]
        print(f"  rabbitmq / wolverine {key:10} {number(g['ratio'])} {'met' if g['met'] else 'MISSED'}")


if __name__ == "__main__":
    main()
