#!/usr/bin/python3
"""Where a JVM spends its CPU, from a Java Flight Recording: the hottest methods by execution samples.

Reads `jfr print --events jdk.ExecutionSample` (Java code running on a CPU) and prints the share of samples
whose top frame is each method (self), and the share whose stack contains it anywhere (total), the hottest
first. Native time spent in a JNI call shows as the Java method that called it. Kernel time (system calls)
is not sampled by JFR: compare utime and stime of the process for it.
Usage: jfr-hot.py RECORDING.jfr [TOP]
"""

import collections
import re
import subprocess
import sys


def stacks(recording):
    text = subprocess.run(["jfr", "print", "--events", "jdk.ExecutionSample", "--stack-depth", "64", recording],
                          capture_output=True, text=True, check=True).stdout
    for event in text.split("jdk.ExecutionSample")[1:]:
        frames = re.findall(r"^\s+([\w$.<>/]+)\(.*?\)\s+line:", event, re.MULTILINE)
        if frames:
            yield frames


def main(argv):
    top = int(argv[1]) if len(argv) > 1 else 40
    own = collections.Counter()
    anywhere = collections.Counter()
    samples = 0
    for frames in stacks(argv[0]):
        samples += 1
        own[frames[0]] += 1
        for method in set(frames):
            anywhere[method] += 1
    if samples == 0:
        print("no execution samples")
        return
    print("%d execution samples" % samples)
    print("\nself %   method (top frame)")
    for method, count in own.most_common(top):
        print("%6.1f   %s" % (100.0 * count / samples, method))
    print("\ntotal %  method (anywhere on the stack)")
    for method, count in anywhere.most_common(top):
        print("%6.1f   %s" % (100.0 * count / samples, method))


if __name__ == "__main__":
    main(sys.argv[1:])
