package org.osprey.media.http.internal;

import java.lang.annotation.Annotation;

/** The media endpoints' configuration with short waits for tests. */
class TestConfig implements MediaServlet.Config {

    int startTimeoutMillis = 5_000;
    int relayGraceSeconds = 1;

    @Override
    public Class<? extends Annotation> annotationType() {
        return MediaServlet.Config.class;
    }

    @Override
    public int startTimeoutMillis() {
        return startTimeoutMillis;
    }

    @Override
    public int liveBacklogBytes() {
        return 16 * 1024 * 1024;
    }

    @Override
    public int liveBacklogPackets() {
        return 4096;
    }

    @Override
    public int liveFragmentMillis() {
        return 100;
    }

    @Override
    public int gopCacheBytes() {
        return 8 * 1024 * 1024;
    }

    @Override
    public int relayGraceSeconds() {
        return relayGraceSeconds;
    }

    @Override
    public int silenceSeconds() {
        return 5;
    }

    @Override
    public int playbackAheadBytes() {
        return 256 * 1024;
    }

    @Override
    public int playbackFollowSeconds() {
        return 2;
    }
}
