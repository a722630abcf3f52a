package org.liverlens.testdicom;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;

import org.liverlens.core.work.ExitCodes;
import org.liverlens.core.work.Progress;

/**
 * Writes a synthetic CT from the command line (benchmarks, training data):
 * <pre>
 * GenerateMain [--seed N] [--size 512x512x200] [--spacing 0.75,2.5 | 0.75,0.75,2.5] [--lesions N]
 *              [--lesion-size MIN,MAX] [--phase native|arterial|portal|late] [--noise SD] [--no-blur]
 *              [--randomise] [--threads N] -o DIR
 * </pre>
 * The series goes to {@code DIR/ct}, the ground truth to {@code DIR/ground-truth}. Exit code 2 on
 * bad arguments, 3 when the request cannot be met (no room for the lesions), 1 on other failures.
 */
public final class GenerateMain {
    private GenerateMain() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs with the given streams and returns the exit code (for tests). */
    static int run(String[] args, PrintStream out, PrintStream err) {
        SyntheticCt.Params p = SyntheticCt.Params.defaults().withSize(512, 512, 200);
        Path output = null;
        int threads = Runtime.getRuntime().availableProcessors();
        boolean randomise = false;
        try {
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "-h", "--help" -> {
                        out.println(usage());
                        return ExitCodes.OK;
                    }
                    case "--seed" -> p = p.withSeed(parseLong(a, value(args, ++i, a)));
                    case "--size" -> {
                        int[] s = parseSize(value(args, ++i, a));
                        p = p.withSize(s[0], s[1], s[2]);
                    }
                    case "--spacing" -> {
                        double[] s = parseSpacing(value(args, ++i, a));
                        p = p.withSpacing(s[0], s[1]);
                    }
                    case "--lesions" -> p = p.withRandomLesions(parseInt(a, value(args, ++i, a)));
                    case "--lesion-size" -> {
                        double[] r = parseDoubles(a, value(args, ++i, a), 2);
                        p = p.withLesionDiameterRange(r[0], r[1]);
                    }
                    case "--phase" -> p = p.withPhase(Phase.parse(value(args, ++i, a)));
                    case "--noise" -> p = p.withNoise(parseDouble(a, value(args, ++i, a)), p.partialVolumeBlur());
                    case "--no-blur" -> p = p.withNoise(p.noiseSdHu(), false);
                    case "--randomise" -> randomise = true;
                    case "--threads" -> threads = parseInt(a, value(args, ++i, a));
                    case "-o", "--output" -> output = Path.of(value(args, ++i, a));
                    default -> throw new IllegalArgumentException("unknown option '" + a + "'");
                }
            }
            if (randomise) {
                p = p.withRealism(Realism.random(p.seed(), p.phase()));
            }
            if (output == null) {
                throw new IllegalArgumentException("missing -o DIR (where to write ct/ and ground-truth/)");
            }
            if (threads < 1) {
                throw new IllegalArgumentException("--threads must be at least 1");
            }
        } catch (IllegalArgumentException e) {
            err.println("generate: " + e.getMessage());
            err.println(usage());
            return ExitCodes.USAGE;
        }

        long t0 = System.nanoTime();
        SyntheticCt ct;
        try {
            ct = new SyntheticCt(p);
        } catch (IllegalArgumentException e) {
            err.println("generate: " + e.getMessage());
            return ExitCodes.INVALID_INPUT;
        }
        Path dicom = output.resolve("ct");
        Path truth = output.resolve("ground-truth");
        SyntheticCtWriter.Result r;
        try {
            r = new SyntheticCtWriter(threads).write(ct, dicom, truth, Progress.NONE);
        } catch (RuntimeException e) {
            err.println("generate: failed: " + e);
            return ExitCodes.INTERNAL_ERROR;
        }
        long t1 = System.nanoTime();
        out.println(ct.describe());
        out.printf(Locale.ROOT, "wrote %d DICOM files to %s and the ground truth to %s in %.2f s (%d threads)%n",
                r.files(), dicom, truth, (t1 - t0) / 1e9, threads);
        out.printf(Locale.ROOT, "liver %.1f mL in view; lesions:", r.liverVolumeMl());
        for (Lesion l : ct.lesions()) {
            out.printf(Locale.ROOT, " #%d %s %.1f mm %.0f HU", l.id(), l.type().shortName(), l.diameterMm(), l.hu());
        }
        out.println();
        return ExitCodes.OK;
    }

    static String usage() {
        return "usage: GenerateMain [--seed N] [--size COLSxROWSxSLICES] [--spacing PIXEL,SLICE | PIXEL,PIXEL,SLICE]\n"
                + "                    [--lesions N] [--lesion-size MIN,MAX] [--phase native|arterial|portal|late]\n"
                + "                    [--noise SD] [--no-blur] [--randomise] [--threads N] -o DIR\n"
                + "defaults: --seed 20261127 --size 512x512x200 --spacing 0.75,2.5 --lesions 3 --lesion-size 5,60 "
                + "--phase portal --noise 12";
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException("option " + option + " needs a value");
        }
        return args[i];
    }

    private static int[] parseSize(String v) {
        String[] parts = v.toLowerCase(Locale.ROOT).split("x");
        if (parts.length != 3) {
            throw new IllegalArgumentException("--size must look like 512x512x200, got '" + v + "'");
        }
        return new int[] {parseInt("--size", parts[0]), parseInt("--size", parts[1]), parseInt("--size", parts[2])};
    }

    private static double[] parseSpacing(String v) {
        String[] parts = v.split(",");
        if (parts.length == 2) {
            return new double[] {parseDouble("--spacing", parts[0]), parseDouble("--spacing", parts[1])};
        }
        if (parts.length == 3) {
            double x = parseDouble("--spacing", parts[0]);
            double y = parseDouble("--spacing", parts[1]);
            if (x != y) {
                throw new IllegalArgumentException("--spacing: pixels must be square (x = y), got " + x + " and " + y);
            }
            return new double[] {x, parseDouble("--spacing", parts[2])};
        }
        throw new IllegalArgumentException("--spacing must be PIXEL,SLICE or X,Y,SLICE in mm, got '" + v + "'");
    }

    private static double[] parseDoubles(String option, String v, int n) {
        String[] parts = v.split(",");
        if (parts.length != n) {
            throw new IllegalArgumentException(option + " needs " + n + " comma-separated numbers, got '" + v + "'");
        }
        double[] r = new double[n];
        for (int i = 0; i < n; i++) {
            r[i] = parseDouble(option, parts[i]);
        }
        return r;
    }

    private static int parseInt(String option, String v) {
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " needs a whole number, got '" + v + "'");
        }
    }

    private static long parseLong(String option, String v) {
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " needs a whole number, got '" + v + "'");
        }
    }

    private static double parseDouble(String option, String v) {
        try {
            double d = Double.parseDouble(v.trim());
            if (!Double.isFinite(d)) {
                throw new NumberFormatException();
            }
            return d;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " needs a number, got '" + v + "'");
        }
    }
}
