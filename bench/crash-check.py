#!/usr/bin/env python3
"""Checks one array of a restarted server against what workloads recorded as acknowledged.

    crash-check.py URL ARRAY REPLICAS TAG ACK_FILE...

ACK_FILE: `registrar workload --record` output, one JSON line per acknowledged operation.
Checks: every acknowledged operation is in the live history with its kind, register and value,
status ok; ids unique; nothing pending; on one replica each register reads a value written by a
recorded write that does not precede the register's last acknowledged write (null if none was
acknowledged and none recorded); the live verdict is atomic. Prints one summary line; exit 1 and
one line per problem (at most 20) otherwise. Standard library only.
"""
import json
import sys
import urllib.request

TIMEOUT = 60


def get(url):
    with urllib.request.urlopen(url, timeout=TIMEOUT) as response:
        return json.load(response)


def main():
    url, array, replicas, tag, files = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5:]
    problems = []
    acknowledged = []
    for name in files:
        with open(name) as f:
            acknowledged += [json.loads(line) for line in f if line.strip()]

    history, after = [], -1
    while True:
        page = get(f"{url}/arrays/{array}/history?limit=10000&after={after}")
        history += page["operations"]
        if page.get("next") is None:
            break
        after = page["next"]
    by_id = {}
    for op in history:
        if op["id"] in by_id:
            problems.append(f"operation id {op['id']} appears twice in the history")
        by_id[op["id"]] = op
    pending = [op["id"] for op in history if op.get("status") == "pending"]
    if pending:
        problems.append(f"{len(pending)} operations still pending after restart, first {pending[:5]}")

    missing = 0
    for ack in acknowledged:
        op = by_id.get(ack["id"])
        if op is None:
            missing += 1
            if missing <= 5:
                problems.append(f"acknowledged operation missing from the history: {json.dumps(ack)}")
            continue
        for field in ("kind", "register", "value", "process"):
            if op.get(field) != ack.get(field):
                problems.append(f"operation {ack['id']}: {field} is {json.dumps(op.get(field))} in the history, "
                                f"{json.dumps(ack.get(field))} when acknowledged")
        if op.get("status") != "ok":
            problems.append(f"acknowledged operation {ack['id']} has status {op.get('status')}")
    if missing > 5:
        problems.append(f"... {missing} acknowledged operations missing in all")

    if replicas == 1:
        registers = get(f"{url}/arrays/{array}")["size"]
        for register in range(registers):
            read = get(f"{url}/arrays/{array}/registers/{register}?process=verify-{tag}")
            value = read["value"]
            writes = [op for op in history if op["kind"] == "write" and op["register"] == register
                      and op.get("status") in ("ok", "info")]
            acked = [by_id[a["id"]] for a in acknowledged
                     if a["kind"] == "write" and a["register"] == register and a["id"] in by_id]
            latest_invoke = max((op["invoke"] for op in acked), default=None)
            # A write that completed before an acknowledged write began cannot be the last one.
            allowed = [op["value"] for op in writes
                       if latest_invoke is None or op.get("complete") is None or op["complete"] >= latest_invoke]
            if not acked and not writes:
                allowed.append(None)
            if value not in allowed:
                last = max(acked, key=lambda op: op["id"], default=None)
                problems.append(f"register {register} reads {json.dumps(value)}; its last acknowledged write "
                                f"was {json.dumps(last and last['value'])} (id {last and last['id']})")

    verdict = get(f"{url}/arrays/{array}/verdict")
    if verdict.get("consistency") != "atomic":
        weak = [r for r in verdict.get("registers", []) if r.get("consistency") != "atomic"]
        detail = "; ".join(v.get("message", "") for r in weak for v in r.get("violations", []))[:400]
        problems.append(f"verdict {verdict.get('consistency')}: {detail}")

    print(f"{array}: {len(acknowledged)} acknowledged, {len(history)} in the history, "
          f"{missing} missing, verdict {verdict.get('consistency')}")
    for problem in problems[:20]:
        print(f"  FAIL {array}: {problem}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
