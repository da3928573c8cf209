#!/usr/bin/python3
"""Splits a JVM's resident memory into its Java heap and everything else (native: FFmpeg, threads, code).

Reads the heap's address range from `jcmd <pid> GC.heap_info` and sums Rss over /proc/<pid>/smaps inside
and outside it. Prints "HEAP_RSS_KIB OTHER_RSS_KIB".
Usage: jvm-memory.py PID
"""

import re
import subprocess
import sys


def main(argv):
    pid = argv[0]
    info = subprocess.run(["jcmd", pid, "GC.heap_info"], capture_output=True, text=True, check=True).stdout
    match = re.search(r"\[(0x[0-9a-f]+),\s*(0x[0-9a-f]+)\)", info)
    low, high = int(match.group(1), 16), int(match.group(2), 16)
    heap = other = 0
    start = end = 0
    with open("/proc/%s/smaps" % pid) as smaps:
        for line in smaps:
            head = re.match(r"^([0-9a-f]+)-([0-9a-f]+) ", line)
            if head:
                start, end = int(head.group(1), 16), int(head.group(2), 16)
            elif line.startswith("Rss:"):
                kib = int(line.split()[1])
                if start >= low and end <= high:
                    heap += kib
                else:
                    other += kib
    print(heap, other)


if __name__ == "__main__":
    main(sys.argv[1:])
