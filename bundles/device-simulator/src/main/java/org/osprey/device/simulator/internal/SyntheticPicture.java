package org.osprey.device.simulator.internal;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;

/**
 * The picture of a simulated camera, in YUV 4:2:0: a strip along the top with the time, and below it a
 * grid of regions, each with a coloured square that bounces within its region while its motion is on
 * and stands still while it is off. A square keeps a margin to its region's border, beyond the reach of
 * the encoder's macroblocks and deblocking, so motion changes the decoded picture of its own region
 * only. The background never changes, which keeps the encoder's work and the bit rate small.
 *
 * <p>Not thread safe: the encoding job owns it.
 */
final class SyntheticPicture {

    private static final byte OBJECT_LUMA = (byte) 210;
    private static final byte STRIP_LUMA = 16;
    private static final byte TEXT_LUMA = (byte) 235;
    private static final byte NEUTRAL = (byte) 128;
    private static final int MAX_MARGIN = 24;
    /** Chroma (U, V) of the squares, region by region. */
    private static final int[][] COLOURS = {{90, 240}, {54, 34}, {240, 110}, {16, 146}, {200, 200}, {166, 16},
        {110, 180}, {180, 60}};
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");

    /** One region and its square; positions in luma pixels. */
    private static final class Region {
        int left;
        int top;
        int right;
        int bottom;
        int size;
        int margin;
        double x;
        double y;
        double vx;
        double vy;
        byte u;
        byte v;
    }

    private final int width;
    private final int height;
    private final int scale;
    private final int strip;
    private final ZoneId zone;
    private final Region[] regions;
    private final byte[] backgroundY;
    private final byte[] y;
    private final byte[] u;
    private final byte[] v;

    /**
     * @param width   even width in pixels
     * @param height  even height in pixels
     * @param columns regions across
     * @param rows    regions down
     * @param zone    time zone of the overlay, as a camera shows its local time
     */
    SyntheticPicture(int width, int height, int columns, int rows, ZoneId zone) {
        this.width = width;
        this.height = height;
        this.zone = zone;
        this.scale = Math.max(1, height / 180);
        this.strip = even(scale * (DigitFont.HEIGHT + 4));
        this.y = new byte[width * height];
        this.u = new byte[width * height / 4];
        this.v = new byte[width * height / 4];
        this.backgroundY = new byte[width * height];
        this.regions = new Region[columns * rows];
        int regionWidth = even(width / columns);
        int regionHeight = even((height - strip) / rows);
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < columns; c++) {
                Region region = new Region();
                region.left = c * regionWidth;
                region.top = strip + r * regionHeight;
                region.right = c == columns - 1 ? width : region.left + regionWidth;
                region.bottom = r == rows - 1 ? height : region.top + regionHeight;
                int shorter = Math.min(region.right - region.left, region.bottom - region.top);
                region.size = Math.max(4, even(shorter / 4));
                region.margin = Math.min(MAX_MARGIN, even(Math.max(0, (shorter - region.size) / 4)));
                region.x = (region.left + region.right - region.size) / 2.0;
                region.y = (region.top + region.bottom - region.size) / 2.0;
                int index = r * columns + c;
                // Each region's square takes its own direction, so that regions differ from each other.
                double angle = 0.7 + index * 2.1;
                region.vx = Math.cos(angle) * (region.right - region.left) * 0.45;
                region.vy = Math.sin(angle) * (region.bottom - region.top) * 0.45;
                region.u = (byte) COLOURS[index % COLOURS.length][0];
                region.v = (byte) COLOURS[index % COLOURS.length][1];
                regions[index] = region;
            }
        }
        paintBackground();
    }

    private static int even(int value) {
        return value & ~1;
    }

    /** A still background: a soft texture per region and a dark line along region borders. */
    private void paintBackground() {
        for (int index = 0; index < regions.length; index++) {
            Region region = regions[index];
            int base = 72 + 14 * (index % 4);
            for (int row = region.top; row < region.bottom; row++) {
                for (int column = region.left; column < region.right; column++) {
                    boolean border = row == region.top || column == region.left;
                    boolean cell = ((row - region.top) / 16 + (column - region.left) / 16 & 1) == 0;
                    backgroundY[row * width + column] = (byte) (border ? 40 : base + (cell ? 6 : -6));
                }
            }
        }
    }

    /** Number of regions. */
    int regions() {
        return regions.length;
    }

    /**
     * Where a region lies, for tests: left, top, right and bottom (exclusive) in luma pixels.
     *
     * @param region from 0
     */
    int[] bounds(int region) {
        Region r = regions[region];
        return new int[] {r.left, r.top, r.right, r.bottom};
    }

    /**
     * Advances the squares whose motion is on by one frame's time and draws the picture.
     *
     * @param time    what the overlay shows
     * @param seconds how far the moving squares travel: one frame's duration
     * @param moving  per region, whether its square moves
     */
    void render(Instant time, double seconds, boolean[] moving) {
        System.arraycopy(backgroundY, 0, y, 0, y.length);
        Arrays.fill(u, NEUTRAL);
        Arrays.fill(v, NEUTRAL);
        for (int i = 0; i < regions.length; i++) {
            Region region = regions[i];
            if (moving[i]) {
                move(region, seconds);
            }
            drawSquare(region);
        }
        Arrays.fill(y, 0, strip * width, STRIP_LUMA);
        String text = TIME.format(time.atZone(zone));
        DigitFont.draw(y, width, height, 2 * scale, (strip - DigitFont.HEIGHT * scale) / 2, text, scale, TEXT_LUMA);
    }

    private static void move(Region region, double seconds) {
        double minX = region.left + region.margin;
        double maxX = region.right - region.margin - region.size;
        double minY = region.top + region.margin;
        double maxY = region.bottom - region.margin - region.size;
        region.x += region.vx * seconds;
        region.y += region.vy * seconds;
        if (region.x < minX || region.x > maxX) {
            region.vx = -region.vx;
            region.x = Math.max(minX, Math.min(maxX, region.x));
        }
        if (region.y < minY || region.y > maxY) {
            region.vy = -region.vy;
            region.y = Math.max(minY, Math.min(maxY, region.y));
        }
    }

    private void drawSquare(Region region) {
        int left = even((int) region.x);
        int top = even((int) region.y);
        for (int row = top; row < top + region.size; row++) {
            Arrays.fill(y, row * width + left, row * width + left + region.size, OBJECT_LUMA);
        }
        int chromaWidth = width / 2;
        for (int row = top / 2; row < (top + region.size) / 2; row++) {
            Arrays.fill(u, row * chromaWidth + left / 2, row * chromaWidth + (left + region.size) / 2,
                    region.u);
            Arrays.fill(v, row * chromaWidth + left / 2, row * chromaWidth + (left + region.size) / 2,
                    region.v);
        }
    }

    byte[] y() {
        return y;
    }

    byte[] u() {
        return u;
    }

    byte[] v() {
        return v;
    }

    int width() {
        return width;
    }

    int height() {
        return height;
    }
}
