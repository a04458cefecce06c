#!/usr/bin/env python3
"""Splits a gateway's added time at concurrency 1 into its request side and its response side, from the scheduler.

Input: `perf sched timehist -w` output recorded while TtftProbe ran (gateway-ab.sh SPLIT=1 does this). Every
wake-up names the thread that woke another, so for each streamed request through a gateway:
  request side  = the client's write wakes a gateway thread ... a gateway thread wakes the model server
  response side = the model server's first token wakes a gateway thread ... a gateway thread wakes the client
(the model server's TTFT lies between the two and is excluded; it must be longer than MIN_GAP_S).

Usage: hop_split.py TIMEHIST CLIENT_PID SERVER_PID NAME=GATEWAY_PID [NAME=GATEWAY_PID ...]
"""
import re
import sys

MIN_GAP_S = 0.1  # the model server's TTFT in the benchmark is 200 ms
WAKE = re.compile(r'^\s*([\d.]+)\s+\[\d+\]\s+.*?\[(\d+)(?:/(\d+))?\]\s+awakened: .*?\[(\d+)(?:/(\d+))?\]')


def wakes(path):
    """(time, waker pid, woken pid) for every wake-up line; a thread's pid is its process id."""
    out = []
    with open(path) as f:
        for line in f:
            m = WAKE.match(line)
            if m:
                out.append((float(m.group(1)), m.group(3) or m.group(2), m.group(5) or m.group(4)))
    return out


def split(events, client, server, gateway):
    request, response = [], []
    i, n = 0, len(events)
    while i < n:
        t, src, dst = events[i]
        if not (src == client and dst == gateway):
            i += 1
            continue
        up = next((k for k in range(i, n) if events[k][1] == gateway and events[k][2] == server), None)
        if up is None:
            break
        token = next((k for k in range(up, n) if events[k][1] == server and events[k][2] == gateway
                      and events[k][0] > events[up][0] + MIN_GAP_S), None)
        if token is None:
            break
        out = next((k for k in range(token, n) if events[k][1] == gateway and events[k][2] == client), None)
        if out is None:
            break
        request.append((events[up][0] - t) * 1e3)
        response.append((events[out][0] - events[token][0]) * 1e3)
        i = out + 1
    return request, response


def quartiles(values):
    v = sorted(values)
    return '-' if not v else 'p25 %.3f  p50 %.3f  p75 %.3f ms' % (v[len(v) // 4], v[len(v) // 2], v[3 * len(v) // 4])


def main(argv):
    if len(argv) < 5:
        sys.exit(__doc__)
    events = wakes(argv[1])
    for spec in argv[4:]:
        name, pid = spec.split('=', 1)
        request, response = split(events, argv[2], argv[3], pid)
        print('%-10s %3d requests  request side %s  |  response side %s' % (name, len(request), quartiles(request),
                                                                             quartiles(response)))


if __name__ == '__main__':
    main(sys.argv)
