package org.osprey.device.simulator.internal;

/**
 * A 5x7 pixel font for the timestamp overlay: digits and the separators of a date and time. Drawn
 * straight into the luma plane, it needs neither AWT nor installed fonts on the server.
 */
final class DigitFont {

    static final int WIDTH = 5;
    static final int HEIGHT = 7;
    private static final String CHARACTERS = "0123456789-:. ";
    private static final String[][] GLYPHS = {
        {".###.", "#...#", "#..##", "#.#.#", "##..#", "#...#", ".###."},
        {"..#..", ".##..", "..#..", "..#..", "..#..", "..#..", ".###."},
        {".###.", "#...#", "....#", "...#.", "..#..", ".#...", "#####"},
        {"#####", "...#.", "..#..", "...#.", "....#", "#...#", ".###."},
        {"...#.", "..##.", ".#.#.", "#..#.", "#####", "...#.", "...#."},
        {"#####", "#....", "####.", "....#", "....#", "#...#", ".###."},
        {"..##.", ".#...", "#....", "####.", "#...#", "#...#", ".###."},
        {"#####", "....#", "...#.", "..#..", ".#...", ".#...", ".#..."},
        {".###.", "#...#", "#...#", ".###.", "#...#", "#...#", ".###."},
        {".###.", "#...#", "#...#", ".####", "....#", "...#.", ".##.."},
        {".....", ".....", ".....", "#####", ".....", ".....", "....."},
        {".....", "..#..", "..#..", ".....", "..#..", "..#..", "....."},
        {".....", ".....", ".....", ".....", ".....", ".##..", ".##.."},
        {".....", ".....", ".....", ".....", ".....", ".....", "....."},
    };

    private DigitFont() {
    }

    /** How wide a text is drawn, in pixels, with one column of space between glyphs. */
    static int width(String text, int scale) {
        return text.length() * (WIDTH + 1) * scale;
    }

    /**
     * Draws a text into a plane; characters the font lacks are left blank, pixels outside the plane are
     * skipped.
     */
    static void draw(byte[] plane, int planeWidth, int planeHeight, int x, int y, String text, int scale, byte value) {
        for (int c = 0; c < text.length(); c++) {
            int glyph = CHARACTERS.indexOf(text.charAt(c));
            if (glyph < 0) {
                continue;
            }
            int left = x + c * (WIDTH + 1) * scale;
            for (int row = 0; row < HEIGHT; row++) {
                String bits = GLYPHS[glyph][row];
                for (int column = 0; column < WIDTH; column++) {
                    if (bits.charAt(column) == '#') {
                        fill(plane, planeWidth, planeHeight, left + column * scale, y + row * scale, scale, value);
                    }
                }
            }
        }
    }

    private static void fill(byte[] plane, int planeWidth, int planeHeight, int x, int y, int size, byte value) {
        for (int dy = 0; dy < size && y + dy < planeHeight; dy++) {
            int start = (y + dy) * planeWidth;
            for (int dx = 0; dx < size && x + dx < planeWidth; dx++) {
                plane[start + x + dx] = value;
            }
        }
    }
}
