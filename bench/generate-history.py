#!/usr/bin/env python3
"""Seeded, reproducible register histories that are atomic by construction (benchmark input).

The history is produced by simulating a linearizable register: every process runs its operations
one after another; each operation gets an interval [invoke, complete] (durations are random, with a
few long ones) and a linearization point inside that interval. The operations are then applied in
the order of their points: a read returns the latest write at its point, a cas succeeds when the
current value equals its expected value (and fails otherwise, which leaves the register unchanged).
So every history written here is atomic (and therefore regular and safe).

  bench/generate-history.py --ops 1000000 --processes 32 --seed 1 > h.json
  bench/generate-history.py --model cas-register --ops 4000 --values 5 --format edn > h.edn

Models:
  register      reads and writes; every written value is distinct (0, 1, 2, ...), initial null
  cas-register  reads, writes and cas [expected, new] over a small domain (--values), so values
                repeat; initial 0
Formats: native (SPEC section 3 JSON, times in nanoseconds) or edn (Jepsen events in time order;
EDN has no initial value, so check a cas-register EDN history with --initial 0).
Python 3 standard library only.
"""
import argparse
import heapq
import random
import sys


def simulate(args):
    """Returns operations as lists [process, register, kind, value, invoke, complete, status, point]."""
    rng = random.Random(args.seed)
    mean = args.mean_duration
    ops = []
    # (next invoke time, process)
    ready = [(rng.randrange(0, mean), p) for p in range(args.processes)]
    heapq.heapify(ready)
    while len(ops) < args.ops:
        start, p = heapq.heappop(ready)
        if rng.random() < args.long_rate:
            duration = int(rng.expovariate(1.0 / (mean * args.long_factor))) + 2
        else:
            duration = int(rng.expovariate(1.0 / mean)) + 2
        end = start + duration
        point = rng.uniform(start + 0.5, end - 0.5)
        register = rng.randrange(args.registers)
        r = rng.random()
        if args.model == "cas-register":
            if r < args.read_fraction:
                kind = "read"
            elif r < args.read_fraction + (1 - args.read_fraction) / 2:
                kind = "write"
            else:
                kind = "cas"
        else:
            kind = "read" if r < args.read_fraction else "write"
        status = "ok"
        if kind != "read" and rng.random() < args.fail_rate:
            status = "fail"   # never took effect
        ops.append([p, register, kind, None, start, end, status, point])
        gap = int(rng.expovariate(1.0 / args.mean_gap)) + 1
        heapq.heappush(ready, (end + gap, p))

    # Apply the operations in linearization-point order.
    current = {}
    initial = 0 if args.model == "cas-register" else None
    next_value = 0
    for op in sorted(ops, key=lambda o: o[7]):
        reg = op[1]
        value_now = current.get(reg, initial)
        kind = op[2]
        if kind == "read":
            op[3] = value_now
        elif kind == "write":
            if args.model == "cas-register":
                op[3] = rng.randrange(args.values)
            else:
                op[3] = next_value
                next_value += 1
            if op[6] == "ok":
                current[reg] = op[3]
        else:  # cas
            expected = value_now if rng.random() < args.cas_hit else rng.randrange(args.values)
            new = rng.randrange(args.values)
            op[3] = [expected, new]
            if op[6] == "ok":
                if expected == value_now:
                    current[reg] = new
                else:
                    op[6] = "fail"
    return ops, initial


def value_json(v):
    if v is None:
        return "null"
    if isinstance(v, list):
        return "[" + ",".join(value_json(x) for x in v) + "]"
    return str(v)


def value_edn(v):
    if v is None:
        return "nil"
    if isinstance(v, list):
        return "[" + " ".join(value_edn(x) for x in v) + "]"
    return str(v)


def write_native(ops, initial, args, out):
    out.write('{"name":"%s","model":"%s","initial":%s,"operations":[\n'
              % (args.name or "generated seed %d" % args.seed, args.model, value_json(initial)))
    last = len(ops) - 1
    for i, (p, reg, kind, value, start, end, status, _) in enumerate(ops):
        out.write('{"id":%d,"process":"p%d","register":"r%d","kind":"%s","value":%s,"invoke":%d,"complete":%d,"status":"%s"}%s\n'
                  % (i, p, reg, kind, value_json(value), start, end, status, "" if i == last else ","))
    out.write("]}\n")


def write_edn(ops, initial, args, out):
    if args.registers != 1:
        sys.exit("generate-history: --format edn supports one register only")
    if initial is not None and args.model == "register":
        sys.exit("generate-history: edn histories start from nil")
    events = []
    for p, reg, kind, value, start, end, status, _ in ops:
        invoke_value = None if kind == "read" else value
        events.append((start, 0, p, "invoke", kind, invoke_value))
        events.append((end, 1, p, status, kind, value))
    events.sort(key=lambda e: (e[0], e[1]))
    out.write("[")
    for i, (t, _, p, typ, kind, value) in enumerate(events):
        out.write("%s{:process %d, :type :%s, :f :%s, :value %s, :time %d}\n"
                  % ("" if i == 0 else " ", p, typ, kind, value_edn(value), t))
    out.write("]\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--ops", type=int, required=True, help="number of operations")
    ap.add_argument("--processes", type=int, default=32)
    ap.add_argument("--registers", type=int, default=1)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--model", choices=["register", "cas-register"], default="register")
    ap.add_argument("--format", choices=["native", "edn"], default="native")
    ap.add_argument("--read-fraction", type=float, default=0.5)
    ap.add_argument("--fail-rate", type=float, default=0.005, help="writes (and cas) that fail")
    ap.add_argument("--mean-duration", type=int, default=1000, help="ns")
    ap.add_argument("--mean-gap", type=int, default=500, help="ns between a process's operations")
    ap.add_argument("--long-rate", type=float, default=0.02, help="fraction of long operations")
    ap.add_argument("--long-factor", type=int, default=50, help="long operations last this many times longer")
    ap.add_argument("--values", type=int, default=5, help="cas-register: size of the value domain")
    ap.add_argument("--cas-hit", type=float, default=0.5, help="cas-register: chance a cas expects the current value")
    ap.add_argument("--name")
    args = ap.parse_args()
    ops, initial = simulate(args)
    out = sys.stdout
    if args.format == "native":
        write_native(ops, initial, args, out)
    else:
        write_edn(ops, initial, args, out)


if __name__ == "__main__":
    main()
