package org.osprey.api.export;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import org.osgi.annotation.versioning.ConsumerType;
import org.osprey.api.media.CodecParameters;
import org.osprey.api.media.MediaPacket;
import org.osprey.api.plugin.Plugin;

/** An export format plugin (EXP-*): writes recorded packets into a file a player opens. */
@ConsumerType
public interface ExportFormat extends Plugin {

    /** File name extension without the dot, such as {@code mkv}. */
    String fileExtension();

    /** MIME type of the written files. */
    String mediaType();

    /**
     * Opens a writer of one export file.
     *
     * @param streams the elementary streams to write
     * @param out     where the file goes; the writer does not close it
     */
    Writer open(List<CodecParameters> streams, OutputStream out) throws IOException;

    /** Writes one export file. */
    @ConsumerType
    interface Writer extends AutoCloseable {

        /** Writes one packet, in decoding order. */
        void write(MediaPacket packet) throws IOException;

        /** Finishes the file (index, trailer). */
        @Override
        void close() throws IOException;
    }
}
