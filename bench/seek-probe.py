#!/usr/bin/python3
"""Times playback starts at random instants through Osprey's playback endpoint over HTTPS.

For each instant: a TLS connection is opened first (a player keeps one), then the clock starts, the request
GET /api/v1/media/cameras/{id}/playback?at=...&end=... is sent, and the fragmented MP4 answer is read box by
box until the first byte of the first 'mdat' payload: the first byte of video. Prints one line per
request, "headers_ms video_ms", after WARMUP unreported requests.
Usage: seek-probe.py CA_FILE PORT TOKEN CAMERA FIRST_EPOCH_S LAST_EPOCH_S REQUESTS WARMUP [SEED]
"""

import datetime
import http.client
import random
import ssl
import struct
import sys
import time


def iso(epoch):
    return datetime.datetime.fromtimestamp(epoch, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def read_exactly(response, n):
    data = b""
    while len(data) < n:
        chunk = response.read(n - len(data))
        if not chunk:
            raise EOFError("the answer ended after %d of %d bytes" % (len(data), n))
        data += chunk
    return data


def first_video_byte(response):
    while True:
        size, kind = struct.unpack(">I4s", read_exactly(response, 8))
        header = 8
        if size == 1:
            size = struct.unpack(">Q", read_exactly(response, 8))[0]
            header = 16
        if kind == b"mdat":
            read_exactly(response, 1)
            return
        read_exactly(response, size - header)


def main(argv):
    ca, port, token, camera = argv[0], int(argv[1]), argv[2], argv[3]
    first, last, requests, warmup = float(argv[4]), float(argv[5]), int(argv[6]), int(argv[7])
    rng = random.Random(int(argv[8]) if len(argv) > 8 else 4)
    context = ssl.create_default_context(cafile=ca)
    for i in range(warmup + requests):
        at = rng.uniform(first, last)
        connection = http.client.HTTPSConnection("127.0.0.1", port, context=context, timeout=30)
        connection.connect()
        began = time.perf_counter()
        connection.request("GET", "/api/v1/media/cameras/%s/playback?at=%s&end=%s" % (camera, iso(at), iso(at + 5)),
                           headers={"Authorization": "Bearer " + token})
        response = connection.getresponse()
        headers = time.perf_counter()
        if response.status != 200:
            sys.exit("playback at %s: %d %s" % (iso(at), response.status, response.read()[:300]))
        first_video_byte(response)
        video = time.perf_counter()
        connection.close()
        if i >= warmup:
            print("%.2f %.2f" % ((headers - began) * 1000, (video - began) * 1000), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
