#!/usr/bin/python3
"""Test cameras for Osprey: an RTSP server on 127.0.0.1 built on GStreamer's gst-rtsp-server.

Mounts (all live, a moving ball with a running-time overlay, GOP of one second):
  /h264        H.264
  /h265        H.265
  /mjpeg       M-JPEG
  /h264-audio  H.264 with audio (AAC by default, G.711 with --audio pcmu or pcma)
  /h264-g711   H.264 with G.711 mu-law audio

Run it with Debian's /usr/bin/python3, which sees python3-gi (scripts/install-packages.sh):
  /usr/bin/python3 scripts/rtsp-test-server.py 0
prints one line "READY rtsp://127.0.0.1:<port>" once it listens, then "CLIENT <n>" when the n-th RTSP
connection opens and "CLOSED <n>" when it ends, so a test can count connections. It runs until SIGTERM,
SIGINT or the end of its standard input, so a test that starts it as a child process cannot leave it
behind.

Each mount has one shared pipeline however many clients read it, and starts encoding when the first
client connects.
"""

import argparse
import os
import signal
import sys

try:
    import gi

    gi.require_version("Gst", "1.0")
    gi.require_version("GstRtsp", "1.0")
    gi.require_version("GstRtspServer", "1.0")
    from gi.repository import GLib, Gst, GstRtsp, GstRtspServer
except (ImportError, ValueError) as e:
    sys.stderr.write(
        "rtsp-test-server: GStreamer's Python bindings are missing (%s); run it with /usr/bin/python3 "
        "after scripts/install-packages.sh (python3-gi, gir1.2-gst-rtsp-server-1.0)\n" % e)
    sys.exit(2)

HOST = "127.0.0.1"
AUDIO_CODECS = ("aac", "pcmu", "pcma")


def parse_args(argv):
    parser = argparse.ArgumentParser(description="Test cameras on an RTSP server bound to 127.0.0.1.")
    parser.add_argument("port", type=int, help="TCP port; 0 picks a free one (printed in the READY line)")
    parser.add_argument("--width", type=int, default=640)
    parser.add_argument("--height", type=int, default=360)
    parser.add_argument("--fps", type=int, default=15)
    parser.add_argument("--bitrate", type=int, default=500, help="video bit rate in kbit/s (H.264, H.265)")
    parser.add_argument("--audio", choices=AUDIO_CODECS, default="aac", help="audio codec of /h264-audio")
    parser.add_argument("--credentials", metavar="USER:PASSWORD",
                        help="require these credentials on every mount")
    parser.add_argument("--auth", choices=("basic", "digest"), default="basic",
                        help="authentication method with --credentials")
    args = parser.parse_args(argv)
    if not 0 <= args.port <= 65535:
        parser.error("port must be between 0 and 65535")
    if args.width < 16 or args.height < 16 or args.width % 2 or args.height % 2:
        parser.error("width and height must be even and at least 16")
    if args.width > 2040 or args.height > 2040:
        parser.error("RTP/JPEG carries at most 2040x2040")
    if not 1 <= args.fps <= 60:
        parser.error("fps must be between 1 and 60")
    if args.credentials is not None and ":" not in args.credentials:
        parser.error("--credentials must be USER:PASSWORD")
    return args


def video_source(args):
    caps = "video/x-raw,width=%d,height=%d,framerate=%d/1" % (args.width, args.height, args.fps)
    overlay = ""
    # timeoverlay comes with the pango plugin (Debian: gstreamer1.0-x); the cameras work without it.
    if Gst.ElementFactory.find("timeoverlay") is not None:
        overlay = " ! timeoverlay halignment=left valignment=top"
    # I420 because RTP/JPEG carries 4:2:0 or 4:2:2 only and H.264 baseline wants 4:2:0; videotestsrc
    # would otherwise offer Y444 first.
    return "videotestsrc is-live=true pattern=ball ! %s%s ! videoconvert ! video/x-raw,format=I420" % (
        caps, overlay)


def h264(args, payloader="pay0"):
    # key-int-max = fps gives the one-second GOP recorders cut segments on; config-interval=-1 repeats
    # SPS/PPS before every IDR so a client joining late can decode from its first keyframe.
    return ("%s ! x264enc tune=zerolatency speed-preset=ultrafast key-int-max=%d bitrate=%d "
            "! video/x-h264,profile=baseline ! rtph264pay name=%s pt=96 config-interval=-1"
            % (video_source(args), args.fps, args.bitrate, payloader))


def h265(args):
    return ("%s ! x265enc tune=zerolatency speed-preset=ultrafast key-int-max=%d bitrate=%d "
            "! rtph265pay name=pay0 pt=96 config-interval=-1"
            % (video_source(args), args.fps, args.bitrate))


def mjpeg(args):
    return "%s ! jpegenc quality=70 ! rtpjpegpay name=pay0 pt=26" % video_source(args)


def audio(codec, payloader="pay1"):
    if codec == "aac":
        # 20 ms buffers keep audio and video interleaved finely.
        return ("audiotestsrc is-live=true wave=sine freq=440 samplesperbuffer=320 "
                "! audio/x-raw,rate=16000,channels=1 ! audioconvert ! avenc_aac bitrate=32000 "
                "! rtpmp4gpay name=%s pt=97" % payloader)
    encoder, pay, pt = ("mulawenc", "rtppcmupay", 0) if codec == "pcmu" else ("alawenc", "rtppcmapay", 8)
    return ("audiotestsrc is-live=true wave=sine freq=440 samplesperbuffer=160 "
            "! audio/x-raw,rate=8000,channels=1 ! %s ! %s name=%s pt=%d" % (encoder, pay, payloader, pt))


def mounts(args):
    return {
        "/h264": h264(args),
        "/h265": h265(args),
        "/mjpeg": mjpeg(args),
        "/h264-audio": "%s %s" % (h264(args), audio(args.audio)),
        "/h264-g711": "%s %s" % (h264(args), audio("pcmu")),
    }


def authentication(args):
    user, password = args.credentials.split(":", 1)
    auth = GstRtspServer.RTSPAuth()
    token = GstRtspServer.RTSPToken()
    token.set_string("media.factory.role", "camera-user")
    if args.auth == "digest":
        auth.set_supported_methods(GstRtsp.RTSPAuthMethod.DIGEST)
        auth.add_digest(user, password, token)
    else:
        auth.set_supported_methods(GstRtsp.RTSPAuthMethod.BASIC)
        auth.add_basic(GstRtspServer.RTSPAuth.make_basic(user, password), token)
    permissions = GstRtspServer.RTSPPermissions()
    permissions.add_permission_for_role("camera-user", "media.factory.access", True)
    permissions.add_permission_for_role("camera-user", "media.factory.construct", True)
    return auth, permissions


def check_elements(launch_lines):
    names = set()
    for line in launch_lines:
        for part in line.replace("(", " ").replace(")", " ").split("!"):
            words = part.split()
            if words and "/" not in words[0]:
                names.add(words[0])
    missing = sorted(n for n in names if Gst.ElementFactory.find(n) is None)
    if missing:
        sys.stderr.write("rtsp-test-server: GStreamer elements missing: %s (run scripts/install-packages.sh)\n"
                         % ", ".join(missing))
        sys.exit(2)


def say(line):
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def main(argv):
    args = parse_args(argv)
    Gst.init(None)
    pipelines = mounts(args)
    check_elements(pipelines.values())

    server = GstRtspServer.RTSPServer()
    server.set_address(HOST)
    server.set_service(str(args.port))
    permissions = None
    if args.credentials is not None:
        auth, permissions = authentication(args)
        server.set_auth(auth)

    mount_points = server.get_mount_points()
    for path, launch in pipelines.items():
        factory = GstRtspServer.RTSPMediaFactory()
        factory.set_launch("( %s )" % launch)
        factory.set_shared(True)
        if permissions is not None:
            factory.set_permissions(permissions)
        mount_points.add_factory(path, factory)

    loop = GLib.MainLoop()
    if server.attach(None) == 0:
        sys.stderr.write("rtsp-test-server: cannot listen on %s:%d\n" % (HOST, args.port))
        return 1

    def quit_loop(*_):
        loop.quit()
        return GLib.SOURCE_REMOVE

    def stdin_event(fd, condition):
        # Only the end of input matters; anything written to stdin is read and ignored.
        if condition & (GLib.IO_HUP | GLib.IO_ERR) or not os.read(fd, 4096):
            loop.quit()
            return GLib.SOURCE_REMOVE
        return GLib.SOURCE_CONTINUE

    GLib.unix_signal_add(GLib.PRIORITY_DEFAULT, signal.SIGTERM, quit_loop)
    GLib.unix_signal_add(GLib.PRIORITY_DEFAULT, signal.SIGINT, quit_loop)
    GLib.io_add_watch(sys.stdin.fileno(), GLib.PRIORITY_DEFAULT, GLib.IO_IN | GLib.IO_HUP | GLib.IO_ERR,
                      stdin_event)

    clients = [0]

    def client_connected(_server, client):
        clients[0] += 1
        number = clients[0]
        client.connect("closed", lambda _client: say("CLOSED %d" % number))
        say("CLIENT %d" % number)

    server.connect("client-connected", client_connected)

    say("READY rtsp://%s:%d" % (HOST, server.get_bound_port()))
    loop.run()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
