package org.osprey.device.stream.internal;

import java.io.IOException;
import java.util.List;
import org.osprey.api.media.CodecParameters;
import org.osprey.api.media.MediaPacket;

/**
 * One open connection to a camera, read packet by packet. Not thread safe: one thread at a time reads
 * and closes it.
 */
public interface MediaConnection extends AutoCloseable {

    /** The elementary streams, indexed as the packets' {@link MediaPacket#streamIndex()}. */
    List<CodecParameters> streams();

    /** Frames per second of the first video stream, 0 while unknown; may become known while reading. */
    double frameRate();

    /**
     * Reads the next packet, blocking until it arrives or the timeout passes.
     *
     * @return the packet, or {@code null} when the stream ended or stayed silent too long
     * @throws IOException when the connection failed
     */
    MediaPacket next() throws IOException;

    /** RTP packets the camera sent that never arrived, 0 where the connection cannot tell. */
    default long packetsLost() {
        return 0;
    }

    @Override
    void close();
}
