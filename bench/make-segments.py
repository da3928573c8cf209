#!/usr/bin/python3
"""Fills a storage folder with a span of self-describing segment files, fast, from one template file.

The template is a Matroska segment written by ffmpeg without CRC elements, tagged with a placeholder
start (2000-01-01T00:00:00.000000Z). Each copy gets its own start in place of the placeholder, which has the
same length, so no element size changes: the copies are valid files that differ only in their start tag,
named and placed as the recorder names them (<camera>/<yyyy>/<MM>/<dd>/<startMicros>-continuous.mkv).
Usage: make-segments.py TEMPLATE ROOT CAMERA FIRST_START_EPOCH_S COUNT SEGMENT_S
"""

import datetime
import os
import sys

PLACEHOLDER = b"2000-01-01T00:00:00.000000Z"


def main(argv):
    template, root, camera = argv[0], argv[1], argv[2]
    first, count, length = int(argv[3]), int(argv[4]), int(argv[5])
    data = open(template, "rb").read()
    if data.count(PLACEHOLDER) != 1:
        sys.exit("the template must hold the placeholder start exactly once")
    at = data.index(PLACEHOLDER)
    for i in range(count):
        start = datetime.datetime.fromtimestamp(first + i * length, datetime.timezone.utc)
        stamp = start.strftime("%Y-%m-%dT%H:%M:%S.000000Z").encode()
        folder = os.path.join(root, camera, start.strftime("%Y/%m/%d"))
        os.makedirs(folder, exist_ok=True)
        with open(os.path.join(folder, "%d-continuous.mkv" % ((first + i * length) * 1_000_000)), "wb") as f:
            f.write(data[:at] + stamp + data[at + len(PLACEHOLDER):])


if __name__ == "__main__":
    main(sys.argv[1:])
