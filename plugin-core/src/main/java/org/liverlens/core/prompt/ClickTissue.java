package org.liverlens.core.prompt;

import java.util.List;
import java.util.Locale;

import org.liverlens.core.volume.BitMask;
import org.liverlens.core.volume.HuVolume;

/**
 * The first question about a click, for either prompt method: does the tissue under it differ from the
 * parenchyma around it? {@link RegionCompetition} asks it in every search box; the learned method asks
 * it once before its network runs, because a network asked for "the lesion under this click" draws one
 * on normal parenchyma too (docs/models.md, "The learned promptable network").
 */
public final class ClickTissue {
    private ClickTissue() {
    }

    /**
     * Null when the tissue under at least one click (the median of its {@code 2.5 mm} disk, smoothed at
     * the classical method's fine or coarse scale) lies at least {@link IntensityModel#MIN_CONTRAST_HU}
     * from the parenchyma of the ±{@code 40 mm} region around it (the liver's histogram when the liver is
     * known, else the soft tissue's); otherwise the reason to give, worded as the classical method words it.
     */
    public static String parenchymaReason(HuVolume ct, BitMask liver, List<Prompt.Click> clicks) {
        double shown = Double.NaN;
        double half = RegionCompetition.HALF_SIZES_MM[0];
        for (Prompt.Click c : clicks) {
            for (double smooth : new double[] {LocalRegion.FINE_SMOOTH_MM, LocalRegion.COARSE_SMOOTH_MM}) {
                LocalRegion r = new LocalRegion(ct, liver, c.i(), c.j(), c.k(), half, half, smooth);
                int disk = RegionCompetition.diskPixels(r);
                int[] idx = new int[(2 * disk + 1) * (2 * disk + 1)];
                int n = RegionCompetition.addDisk(r, c, disk, idx, 0);
                double hu = IntensityModel.median(r.smooth, idx, n);
                byte[] area = new byte[r.raw.length];
                for (int q = 0; q < n; q++) {
                    area[idx[q]] = 1;
                }
                if (IntensityModel.parenchyma(r, hu, area) != null) {
                    return null;
                }
                shown = Double.isNaN(shown) ? hu : shown;
            }
        }
        return message(shown);
    }

    /** The reason given for a click whose tissue ({@code hu}, smoothed) looks like the parenchyma around it. */
    static String message(double hu) {
        return String.format(Locale.ROOT, "the clicked tissue (%.0f HU) does not differ from the tissue around it: "
                + "it looks like normal parenchyma; click on the lesion, or draw a box around it", hu);
    }
}
