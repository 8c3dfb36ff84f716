#!/usr/bin/env python3
"""CPU time of the processes an order-pipeline scenario runs on, from /proc (bench/queue/run.sh, bench/scale/run.sh).

    cputime.py servers PG_DATA_DIR AMQP_PORT
        prints "<postmaster pid> <broker pid>": PostgreSQL's from the postmaster.pid file of its data directory,
        RabbitMQ's as the process that listens on the AMQP port on this machine
    cputime.py ticks API_PID[,API_PID...] POSTMASTER_PID BROKER_PID [WORKER_PID...]
        prints "<api> <workers> <postgres> <rabbitmq> <machine busy> <machine all>": user + system time in clock
        ticks. A server counts with every process under it (PostgreSQL's backends, RabbitMQ's helpers) and with the
        children it has reaped (ended backends), so a backend that ends between two readings still counts. Several
        APIs (pids joined by commas) count together; pass 0 for no API. The last two are the whole machine's, all
        cores together, from /proc/stat: the ticks something ran (user, nice, system, interrupts, steal) and all ticks
        (those and idle, I/O wait); between two readings their ratio is how busy the cores were, whoever kept them
        busy.
    cputime.py per-unit UNITS "BEFORE" "AFTER"
        given two readings of `ticks` taken around UNITS units of work, prints as JSON the CPU time per unit in µs
        of each part ({"api": ..., "workers": ..., "postgres": ..., "rabbitmq": ...}) and how busy the machine's cores
        were between them: {"cpu_us_per_unit": {...}, "machine_busy": 0.9} (null when no tick passed). UNITS 0 counts
        as 1: a smoke run's tiny backlog can be done before the first reading.

Exits with a message when a process cannot be found: the CPU figures are only defined for servers on this machine.
"""

import json
import os
import sys

PARTS = ("api", "workers", "postgres", "rabbitmq")


def stat(pid):
    """(parent pid, own ticks, reaped children's ticks), or None when the process has ended."""
    try:
        with open(f"/proc/{pid}/stat", encoding="utf-8") as file:
            text = file.read()
    except (FileNotFoundError, ProcessLookupError):
        return None
    # Fields after "pid (comm) ", which may itself hold spaces and parentheses: state, ppid, ..., utime (14th field
    # of the line), stime, cutime, cstime.
    fields = text[text.rindex(")") + 2:].split()
    return int(fields[1]), int(fields[11]) + int(fields[12]), int(fields[13]) + int(fields[14])


def tree_ticks(root, parents):
    """Ticks of ROOT, of every process under it and of the children they reaped."""
    total, pending = 0, [root]
    while pending:
        pid = pending.pop()
        figures = stat(pid)
        if figures is not None:
            total += figures[1] + figures[2]
        pending.extend(child for child, parent in parents.items() if parent == pid)
    return total


def own_ticks(pid):
    figures = stat(pid) if pid else None
    return figures[1] + figures[2] if figures else 0


def listener(port):
    """The pid of the process with a TCP socket listening on PORT."""
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = open(table, encoding="utf-8").read().splitlines()[1:]
        except FileNotFoundError:
            continue
        for line in lines:
            columns = line.split()
            local, state, inode = columns[1], columns[3], columns[9]
            if state == "0A" and int(local.rsplit(":", 1)[1], 16) == port:  # 0A: LISTEN
                inodes.add(f"socket:[{inode}]")
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            descriptors = os.listdir(f"/proc/{pid}/fd")
        except (FileNotFoundError, PermissionError):
            continue
        for descriptor in descriptors:
            try:
                if os.readlink(f"/proc/{pid}/fd/{descriptor}") in inodes:
                    return int(pid)
            except (FileNotFoundError, PermissionError):
                continue
    sys.exit(f"cputime.py: no process on this machine listens on port {port}; the CPU figures need RabbitMQ here")


def machine_ticks():
    """(busy, all) clock ticks of every core together since boot, from the first line of /proc/stat."""
    with open("/proc/stat", encoding="utf-8") as file:
        user, nice, system, idle, iowait, irq, softirq, steal = (int(x) for x in file.readline().split()[1:9])
    busy = user + nice + system + irq + softirq + steal
    return busy, busy + idle + iowait


def main():
    command, arguments = sys.argv[1], sys.argv[2:]
    if command == "servers":
        data_dir, port = arguments
        try:
            postmaster = int(open(os.path.join(data_dir, "postmaster.pid"), encoding="utf-8").readline())
        except OSError as error:
            sys.exit(f"cputime.py: cannot read PostgreSQL's postmaster.pid ({error}); the CPU figures need it here")
        print(postmaster, listener(int(port)))
    elif command == "ticks":
        apis = [int(pid) for pid in arguments[0].split(",")]
        postmaster, broker, *workers = (int(pid) for pid in arguments[1:])
        parents = {}
        for pid in filter(str.isdigit, os.listdir("/proc")):
            figures = stat(pid)
            if figures is not None:
                parents[int(pid)] = figures[0]
        print(sum(own_ticks(api) for api in apis), sum(own_ticks(worker) for worker in workers), tree_ticks(postmaster, parents),
              tree_ticks(broker, parents), *machine_ticks())
    elif command == "per-unit":
        units, before, after = max(int(arguments[0]), 1), arguments[1].split(), arguments[2].split()
        used = [int(a) - int(b) for a, b in zip(after, before)]
        hertz = os.sysconf("SC_CLK_TCK")
        busy, everything = used[4:6]
        print(json.dumps({"cpu_us_per_unit": {part: round(ticks * 1e6 / hertz / units, 1) for part, ticks in zip(PARTS, used)},
                          "machine_busy": round(busy / everything, 3) if everything else None}))
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
