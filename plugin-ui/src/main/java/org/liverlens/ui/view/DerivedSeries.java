package org.liverlens.ui.view;

import java.util.Locale;

import org.liverlens.core.dicom.SliceHeader;

/**
 * Whether a series is a counterfactual rather than acquired, and the marking its views carry for
 * good: the edit's derived-series writer starts every SeriesDescription with "COUNTERFACTUAL" (and
 * burns a marking into the pixels). ImageType (0008,0008) DERIVED alone is not marked: scanners
 * label reconstructions so (the ImageType of radcttaceomics 0697 starts with DERIVED), and a banner on every
 * such CT would teach users to ignore it.
 */
public final class DerivedSeries {
    /** First word of the SeriesDescription of a counterfactual series. */
    public static final String COUNTERFACTUAL = "COUNTERFACTUAL";

    private DerivedSeries() {
    }

    /** The banner for a counterfactual series, or null for any other. */
    public static String marking(SliceHeader first) {
        String description = first.seriesDescription() == null ? "" : first.seriesDescription().strip();
        if (description.toUpperCase(Locale.ROOT).startsWith(COUNTERFACTUAL)) {
            return "COUNTERFACTUAL \u2014 not an acquired image";
        }
        return null;
    }
}
