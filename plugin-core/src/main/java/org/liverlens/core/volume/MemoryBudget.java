package org.liverlens.core.volume;

import java.nio.file.Path;
import java.util.Locale;

import org.liverlens.core.work.InvalidInputException;

/**
 * The check made before allocating memory for sizes that an input file declares (rows × columns ×
 * frames of a DICOM image, the dimensions of a label map): a header can declare terabytes in a few
 * bytes, and the allocation would end in an OutOfMemoryError instead of a clear refusal.
 */
public final class MemoryBudget {
    private MemoryBudget() {
    }

    /** The most heap bytes this process may use (the JVM's -Xmx). */
    public static long maxBytes() {
        return Runtime.getRuntime().maxMemory();
    }

    /**
     * Refuses (exit code 3) when {@code bytes} cannot fit in this process's heap beside what is
     * already in use.
     *
     * @param what  what would be allocated, in words ("a 512×512×400 HU volume")
     * @param file  the file that declares the size
     * @param field where the size is declared ("Rows (0028,0010) × Columns (0028,0011)", "dim[1…3]")
     */
    public static void check(long bytes, String what, Path file, String field) {
        Runtime rt = Runtime.getRuntime();
        long used = rt.totalMemory() - rt.freeMemory();
        long available = rt.maxMemory() - used;
        if (bytes < 0 || bytes > available) {
            throw new InvalidInputException(String.format(Locale.ROOT,
                    "%s declared by %s needs %s, more than the %s this process can still use (Java heap %s)",
                    what, field, mb(bytes), mb(Math.max(0, available)), mb(rt.maxMemory())), file,
                    "check that the declared size is real; if it is, give LiverLens more memory "
                            + "(LIVERLENS_JAVA_OPTS=-Xmx…)");
        }
    }

    /** A byte count in MB (in bytes below 1 MB), or "more than 8 EB" for an overflowed count. */
    public static String mb(long bytes) {
        if (bytes < 0) {
            return "more than 8 EB";
        }
        return bytes < 1 << 20 ? String.format(Locale.ROOT, "%,d bytes", bytes)
                : String.format(Locale.ROOT, "%,d MB", (bytes + (1 << 20) - 1) >> 20);
    }

    /** {@code a × b × c …} or -1 when the product overflows a long. */
    public static long product(long... factors) {
        long p = 1;
        for (long f : factors) {
            if (f < 0) {
                return -1;
            }
            try {
                p = Math.multiplyExact(p, f);
            } catch (ArithmeticException e) {
                return -1;
            }
        }
        return p;
    }
}
