package org.osprey.recording.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osprey.api.media.CodecParameters;
import org.osprey.api.media.MediaPacket;

/**
 * The own Matroska writer checked against FFmpeg, for every codec the product records: FFmpeg's demuxer reads
 * back the stream parameters, every packet's time, keyframe flag and payload, and the tags, exactly as from
 * the same packets written by FFmpeg's own muxer; the video decodes without an error.
 */
class MatroskaSegmentWriterTest {

    private static final long START = Micros.of(Instant.parse("2026-11-20T10:00:00.000250Z"));
    private static final String[] VIDEO_SOURCE = {"-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25"};
    private static final String[] AUDIO_SOURCE = {"-f", "lavfi", "-i", "sine=frequency=440:sample_rate=8000"};
    /** Two seconds with a keyframe every second and no B-frames, as cameras encode. */
    private static final String[] X264 = {"-t", "2", "-c:v", "libx264", "-g", "25", "-bf", "0", "-pix_fmt",
        "yuv420p"};
    private static final String[] X265 = {"-t", "2", "-c:v", "libx265", "-g", "25", "-bf", "0", "-x265-params",
        "log-level=error"};

    @TempDir
    Path dir;

    @Test
    void h264AsAFileCameraDeliversItWithG711MuLaw() throws Exception {
        assertWrittenAsFfmpegWouldWrite(CodecClip.encode("mkv", args(VIDEO_SOURCE, AUDIO_SOURCE, X264,
                "-c:a", "pcm_mulaw")));
    }

    @Test
    void h264InAnnexBAsAnRtspCameraDeliversItWithAac() throws Exception {
        CodecClip video = CodecClip.encode("ts", args(VIDEO_SOURCE, X264));
        assertThat(NalUnits.isAnnexB(video.streams().get(0).extradata())).isTrue();
        CodecClip audio = CodecClip.encode("mka", args(AUDIO_SOURCE, "-t", "2", "-c:a", "aac"));
        assertWrittenAsFfmpegWouldWrite(video.withAudioOf(audio));
    }

    @Test
    void h264InAnnexBAsAnRtspCameraDeliversItWithG711ALaw() throws Exception {
        CodecClip video = CodecClip.encode("ts", args(VIDEO_SOURCE, X264));
        CodecClip audio = CodecClip.encode("mka", args(AUDIO_SOURCE, "-t", "2", "-c:a", "pcm_alaw"));
        assertWrittenAsFfmpegWouldWrite(video.withAudioOf(audio));
    }

    @Test
    void h265AsAFileCameraDeliversIt() throws Exception {
        assertWrittenAsFfmpegWouldWrite(CodecClip.encode("mkv", args(VIDEO_SOURCE, X265)));
    }

    @Test
    void h265InAnnexBAsAnRtspCameraDeliversIt() throws Exception {
        CodecClip clip = CodecClip.encode("ts", args(VIDEO_SOURCE, X265));
        assertThat(NalUnits.isAnnexB(clip.streams().get(0).extradata())).isTrue();
        assertWrittenAsFfmpegWouldWrite(clip);
    }

    @Test
    void motionJpeg() throws Exception {
        assertWrittenAsFfmpegWouldWrite(CodecClip.encode("mkv", args(VIDEO_SOURCE, "-t", "2", "-c:v", "mjpeg")));
    }

    /** MPEG-4 Part 2 and G.726 have no native track here: FFmpeg's muxer records such a camera as before. */
    @Test
    void otherCodecsStillGoThroughFfmpegsMuxer() throws Exception {
        CodecClip clip = CodecClip.encode("mkv", args(VIDEO_SOURCE, AUDIO_SOURCE, "-t", "2", "-c:v", "mpeg4",
                "-g", "25", "-c:a", "g726"));
        SegmentWriter writer = write(dir.resolve("mpeg4.mkv"), clip.streams(), clip.packets(START),
                SegmentWriter::open);
        assertThat(writer).isInstanceOf(FfmpegSegmentWriter.class);
        assertThat(writer.codecs()).containsExactly("mpeg4", "adpcm_g726");
        assertSamePackets(CodecClip.read(writer.file()), clip.streams(), clip.packets(0));
    }

    /** AAC as MPEG-TS carries it, ADTS without an AudioSpecificConfig, is FFmpeg's muxer's to convert. */
    @Test
    void aacWithoutItsConfigurationGoesThroughFfmpegsMuxer() throws Exception {
        CodecClip clip = CodecClip.encode("ts", args(VIDEO_SOURCE, AUDIO_SOURCE, X264, "-c:a", "aac"));
        assertThat(clip.streams().get(1).extradata()).isEmpty();
        SegmentWriter writer = write(dir.resolve("adts.mkv"), clip.streams(), clip.packets(START),
                SegmentWriter::open);
        assertThat(writer).isInstanceOf(FfmpegSegmentWriter.class);
        assertThat(writer.codecs()).containsExactly("h264", "aac");
    }

    /**
     * A GOP longer than a block's 16-bit millisecond offset from its cluster, or larger than the buffer is
     * let grow, goes to the file in several clusters before the flush that ends it.
     */
    @Test
    void aLongOrLargeGopIsWrittenBeforeItEnds() throws Exception {
        TestClip clip = TestClip.get();
        List<MediaPacket> packets = new ArrayList<>();
        for (MediaPacket packet : clip.packets(START)) {
            // Five pictures a second stretch the clip to 50 s; the first ten get 300 kB of filler each.
            long pts = START + (packet.ptsMicros() - START) * 5;
            ByteBuffer data = packets.size() < 10 ? withFiller(packet.data(), 300_000) : packet.data();
            packets.add(new MediaPacket(0, pts, pts, 0, packet.keyframe(), data));
        }
        Path file = dir.resolve("long.mkv");
        SegmentWriter writer = SegmentWriter.open(file, START, Map.of("OSPREY_START", Micros.iso(START)),
                clip.streams());
        long header = Files.size(file);
        for (MediaPacket packet : packets) {
            writer.write(0, packet.ptsMicros(), packet.dtsMicros(), 0, packet.keyframe(), packet.data());
        }
        // 3.6 MB over 50 s without a flush: all but the last cluster are in the file already.
        assertThat(Files.size(file)).isGreaterThan(header + 3_000_000);
        writer.finish();
        assertSamePackets(CodecClip.read(file), clip.streams(), packets.stream()
                .map(p -> new MediaPacket(0, p.ptsMicros() - START, p.dtsMicros() - START, 0, p.keyframe(), p.data()))
                .toList());
        Ffprobe.decode(file);
    }

    /**
     * A finished file: the SeekHead points at Info, Tracks, Tags and Cues; the Cues give every keyframe's
     * cluster; Duration and the Segment's size are filled in.
     */
    @Test
    void finishedFileIndexesEveryKeyframeThroughItsSeekHead() throws Exception {
        TestClip clip = TestClip.get();
        Path file = dir.resolve("cues.mkv");
        write(file, clip.streams(), clip.packets(START), SegmentWriter::open);
        byte[] bytes = Files.readAllBytes(file);
        EbmlReader reader = new EbmlReader(bytes);
        EbmlReader.Element segment = reader.at(reader.at(0).end());
        assertThat(segment.id()).isEqualTo(MatroskaIds.SEGMENT);
        assertThat(segment.end()).isEqualTo(bytes.length);

        Map<Integer, EbmlReader.Element> sought = new LinkedHashMap<>();
        for (EbmlReader.Element seek : reader.children(reader.child(segment, MatroskaIds.SEEK_HEAD))) {
            int id = (int) reader.unsigned(reader.child(seek, MatroskaIds.SEEK_ID));
            long position = reader.unsigned(reader.child(seek, MatroskaIds.SEEK_POSITION));
            sought.put(id, reader.at(segment.dataAt() + position));
        }
        assertThat(sought).hasSize(4).allSatisfy((id, element) -> assertThat(element.id()).isEqualTo(id));
        EbmlReader.Element info = sought.get(MatroskaIds.INFO);
        assertThat(reader.float64(reader.child(info, MatroskaIds.DURATION))).isEqualTo(10_000.0);

        List<Long> cued = new ArrayList<>();
        for (EbmlReader.Element point : reader.children(sought.get(MatroskaIds.CUES))) {
            long time = reader.unsigned(reader.child(point, MatroskaIds.CUE_TIME));
            EbmlReader.Element positions = reader.child(point, MatroskaIds.CUE_TRACK_POSITIONS);
            assertThat(reader.unsigned(reader.child(positions, MatroskaIds.CUE_TRACK))).isEqualTo(1);
            EbmlReader.Element cluster = reader.at(segment.dataAt()
                    + reader.unsigned(reader.child(positions, MatroskaIds.CUE_CLUSTER_POSITION)));
            assertThat(cluster.id()).isEqualTo(MatroskaIds.CLUSTER);
            assertThat(reader.unsigned(reader.child(cluster, MatroskaIds.TIMESTAMP))).isEqualTo(time);
            cued.add(time * 1000);
        }
        assertThat(cued).isEqualTo(clip.keyframeOffsets());
    }

    /** A picture followed by a filler-data NAL unit (H.264 7.3.2.7), which decoders skip. */
    private static ByteBuffer withFiller(ByteBuffer picture, int fillerBytes) {
        ByteBuffer data = ByteBuffer.allocate(picture.remaining() + 4 + fillerBytes);
        data.put(picture.duplicate());
        data.putInt(fillerBytes);
        data.put((byte) 12);
        for (int i = 1; i < fillerBytes - 1; i++) {
            data.put((byte) 0xFF);
        }
        data.put((byte) 0x80);
        return data.flip();
    }

    private interface Opener {
        SegmentWriter open(Path file, long originMicros, Map<String, String> tags, List<CodecParameters> streams)
                throws IOException;
    }

    private void assertWrittenAsFfmpegWouldWrite(CodecClip clip) throws Exception {
        List<MediaPacket> packets = clip.packets(START);
        Path own = dir.resolve("own.mkv");
        Path ffmpeg = dir.resolve("ffmpeg.mkv");
        SegmentWriter writer = write(own, clip.streams(), packets, SegmentWriter::open);
        assertThat(writer).isInstanceOf(MatroskaSegmentWriter.class);
        assertThat(writer.recorded()).isEqualTo(clip.streams());
        write(ffmpeg, clip.streams(), packets, FfmpegSegmentWriter::open);

        CodecClip ownRead = CodecClip.read(own);
        CodecClip ffmpegRead = CodecClip.read(ffmpeg);
        for (int i = 0; i < clip.streams().size(); i++) {
            CodecParameters written = clip.streams().get(i);
            CodecParameters read = ownRead.streams().get(i);
            assertThat(read).as("stream %d as written", i)
                    .usingRecursiveComparison().comparingOnlyFields("index", "kind", "codec", "width", "height",
                            "sampleRate", "channels")
                    .isEqualTo(written);
            // avcC and hvcC as FFmpeg's muxer builds them from Annex B, or as they came.
            assertThat(read.extradata()).as("configuration of stream %d", i)
                    .isEqualTo(ffmpegRead.streams().get(i).extradata());
        }
        assertSamePackets(ownRead, clip.streams(), clip.packets(0));
        // Payloads after the Annex B conversion are FFmpeg's muxer's, byte for byte.
        assertThat(payloads(ownRead)).isEqualTo(payloads(ffmpegRead));

        SegmentProbe.Result probed = SegmentProbe.read(own);
        assertThat(probed.complete()).isTrue();
        Map<String, String> tags = probed.tags();
        assertThat(tags).containsEntry("OSPREY_CAMERA", "cam-1").containsEntry("OSPREY_START", Micros.iso(START))
                .containsEntry("CREATION_TIME", Micros.iso(START));
        assertThat(Ffprobe.format(own).path("tags").path("OSPREY_START").asText()).isEqualTo(Micros.iso(START));
        Ffprobe.decode(own);
    }

    /**
     * Every packet, stream by stream: time within the file's millisecond ticks, keyframe flag, and the payload
     * unless it was Annex B, which is stored converted.
     */
    private static void assertSamePackets(CodecClip read, List<CodecParameters> streams, List<MediaPacket> written) {
        List<MediaPacket> back = read.packets(0);
        for (int stream = 0; stream < streams.size(); stream++) {
            List<MediaPacket> expected = ofStream(written, stream);
            List<MediaPacket> actual = ofStream(back, stream);
            assertThat(actual).as("packets of stream %d", stream).hasSameSizeAs(expected);
            boolean unchanged = !NalUnits.isAnnexB(streams.get(stream).extradata());
            for (int i = 0; i < expected.size(); i++) {
                MediaPacket e = expected.get(i);
                MediaPacket a = actual.get(i);
                assertThat(a.ptsMicros()).as("time of packet %d of stream %d", i, stream)
                        .isBetween(e.ptsMicros() - 500, e.ptsMicros() + 500);
                assertThat(a.keyframe()).as("keyframe flag of packet %d of stream %d", i, stream)
                        .isEqualTo(e.keyframe());
                if (unchanged) {
                    assertThat(bytes(a)).as("payload of packet %d of stream %d", i, stream).isEqualTo(bytes(e));
                }
            }
        }
    }

    private static List<MediaPacket> ofStream(List<MediaPacket> packets, int stream) {
        return packets.stream().filter(p -> p.streamIndex() == stream).toList();
    }

    private static List<List<Byte>> payloads(CodecClip clip) {
        List<List<Byte>> payloads = new ArrayList<>();
        for (int stream = 0; stream < clip.streams().size(); stream++) {
            for (MediaPacket packet : ofStream(clip.packets(0), stream)) {
                List<Byte> bytes = new ArrayList<>();
                for (byte b : bytes(packet)) {
                    bytes.add(b);
                }
                payloads.add(bytes);
            }
        }
        return payloads;
    }

    private static byte[] bytes(MediaPacket packet) {
        byte[] data = new byte[packet.size()];
        packet.data().duplicate().get(data);
        return data;
    }

    /** Records packets as the recorder does: the GOP before each video keyframe flushed as its cluster. */
    private static SegmentWriter write(Path file, List<CodecParameters> streams, List<MediaPacket> packets,
            Opener opener) throws IOException {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("OSPREY_CAMERA", "cam-1");
        tags.put("OSPREY_START", Micros.iso(START));
        tags.put("creation_time", Micros.iso(START));
        Files.deleteIfExists(file);
        SegmentWriter writer = opener.open(file, START, tags, streams);
        boolean first = true;
        for (MediaPacket packet : packets) {
            if (packet.streamIndex() == 0 && packet.keyframe() && !first) {
                writer.flush();
            }
            first = false;
            writer.write(packet.streamIndex(), packet.ptsMicros(), packet.dtsMicros(), 40_000, packet.keyframe(),
                    packet.data());
        }
        writer.finish();
        return writer;
    }

    private static String[] args(Object... parts) {
        List<String> args = new ArrayList<>();
        for (Object part : parts) {
            if (part instanceof String[] many) {
                args.addAll(List.of(many));
            } else {
                args.add((String) part);
            }
        }
        return args.toArray(String[]::new);
    }
}
