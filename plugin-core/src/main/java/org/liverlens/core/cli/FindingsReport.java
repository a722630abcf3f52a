package org.liverlens.core.cli;

import java.io.PrintWriter;
import java.util.Locale;

import org.liverlens.core.measure.Findings;
import org.liverlens.core.measure.LesionMeasurement;
import org.liverlens.core.measure.Recist;
import org.liverlens.core.work.PrintableText;

/** Findings as the text table that {@code measure}, {@code segment} and {@code demo} print. */
final class FindingsReport {
    private static final String ROW = "  %4s %4s %10s   %-13s %7s   %-10s %14s   %-11s %s%n";
    private FindingsReport() {
    }

    static void print(Findings f, PrintWriter out) {
        if (f.liverSegmented()) {
            out.printf(Locale.ROOT, "  liver:    %.1f mL (tumours included), tumour %.1f mL, tumour burden %.2f %%%n",
                    f.liverVolumeMl(), f.tumourVolumeMl(), f.tumourBurdenPercent());
        } else {
            out.printf(Locale.ROOT, "  liver:    not segmented; tumour %.1f mL%n", f.tumourVolumeMl());
        }
        out.printf(Locale.ROOT, "  lesions:  %d%n", f.lesionCount());
        if (f.lesionCount() > 0) {
            // Known labels written to no SEG have no segment numbers to show.
            boolean segments = f.source().kind() != Findings.SourceKind.GROUND_TRUTH;
            out.printf(Locale.ROOT, ROW, "#", segments ? "seg" : "", "volume mL", "RECIST mm", "slice k", "measurable", "HU mean ± SD",
                    "HU min…max", "centroid LPS mm");
            for (LesionMeasurement l : f.lesions()) {
                Recist r = l.recist();
                double[] c = l.centroidMm();
                out.printf(Locale.ROOT, ROW, l.id(), segments ? l.segmentNumber() : "", String.format(Locale.ROOT, "%.3f", l.volumeMl()),
                        String.format(Locale.ROOT, "%.1f × %.1f", r.longMm(), r.shortMm()), r.slice(),
                        r.measurable() ? "yes" : "no",
                        String.format(Locale.ROOT, "%.1f ± %.1f", l.hu().mean(), l.hu().sd()),
                        l.hu().min() + "…" + l.hu().max(),
                        String.format(Locale.ROOT, "(%.1f, %.1f, %.1f)", c[0], c[1], c[2]));
            }
        }
        for (String m : f.messages()) {
            out.println("  note:     " + PrintableText.escape(m));
        }
    }
}
