package org.liverlens.core.measure;

/**
 * Display colours (sRGB) of the liver and of lesion n, shared by the SEG we write (as its
 * recommended display CIELab values) and by the preview, so a lesion has one colour everywhere.
 * Lesion colours are saturated hues that stand out from the liver's orange-brown and from grey CT.
 */
public final class SegmentColours {
    /** The liver: the orange-brown 3D Slicer's anatomy colour table uses. */
    public static final int[] LIVER = {221, 130, 101};

    private static final int[][] LESIONS = {
        {255, 255, 0},    // yellow
        {0, 220, 255},    // cyan
        {255, 64, 255},   // magenta
        {64, 255, 64},    // green
        {255, 150, 0},    // orange
        {140, 140, 255},  // periwinkle
        {255, 90, 120},   // pink-red
        {160, 255, 200},  // mint
    };

    private SegmentColours() {
    }

    /** Colour of lesion {@code id} (1-based); the palette repeats after eight lesions. */
    public static int[] lesion(int id) {
        return LESIONS[Math.floorMod(id - 1, LESIONS.length)].clone();
    }
}
