#!/usr/bin/env python3
"""Turns the raw measurements of bench/scale/run.sh into the published figures.

    report.py RESULTS_DIR --json FILE --docs FILE

RESULTS_DIR holds what run.sh measured:
  meta.json     machine, tools, settings and the command line
  scale.jsonl   one line per scenario (1+1, 2+2) and round: orders, orders/s from the first placed to the last
                confirmed, the APIs' accepted rate, the p50 and p99 place-to-confirmed latency, the CPU time per order
                by process and how busy the machine's cores were

Writes the raw numbers and their summary as JSON and the Markdown section between <!-- scale:begin --> and
<!-- scale:end --> of the docs page. Figures are medians over the rounds; a ratio is the median of the ratios of the
rounds (each compares the two scenarios of one round).
"""

import operator
import os
import statistics
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from benchlib import (busy_share, cpu_bound, goal, link_from, load_results, section_head,  # noqa: E402
                      median, paired, percent, raw_figures_line, report_args, runs_of, table, write_json, write_section)

OVERHEAD_GOAL = 1.10  # CPU per order at 2 + 2 / at 1 + 1 (issue 19): at most
SCENARIOS = [("1+1", "1 API + 1 worker"), ("2+2", "2 APIs + 2 workers")]
PARTS = ["api", "workers", "postgres", "rabbitmq"]
PREDICTED_CORES = [2, 4, 8, 16]
BEGIN, END = "<!-- scale:begin -->", "<!-- scale:end -->"


def total_cpu(run):
    return sum(run["cpu_us_per_unit"].values())


rate = operator.itemgetter("units_per_s")


def summarize(runs, cores):
    summary = {}
    for scenario, mine in ((scenario, runs_of(runs, scenario)) for scenario, _ in SCENARIOS):
        summary[scenario] = {
            "units_per_s": median(rate(r) for r in mine),
            "accepted_per_s": median(r["accepted_per_s"] for r in mine),
            "latency_ms": {q: median(r["latency_ms"][q] for r in mine) for q in ("p50", "p99")},
            "cpu_us_per_unit": {**{part: median(r["cpu_us_per_unit"][part] for r in mine) for part in PARTS},
                                "total": median(total_cpu(r) for r in mine)},
            "cores_busy": {
                "processes": median((busy_share(cores, total_cpu(r), rate(r)) for r in mine), 3),
                "machine": median((r.get("machine_busy") for r in mine), 3),
            },
            "rounds": len(mine),
        }
        summary[scenario]["cpu_bound_units_per_s"] = cpu_bound(cores, summary[scenario]["cpu_us_per_unit"]["total"])

    def ratio(value):
        """2+2's value / 1+1's by round, and their median (None where no round had one: a smoke run)."""
        values = paired(runs, "2+2", "1+1", value)
        exact = statistics.median(values) if values else None
        return {"ratio": None if exact is None else round(exact, 2), "exact": exact,
                "round_ratios": [round(value, 3) for value in values]}

    # The verdict is taken on the unrounded median (a 1.104 must not pass as 1.10); figures are rounded for show.
    overhead = ratio(total_cpu)
    exact = overhead.pop("exact")
    overhead["met"] = exact is not None and exact <= OVERHEAD_GOAL
    figures = {"overhead": overhead, "throughput": ratio(rate),
               "overhead_by_process": {part: ratio(lambda r, part=part: r["cpu_us_per_unit"][part]) for part in PARTS}}
    for ratios in [figures["throughput"], *figures["overhead_by_process"].values()]:
        ratios.pop("exact")
    return summary, figures


def shown(ratio):
    return "n/a" if ratio is None else f"{ratio:.2f}"


def rounds(ratio):
    return ", ".join(f"{value:.2f}" for value in ratio["round_ratios"])


def predictions(summary):
    """Orders/s the measured CPU per order allows on more cores: all processes on one machine (cores / total), and
    each server on cores of its own once the APIs and workers run elsewhere (1e6 / its share, per core)."""
    scaled = summary["2+2"]["cpu_us_per_unit"]
    return {
        "same_machine": {str(k): cpu_bound(k, scaled["total"]) for k in PREDICTED_CORES},
        "per_core": {part: cpu_bound(1, scaled[part]) for part in ("postgres", "rabbitmq", "api", "workers")},
    }


def markdown(meta, summary, ratios, predicted, json_link):
    cores = meta["cores"]
    scenarios = [(summary[scenario], label) for scenario, label in SCENARIOS]
    by_process = ratios["overhead_by_process"]
    overhead = ratios["overhead"]
    per_core = predicted["per_core"]
    servers = {"PostgreSQL": per_core["postgres"], "RabbitMQ": per_core["rabbitmq"]}
    first_bound = min((rate_, name) for name, rate_ in servers.items() if rate_)[1] if any(servers.values()) else "neither"
    one, two = summary["1+1"]["cpu_us_per_unit"], summary["2+2"]["cpu_us_per_unit"]
    lines = [
        *section_head(BEGIN, "Scale-out (`--messaging rabbitmq`, several instances)", meta, "scale/run.sh"),
        f"- Tools: .NET SDK {meta['sdk']}, runtime {meta['runtime']}, {meta['wrk']}; servers PostgreSQL "
        f"{meta['postgres_version']} ({meta['postgres_durability']}) and RabbitMQ {meta.get('rabbitmq_version') or 'unknown'} "
        f"on loopback, from {meta['servers_from']}.",
        f"- Rounds: {meta['rounds']}; each measures both scenarios, in an order reversed every other round. Figures are "
        "medians over the rounds; a ratio is the median of the rounds' ratios.",
        "- Each scenario: the generated API (Release, `--database postgres --messaging rabbitmq`, outbox dispatcher on in "
        "every API) and as many workers (`src/Worker`, competing for one queue) on a fresh database and queue, all "
        f"on this one machine. wrk posts `POST /api/orders` from {meta['connections']} connections in all, shared out "
        f"over the APIs (one wrk per API, as a Service spreads connections), for {meta['seconds']} s after a warm-up as "
        "long. *Orders/s* = those orders over the time from the first one placed to the last one confirmed; "
        "*accepted/s* = the APIs' 201 answers meanwhile; latency = each order's `ConfirmedAt - PlacedAt` "
        "(placed by the API, confirmed by a worker through the outbox, RabbitMQ and the inbox). The script checks "
        "that every order was handled exactly once and nothing was dead-lettered.",
        "- CPU time: user + system time from `/proc` of the APIs, the workers, PostgreSQL (its postmaster with every "
        "process under it, the script's progress queries included) and RabbitMQ (the process on the AMQP port with "
        "its helpers), from the start of the measured posting to the last confirmation, per order. *Cores busy*: "
        f"the share of the {cores} cores kept busy by *these* processes and by anything on the *machine* "
        "(`/proc/stat`, the neighbours included) over the same time.",
        "",
        "### Throughput and latency",
        "",
        *table([("Scenario", False), ("Orders/s", True), ("Accepted/s", True), ("p50 place → confirmed", True),
                ("p99 place → confirmed", True)],
               [[label, f"{s['units_per_s']:,.0f}", f"{s['accepted_per_s']:,.0f}", f"{s['latency_ms']['p50']:,.0f} ms",
                 f"{s['latency_ms']['p99']:,.0f} ms"] for s, label in scenarios]),
        "",
        "### CPU time per order",
        "",
        *table([("Scenario", False), *((heading, True) for heading in ("APIs", "Workers", "PostgreSQL", "RabbitMQ", "Total",
                                                                        "CPU-bound rate", "Cores busy: these / machine"))],
               [[label, *(f"{s['cpu_us_per_unit'][part]:,.0f} µs" for part in [*PARTS, "total"]),
                 "n/a" if s["cpu_bound_units_per_s"] is None else f"{s['cpu_bound_units_per_s']:,.0f}/s",
                 f"{percent(s['cores_busy']['processes'])} / {percent(s['cores_busy']['machine'])}"] for s, label in scenarios]),
        "",
        f"### Coordination overhead (goal: CPU per order at 2 + 2 / at 1 + 1 ≤ {OVERHEAD_GOAL:.2f})",
        "",
        *table([("Ratio, 2 + 2 / 1 + 1", False), ("Median", True), ("Rounds", False)],
               [["CPU per order (the goal)", f"{shown(overhead['ratio'])}: {goal(overhead['met'])}", rounds(overhead)],
                *([f"CPU per order, {label}", shown(by_process[part]["ratio"]), rounds(by_process[part])]
                  for part, label in (("api", "APIs"), ("workers", "workers"), ("postgres", "PostgreSQL"), ("rabbitmq", "RabbitMQ"))),
                ["Orders/s", shown(ratios["throughput"]["ratio"]), rounds(ratios["throughput"])]]),
        "",
        f"### What the figures predict for more cores (measured on {cores})",
        "",
        f"On {cores} cores two instances of each cannot add throughput: every process shares the same cores, so the "
        "figure that tells whether the design scales is the CPU an order costs when instances coordinate (claims on "
        "the outbox, competing consumers, more connections): "
        f"{two['total']:,.0f} µs at 2 + 2 against {one['total']:,.0f} µs at 1 + 1. At the CPU cost measured at 2 + 2, "
        "all processes on one machine of N cores could confirm at most "
        + ", ".join(f"{rate_:,.0f} orders/s on {k}" for k, rate_ in predicted["same_machine"].items() if rate_)
        + " (N × 10⁶ µs / total; waits and locks not included). Spread over nodes, the APIs and the workers scale "
        "by adding replicas: a core of API work places about "
        f"{per_core['api'] or 0:,.0f} orders/s and a core of worker work confirms about {per_core['workers'] or 0:,.0f}. "
        "The one PostgreSQL and the one RabbitMQ do not: a core of PostgreSQL serves about "
        f"{per_core['postgres'] or 0:,.0f} orders/s ({two['postgres']:,.0f} µs each) and a core of RabbitMQ about "
        f"{per_core['rabbitmq'] or 0:,.0f} ({two['rabbitmq']:,.0f} µs), so {first_bound} is the first limit that more "
        "replicas meet.",
    ]
    return "\n".join([*lines, "", raw_figures_line(json_link), END, ""])


def main():
    args = report_args(__doc__, "scale")
    meta, runs = load_results(args.results, "scale.jsonl")
    summary, ratios = summarize(runs, meta["cores"])
    predicted = predictions(summary)

    write_json(args.json, {"meta": meta, "goals": {"overhead_max": OVERHEAD_GOAL, **ratios}, "predicted": predicted,
                           "scenarios": summary, "runs": runs})
    write_section(args.docs, BEGIN, END, markdown(meta, summary, ratios, predicted, link_from(args.docs, args.json)))

    for scenario, label in SCENARIOS:
        s = summary[scenario]
        print(f"  {label:20} {s['units_per_s']:>8,.1f} orders/s  p50 {s['latency_ms']['p50']:>7,.1f} ms  "
              f"p99 {s['latency_ms']['p99']:>7,.1f} ms  CPU {s['cpu_us_per_unit']['total']:>8,.1f} µs/order  "
              f"cores busy {percent(s['cores_busy']['machine'])}")
    overhead = ratios["overhead"]
    print(f"  CPU per order, 2+2 / 1+1: {shown(overhead['ratio'])} ({'met' if overhead['met'] else 'MISSED'}, goal ≤ {OVERHEAD_GOAL})")


if __name__ == "__main__":
    main()
