package org.osprey.recording.internal;

import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_KEY;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avformat.av_read_frame;
import static org.bytedeco.ffmpeg.global.avformat.avformat_close_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_find_stream_info;
import static org.bytedeco.ffmpeg.global.avformat.avformat_open_input;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.javacpp.BytePointer;
import org.osprey.api.media.CodecParameters;
import org.osprey.api.media.MediaKind;
import org.osprey.api.media.MediaPacket;
import org.osprey.media.ffmpeg.FfmpegErrors;
import org.osprey.media.ffmpeg.FfmpegStreams;

/**
 * A short clip encoded by the system's ffmpeg and read back through FFmpeg's demuxer, so its packets and
 * codec parameters are what a camera driver reading that container hands the recorder: Annex B with
 * in-band parameter sets from MPEG-TS (as from an RTSP camera), length-prefixed with avcC/hvcC from
 * Matroska (as from the file camera).
 */
final class CodecClip {

    private final List<CodecParameters> streams;
    /** Per packet, in file order: stream, pts offset from the clip's first packet in µs, key flag, payload. */
    private final List<Packet> packets;

    private record Packet(int stream, long offsetMicros, boolean keyframe, byte[] data) {
    }

    private CodecClip(List<CodecParameters> streams, List<Packet> packets) {
        this.streams = streams;
        this.packets = packets;
    }

    /**
     * Runs {@code ffmpeg -v error -y <arguments> <file>} into a temporary file of the given extension and
     * reads the result.
     */
    static CodecClip encode(String extension, String... arguments) throws IOException, InterruptedException {
        Path file = Files.createTempFile("osprey-codec-clip", "." + extension);
        try {
            List<String> command = new ArrayList<>(List.of("ffmpeg", "-v", "error", "-y"));
            command.addAll(List.of(arguments));
            command.add(file.toString());
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IOException("ffmpeg " + List.of(arguments) + " failed: " + output);
            }
            return read(file);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** The packets and streams of a file as FFmpeg's demuxer returns them, times from its first packet. */
    static CodecClip read(Path file) throws IOException {
        AVFormatContext context = new AVFormatContext(null);
        FfmpegErrors.check(avformat_open_input(context,
                new BytePointer("file:" + file.toAbsolutePath(), StandardCharsets.UTF_8), null, null), "open " + file);
        AVPacket packet = av_packet_alloc();
        try {
            FfmpegErrors.check(avformat_find_stream_info(context, (AVDictionary) null),
                    "probe " + file);
            List<CodecParameters> streams = new ArrayList<>();
            int count = context.nb_streams();
            long[] num = new long[count];
            long[] den = new long[count];
            for (int i = 0; i < count; i++) {
                AVStream stream = context.streams(i);
                num[i] = stream.time_base().num() * 1_000_000L;
                den[i] = stream.time_base().den();
                streams.add(FfmpegStreams.fromFfmpeg(i, stream.codecpar()));
            }
            List<Packet> packets = new ArrayList<>();
            long first = Long.MIN_VALUE;
            while (av_read_frame(context, packet) >= 0) {
                try {
                    long ts = packet.pts() != AV_NOPTS_VALUE ? packet.pts() : packet.dts();
                    int index = packet.stream_index();
                    long micros = Micros.rescale(ts, num[index], den[index]);
                    if (first == Long.MIN_VALUE) {
                        first = micros;
                    }
                    byte[] data = new byte[packet.size()];
                    packet.data().position(0).capacity(data.length).get(data);
                    packets.add(new Packet(index, micros - first, (packet.flags() & AV_PKT_FLAG_KEY) != 0, data));
                } finally {
                    av_packet_unref(packet);
                }
            }
            return new CodecClip(List.copyOf(streams), List.copyOf(packets));
        } finally {
            av_packet_free(packet);
            avformat_close_input(context);
        }
    }

    /**
     * This clip's video with the first audio stream of another, as a camera that sends both: the audio
     * becomes stream 1, and the packets of both are in time order.
     */
    CodecClip withAudioOf(CodecClip other) {
        CodecParameters audio = other.streams.stream().filter(s -> s.kind() == MediaKind.AUDIO).findFirst()
                .orElseThrow();
        List<CodecParameters> merged = List.of(streams.get(0), new CodecParameters(1, MediaKind.AUDIO,
                audio.codec(), 0, 0, audio.sampleRate(), audio.channels(), audio.extradata()));
        List<Packet> packets = new ArrayList<>(this.packets.stream().filter(p -> p.stream() == 0).toList());
        other.packets.stream().filter(p -> p.stream() == audio.index())
                .forEach(p -> packets.add(new Packet(1, p.offsetMicros(), p.keyframe(), p.data())));
        packets.sort(Comparator.comparingLong(Packet::offsetMicros));
        return new CodecClip(merged, List.copyOf(packets));
    }

    List<CodecParameters> streams() {
        return streams;
    }

    /** Every packet stamped as if a camera had sent it from {@code startMicros} on, in file order. */
    List<MediaPacket> packets(long startMicros) {
        List<MediaPacket> result = new ArrayList<>();
        for (Packet packet : packets) {
            long pts = startMicros + packet.offsetMicros();
            result.add(new MediaPacket(packet.stream(), pts, pts, 0, packet.keyframe(), ByteBuffer.wrap(packet.data())));
        }
        return result;
    }
}
