package org.osprey.api.media;

/** Whether a stream carries pictures, sound or metadata. */
public enum MediaKind {
    /** Video. */
    VIDEO,
    /** Audio. */
    AUDIO,
    /** Timed metadata such as analytics output. */
    METADATA
}
