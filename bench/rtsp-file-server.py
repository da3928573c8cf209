#!/usr/bin/python3
"""Benchmark cameras: one pre-encoded H.264 file served over RTSP on 127.0.0.1 at N mounts /s1 .. /sN.

Each mount has one shared pipeline that only demuxes and packetises the file (no transcoding), paced in
real time, so the server is not what limits a recording benchmark. Every client of a mount gets the same
packets, which lets two recorders read one camera side by side.

Run it with Debian's /usr/bin/python3 (python3-gi, gir1.2-gst-rtsp-server-1.0):
  /usr/bin/python3 bench/rtsp-file-server.py FILE N [PORT]
prints "READY rtsp://127.0.0.1:<port>" once it listens and runs until SIGTERM, SIGINT or the end of its
standard input.
"""

import signal
import sys

import gi

gi.require_version("Gst", "1.0")
gi.require_version("GstRtspServer", "1.0")
from gi.repository import GLib, Gst, GstRtspServer  # noqa: E402


def main(argv):
    if len(argv) not in (2, 3):
        sys.stderr.write("usage: rtsp-file-server.py FILE N [PORT]\n")
        return 2
    path, mounts = argv[0], int(argv[1])
    port = int(argv[2]) if len(argv) == 3 else 0
    Gst.init(None)
    server = GstRtspServer.RTSPServer()
    server.set_address("127.0.0.1")
    server.set_service(str(port))
    # config-interval=-1 repeats SPS/PPS before every IDR, so a client joining mid-stream can start at
    # the next keyframe, as with a camera.
    launch = ("( filesrc location=%s ! qtdemux ! h264parse config-interval=-1 ! rtph264pay name=pay0 pt=96 )"
              % path)
    points = server.get_mount_points()
    for i in range(1, mounts + 1):
        factory = GstRtspServer.RTSPMediaFactory()
        factory.set_launch(launch)
        factory.set_shared(True)
        points.add_factory("/s%d" % i, factory)
    if server.attach(None) == 0:
        sys.stderr.write("cannot listen on 127.0.0.1:%d\n" % port)
        return 1
    loop = GLib.MainLoop()

    def stop(*_):
        loop.quit()
        return False

    GLib.unix_signal_add(GLib.PRIORITY_DEFAULT, signal.SIGTERM, stop)
    GLib.unix_signal_add(GLib.PRIORITY_DEFAULT, signal.SIGINT, stop)

    def stdin_event(fd, condition):
        if condition & (GLib.IO_HUP | GLib.IO_ERR) or not sys.stdin.buffer.raw.read(4096):
            loop.quit()
            return False
        return True

    GLib.io_add_watch(sys.stdin.fileno(), GLib.PRIORITY_DEFAULT, GLib.IO_IN | GLib.IO_HUP | GLib.IO_ERR,
                      stdin_event)
    print("READY rtsp://127.0.0.1:%d" % server.get_bound_port(), flush=True)
    loop.run()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
