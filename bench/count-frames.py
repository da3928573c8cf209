#!/usr/bin/python3
"""Counts the video frames of one recorded stream and the frames missing between them.

Reads lines "FILE<TAB>OFFSET_SECONDS" on standard input: the segments of one stream and where each one's
time zero lies on a common time line (a start tag, or a segment list's start). Prints "FRAMES MISSING":
MISSING adds up, over consecutive frames, the frame intervals skipped (a step of three intervals is two
frames missing). The source sends a constant FPS, so any hole is a lost frame, inside a segment or between
two of them. Each hole is also described on standard error: where it lies and how many frames it misses.
Usage: count-frames.py FPS < segments.tsv
"""

import subprocess
import sys


def main(argv):
    fps = float(argv[0])
    times = []
    for line in sys.stdin:
        if not line.strip():
            continue
        path, offset = line.rstrip("\n").split("\t")
        out = subprocess.run(["ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries",
                              "packet=pts_time", "-of", "csv=p=0", path],
                             check=True, capture_output=True, text=True).stdout
        times.extend((float(offset) + float(t), path) for t in out.split() if t.strip() not in ("", "N/A"))
    times.sort()
    missing = 0
    for (a, before), (b, after) in zip(times, times[1:]):
        lost = max(0, round((b - a) * fps) - 1)
        if lost:
            missing += lost
            print("%d frames missing after %.3f (%s) before %.3f (%s)" % (lost, a, before, b, after),
                  file=sys.stderr)
    print(len(times), missing)


if __name__ == "__main__":
    main(sys.argv[1:])
