package org.osprey.device.simulator.internal;

import java.util.Map;

/**
 * A simulated camera's configuration, read from the device definition the platform validated against
 * the driver's description.
 *
 * @param width     picture width in pixels
 * @param height    picture height in pixels
 * @param frameRate frames per second
 * @param bitRate   target bit rate in bit/s
 * @param columns   picture regions across
 * @param rows      picture regions down
 * @param motion    whether the regions' objects move from the start
 */
record SimulatorSettings(int width, int height, int frameRate, int bitRate, int columns, int rows, boolean motion) {

    static final String CFG_RESOLUTION = "resolution";
    static final String CFG_FRAME_RATE = "frameRate";
    static final String CFG_BIT_RATE = "bitRateKbps";
    static final String CFG_REGIONS = "regions";
    static final String CFG_MOTION = "motion";

    static final String[] RESOLUTIONS = {"320x180", "640x360", "1280x720", "1920x1080"};
    static final String[] GRIDS = {"1x1", "2x1", "2x2", "3x2", "3x3", "4x3", "4x4"};
    static final String DEFAULT_RESOLUTION = "640x360";
    static final String DEFAULT_GRID = "2x2";
    static final int DEFAULT_FRAME_RATE = 10;
    static final int MAX_FRAME_RATE = 30;
    static final int DEFAULT_BIT_RATE_KBPS = 256;

    /** Reads the configuration; absent values take their defaults. */
    static SimulatorSettings from(Map<String, Object> configuration) {
        int[] size = pair(text(configuration, CFG_RESOLUTION, DEFAULT_RESOLUTION), DEFAULT_RESOLUTION);
        int[] grid = pair(text(configuration, CFG_REGIONS, DEFAULT_GRID), DEFAULT_GRID);
        int frameRate = (int) Math.max(1, Math.min(MAX_FRAME_RATE, number(configuration, CFG_FRAME_RATE,
                DEFAULT_FRAME_RATE)));
        int bitRate = (int) Math.max(50, number(configuration, CFG_BIT_RATE, DEFAULT_BIT_RATE_KBPS)) * 1000;
        Object motion = configuration.get(CFG_MOTION);
        return new SimulatorSettings(size[0], size[1], frameRate, bitRate, grid[0], grid[1],
                !(motion instanceof Boolean b) || b);
    }

    /** Regions in the picture. */
    int regions() {
        return columns * rows;
    }

    private static String text(Map<String, Object> configuration, String key, String fallback) {
        Object value = configuration.get(key);
        return value == null ? fallback : value.toString();
    }

    private static long number(Map<String, Object> configuration, String key, long fallback) {
        Object value = configuration.get(key);
        return value instanceof Number n ? n.longValue() : fallback;
    }

    /** "AxB" as two numbers; the platform only lets listed choices through, so anything else is the default. */
    private static int[] pair(String value, String fallback) {
        String[] parts = value.split("x");
        try {
            return new int[] {Integer.parseInt(parts[0]), Integer.parseInt(parts[1])};
        } catch (RuntimeException e) {
            return pair(fallback, fallback);
        }
    }
}
