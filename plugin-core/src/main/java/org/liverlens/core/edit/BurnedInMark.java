package org.liverlens.core.edit;

/**
 * The visible marking burned into every image of a derived series: the word COUNTERFACTUAL in the
 * lower-left corner, bright letters with a dark outline so that it shows under any window, drawn
 * with a built-in 5 × 7 pixel font (no system fonts: the same pixels on every machine). Its box is
 * the only place outside the edit region where a derived image differs from its source.
 */
public final class BurnedInMark {
    /** The text burned in. */
    public static final String TEXT = "COUNTERFACTUAL";
    /** HU of the letters and of their outline. */
    public static final short LETTER_HU = 3000;
    public static final short OUTLINE_HU = -1000;
    private static final int GLYPH_W = 5;
    private static final int GLYPH_H = 7;
    private static final int MARGIN = 4;

    private BurnedInMark() {
    }

    /** Pixel scale of the letters: 1 up to 255 columns, 2 for 512, ... */
    static int scale(int columns) {
        return Math.max(1, columns / 256);
    }

    /** The marked box {x0, y0, x1, y1} (inclusive pixel columns and rows) on an image of this size. */
    public static int[] box(int columns, int rows) {
        int s = scale(columns);
        int w = (TEXT.length() * (GLYPH_W + 1) - 1) * s + 2;
        int h = GLYPH_H * s + 2;
        int x0 = Math.min(MARGIN, Math.max(0, columns - w));
        int y1 = rows - 1 - Math.min(MARGIN, Math.max(0, rows - h));
        return new int[] {x0, Math.max(0, y1 - h + 1), Math.min(columns - 1, x0 + w - 1), y1};
    }

    /** Burns the marking into one image (row-major HU, {@code columns} wide), in place. */
    public static void burn(short[] hu, int columns, int rows) {
        int s = scale(columns);
        int[] b = box(columns, rows);
        boolean[] ink = new boolean[columns * rows];
        int x = b[0] + 1;
        for (int c = 0; c < TEXT.length(); c++) {
            String[] glyph = glyph(TEXT.charAt(c));
            for (int gy = 0; gy < GLYPH_H; gy++) {
                for (int gx = 0; gx < GLYPH_W; gx++) {
                    if (glyph[gy].charAt(gx) != '#') {
                        continue;
                    }
                    for (int dy = 0; dy < s; dy++) {
                        for (int dx = 0; dx < s; dx++) {
                            int px = x + gx * s + dx;
                            int py = b[1] + 1 + gy * s + dy;
                            if (px >= 0 && py >= 0 && px < columns && py < rows) {
                                ink[py * columns + px] = true;
                            }
                        }
                    }
                }
            }
            x += (GLYPH_W + 1) * s;
        }
        for (int py = b[1]; py <= b[3]; py++) {
            for (int px = b[0]; px <= b[2]; px++) {
                int p = py * columns + px;
                if (ink[p]) {
                    hu[p] = LETTER_HU;
                } else if (touchesInk(ink, px, py, columns, rows)) {
                    hu[p] = OUTLINE_HU;
                }
            }
        }
    }

    private static boolean touchesInk(boolean[] ink, int x, int y, int columns, int rows) {
        for (int dy = -1; dy <= 1; dy++) {
            for (int dx = -1; dx <= 1; dx++) {
                int xx = x + dx;
                int yy = y + dy;
                if (xx >= 0 && yy >= 0 && xx < columns && yy < rows && ink[yy * columns + xx]) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String[] glyph(char c) {
        return switch (c) {
            case 'C' -> new String[] {".###.", "#...#", "#....", "#....", "#....", "#...#", ".###."};
            case 'O' -> new String[] {".###.", "#...#", "#...#", "#...#", "#...#", "#...#", ".###."};
            case 'U' -> new String[] {"#...#", "#...#", "#...#", "#...#", "#...#", "#...#", ".###."};
            case 'N' -> new String[] {"#...#", "##..#", "#.#.#", "#.#.#", "#..##", "#...#", "#...#"};
            case 'T' -> new String[] {"#####", "..#..", "..#..", "..#..", "..#..", "..#..", "..#.."};
            case 'E' -> new String[] {"#####", "#....", "#....", "####.", "#....", "#....", "#####"};
            case 'R' -> new String[] {"####.", "#...#", "#...#", "####.", "#.#..", "#..#.", "#...#"};
            case 'F' -> new String[] {"#####", "#....", "#....", "####.", "#....", "#....", "#...."};
            case 'A' -> new String[] {".###.", "#...#", "#...#", "#####", "#...#", "#...#", "#...#"};
            case 'L' -> new String[] {"#....", "#....", "#....", "#....", "#....", "#....", "#####"};
            default -> throw new IllegalArgumentException("no glyph for '" + c + "'");
        };
    }
}
