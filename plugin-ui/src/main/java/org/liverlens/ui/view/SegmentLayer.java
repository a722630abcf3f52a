package org.liverlens.ui.view;

import org.liverlens.core.measure.LesionMeasurement;
import org.liverlens.core.seg.Segment;
import org.liverlens.core.volume.BitMask;

/**
 * One segment as the views draw it: its mask on the CT grid, its colour (packed sRGB), its DICOM
 * description (what a saved SEG says of it), the lesion measured on it (null for other segments),
 * and the visibility and fill opacity the user sets in the segment table (event dispatch thread only).
 */
public final class SegmentLayer {
    private final int rgb;
    private final boolean recommendedColour;
    private final BitMask mask;
    private Segment segment;
    private LesionMeasurement lesion;
    private boolean visible = true;
    private double opacity = 0.3;

    public SegmentLayer(Segment segment, int rgb, boolean recommendedColour, BitMask mask, LesionMeasurement lesion) {
        this.segment = segment;
        this.rgb = rgb & 0xffffff;
        this.recommendedColour = recommendedColour;
        this.mask = mask;
        this.lesion = lesion;
    }

    public int number() {
        return segment.number();
    }

    public String label() {
        return segment.label();
    }

    /** The segment's DICOM description (number, label, codes, algorithm, colour). */
    public Segment segment() {
        return segment;
    }

    /** Replaces the description (a rename); the number stays. */
    public void setSegment(Segment segment) {
        if (segment.number() != this.segment.number()) {
            throw new IllegalArgumentException("segment " + this.segment.number() + " cannot become segment "
                    + segment.number());
        }
        this.segment = segment;
    }

    /** The largest lesion measured on the segment, or null when it is not a lesion (or not measured). */
    public LesionMeasurement lesion() {
        return lesion;
    }

    public void setLesion(LesionMeasurement lesion) {
        this.lesion = lesion;
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
