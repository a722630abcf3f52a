package org.liverlens.core.edit;

import java.util.Locale;

/**
 * One typed edit of a counterfactual instruction ("remove lesion 2", "add a 15 mm hypodense lesion at
 * 120,200,40", "grow lesion 1 by 20%"). Lesion numbers are those {@code measure} gives for the SEG
 * (1 = largest). Each record checks its own values; {@code text} is the part of the instruction it came
 * from, for messages and {@code edit.json}.
 */
public sealed interface EditInstruction {
    /** The words of the instruction this edit was parsed from. */
    String text();

    /** Removes lesion {@code lesion}: the lesion and a thin margin become liver parenchyma. */
    record RemoveLesion(int lesion, String text) implements EditInstruction {
        public RemoveLesion {
            requireLesionNumber(lesion, text);
        }
    }

    /** Removes every lesion of the SEG. */
    record RemoveAllLesions(String text) implements EditInstruction {
    }

    /** Inserts a new lesion of {@code diameterMm} with {@code appearance} at {@code location}, inside the liver. */
    record AddLesion(double diameterMm, Appearance appearance, Location location, String text)
            implements EditInstruction {
        /** Smallest and largest diameter an insertion accepts (as the shared lesion model (synth)). */
        public static final double MIN_DIAMETER_MM = 5;
        public static final double MAX_DIAMETER_MM = 150;

        public AddLesion {
            if (!(diameterMm >= MIN_DIAMETER_MM && diameterMm <= MAX_DIAMETER_MM)) {
                throw new InvalidEditException(String.format(Locale.ROOT, "a lesion of %.1f mm in '%s': the size must "
                        + "be %.0f-%.0f mm", diameterMm, text, MIN_DIAMETER_MM, MAX_DIAMETER_MM));
            }
            if (appearance == null || location == null) {
                throw new IllegalArgumentException("appearance and location are required");
            }
        }
    }

    /**
     * Scales lesion {@code lesion}'s diameter by {@code 1 + percent / 100}: "grow lesion 1 by 20%" is
     * {@code +20}, "shrink lesion 3 by 50%" is {@code -50}.
     */
    record ResizeLesion(int lesion, double percent, String text) implements EditInstruction {
        public ResizeLesion {
            requireLesionNumber(lesion, text);
            if (!(percent > -100 && percent <= 300 && percent != 0)) {
                throw new InvalidEditException(String.format(Locale.ROOT, "'%s' changes the diameter by %s%%: shrink "
                        + "by less than 100%% (use 'remove lesion %d' to take it away) or grow by at most 300%%",
                        text, Double.toString(percent), lesion));
            }
        }

        /** The diameter factor, 1.2 for +20 %. */
        public double factor() {
            return 1 + percent / 100;
        }
    }

    /** How an inserted lesion looks against the parenchyma. */
    record Appearance(Kind kind, double hu) {
        /** The phrases the parser accepts, and a fixed HU value. */
        public enum Kind {
            HYPODENSE("hypodense"), HYPERDENSE("hyperdense"), RIM_ENHANCING("rim-enhancing"), NECROTIC("necrotic"),
            HU_VALUE("HU value");

            private final String phrase;

            Kind(String phrase) {
                this.phrase = phrase;
            }

            public String phrase() {
                return phrase;
            }
        }

        public Appearance {
            if (kind == null) {
                throw new IllegalArgumentException("kind is required");
            }
            if (kind == Kind.HU_VALUE && !(hu >= -200 && hu <= 400)) {
                throw new InvalidEditException(String.format(Locale.ROOT, "a lesion of %s HU: a liver lesion is "
                        + "between -200 and 400 HU", Double.toString(hu)));
            }
            if (kind != Kind.HU_VALUE) {
                hu = Double.NaN;
            }
        }

        public static Appearance of(Kind kind) {
            return new Appearance(kind, Double.NaN);
        }

        public static Appearance huValue(double hu) {
            return new Appearance(Kind.HU_VALUE, hu);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Appearance a && a.kind == kind && Double.compare(a.hu, hu) == 0;
        }

        @Override
        public int hashCode() {
            return kind.hashCode() * 31 + Double.hashCode(hu);
        }

        @Override
        public String toString() {
            return kind == Kind.HU_VALUE ? String.format(Locale.ROOT, "%.0f HU", hu) : kind.phrase();
        }
    }

    /** Where an inserted lesion is centred. */
    sealed interface Location {
        /** Voxel indices (i column, j row, k slice sorted by position, from 0). */
        record Voxel(int i, int j, int k) implements Location {
        }

        /** A patient LPS point in millimetres. */
        record Mm(double x, double y, double z) implements Location {
        }

        /** Beside lesion {@code lesion}: the nearest liver point where the new lesion fits without touching it. */
        record NearLesion(int lesion) implements Location {
            public NearLesion {
                requireLesionNumber(lesion, "near lesion " + lesion);
            }
        }
    }

    private static void requireLesionNumber(int lesion, String text) {
        if (lesion < 1) {
            throw new InvalidEditException("lesion " + lesion + " in '" + text + "': lesions are numbered from 1, as "
                    + "'liverlens measure' lists them");
        }
    }
}
