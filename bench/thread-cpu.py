#!/usr/bin/python3
"""Which threads of a process use its CPU: user and kernel time per thread group over a window.

`snapshot` writes utime and stime of every thread (/proc/PID/task/TID/stat) with its name to a file;
`diff` compares two snapshots and prints, per group of threads (names with their numbers replaced by *,
such as "GC Thread#*" or "osprey-io-*"), the share of one core in user and in kernel time over the window.
Usage: thread-cpu.py snapshot PID FILE | thread-cpu.py diff BEFORE AFTER SECONDS
"""

import collections
import os
import re
import sys


def snapshot(pid, path):
    with open(path, "w") as out:
        for tid in os.listdir("/proc/%s/task" % pid):
            try:
                with open("/proc/%s/task/%s/comm" % (pid, tid)) as comm:
                    name = comm.read().strip()
                with open("/proc/%s/task/%s/stat" % (pid, tid)) as stat:
                    fields = stat.read().rsplit(")", 1)[1].split()
            except OSError:
                continue  # the thread ended meanwhile
            out.write("%s\t%s\t%s\t%s\n" % (tid, fields[11], fields[12], name))


def read(path):
    threads = {}
    with open(path) as lines:
        for line in lines:
            tid, user, kernel, name = line.rstrip("\n").split("\t")
            threads[tid] = (int(user), int(kernel), name)
    return threads


def diff(before_path, after_path, seconds):
    hz = os.sysconf("SC_CLK_TCK")
    before, after = read(before_path), read(after_path)
    groups = collections.defaultdict(lambda: [0, 0, 0])
    for tid, (user, kernel, name) in after.items():
        user0, kernel0, _ = before.get(tid, (0, 0, name))
        group = groups[re.sub(r"\d+", "*", name)]
        group[0] += user - user0
        group[1] += kernel - kernel0
        group[2] += 1
    total_user = sum(g[0] for g in groups.values())
    total_kernel = sum(g[1] for g in groups.values())
    scale = 100.0 / hz / seconds
    print("%% of a core over %d s: user %.1f, kernel %.1f" % (seconds, total_user * scale, total_kernel * scale))
    print("  user %  kernel %  threads  group")
    for name, (user, kernel, count) in sorted(groups.items(), key=lambda g: -(g[1][0] + g[1][1])):
        if user + kernel > 0:
            print("%8.2f  %8.2f  %7d  %s" % (user * scale, kernel * scale, count, name))


def main(argv):
    if argv[0] == "snapshot":
        snapshot(argv[1], argv[2])
    elif argv[0] == "diff":
        diff(argv[1], argv[2], float(argv[3]))
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])
