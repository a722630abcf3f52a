package org.liverlens.ui.view;

import org.liverlens.core.volume.BitMask;

/**
 * One segment as the views draw it: its mask on the CT grid, its colour (packed sRGB), and the
 * visibility and fill opacity the user sets in the segment table (event dispatch thread only).
 */
public final class SegmentLayer {
    private final int number;
    private final String label;
    private final int rgb;
    private final boolean recommendedColour;
    private final BitMask mask;
    private boolean visible = true;
    private double opacity = 0.3;

    public SegmentLayer(int number, String label, int rgb, boolean recommendedColour, BitMask mask) {
        this.number = number;
        this.label = label;
        this.rgb = rgb & 0xffffff;
        this.recommendedColour = recommendedColour;
        this.mask = mask;
    }

    public int number() {
        return number;
    }

    public String label() {
        return label;
    }

    /** The display colour as 0xRRGGBB. */
    public int rgb() {
        return rgb;
    }

    /** Whether the colour is the SEG's RecommendedDisplayCIELabValue (else it is our palette's). */
    public boolean recommendedColour() {
        return recommendedColour;
    }

    public BitMask mask() {
        return mask;
    }

    public boolean visible() {
        return visible;
    }

    public void setVisible(boolean visible) {
        this.visible = visible;
    }

    /** Fill opacity, 0 (outline only) to 1. */
    public double opacity() {
        return opacity;
    }

    public void setOpacity(double opacity) {
        this.opacity = Math.max(0, Math.min(1, opacity));
    }
}
