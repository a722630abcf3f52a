package org.liverlens.core.dicom;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.TagFromName;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import java.util.stream.Collectors;

import org.liverlens.core.volume.HuVolume;
import org.liverlens.core.volume.MemoryBudget;
import org.liverlens.core.volume.VolumeGeometry;
import org.liverlens.core.work.Cancellation;
import org.liverlens.core.work.InvalidInputException;
import org.liverlens.core.work.LiverLensException;
import org.liverlens.core.work.Progress;

/**
 * Decodes the pixels of a CT stack into a {@link HuVolume}: HU = stored × RescaleSlope +
 * RescaleIntercept, per slice, on the stack's regular grid. Refuses (exit code 3) what would give a
 * silently wrong volume: non-CT images, undecodable transfer syntaxes, truncated pixel data,
 * duplicate positions, and gaps or uneven spacing unless the caller allows interpolation.
 */
public final class VolumeLoader {
    private final int threads;

    public VolumeLoader() {
        this(Runtime.getRuntime().availableProcessors());
    }

    public VolumeLoader(int threads) {
        this.threads = Math.max(1, threads);
    }

    public LoadedVolume load(Stack stack, LoadOptions options, Progress progress, Cancellation cancel) {
        SliceHeader first = stack.first();
        if (!"CT".equals(first.modality())) {
            throw new InvalidInputException("modality (0008,0060) is '" + first.modality() + "', not CT",
                    first.file(), "LiverLens builds Hounsfield-unit volumes from CT series only; choose a CT series");
        }
        stack.requireUsable(options, true);
        for (SliceRef s : stack.slices()) {
            SliceHeader h = s.header();
            if (h.samplesPerPixel() != 1 || !(h.photometricInterpretation().startsWith("MONOCHROME"))) {
                throw new InvalidInputException("not a greyscale image (SamplesPerPixel " + h.samplesPerPixel()
                        + ", PhotometricInterpretation '" + h.photometricInterpretation() + "')", h.file(),
                        "CT images must be MONOCHROME1/2 with one sample per pixel");
            }
            if (h.bitsAllocated() != 8 && h.bitsAllocated() != 16) {
                throw new InvalidInputException("BitsAllocated (0028,0100) is " + h.bitsAllocated()
                        + "; CT pixels must be 8 or 16 bits", h.file(), "check the file's origin");
            }
        }

        VolumeGeometry geometry = stack.geometry();
        MemoryBudget.check(MemoryBudget.product(geometry.columns(), geometry.rows(), geometry.slices(), 2),
                String.format(Locale.ROOT, "a %d×%d×%d HU volume", geometry.columns(), geometry.rows(),
                        geometry.slices()), first.file(), "Rows (0028,0010) × Columns (0028,0011) × slices");
        HuVolume volume = HuVolume.allocate(geometry, (short) 0);
        List<SliceRef> refs = stack.slices();
        boolean regular = geometry.slices() == refs.size() && !stack.hasBlockingProblem();

        // Decode every file once (a multi-frame file holds many slices).
        Map<Path, List<Integer>> slicesByFile = new LinkedHashMap<>();
        for (int i = 0; i < refs.size(); i++) {
            slicesByFile.computeIfAbsent(refs.get(i).header().file(), f -> new ArrayList<>()).add(i);
        }
        short[][] decoded = regular ? null : new short[refs.size()][];
        AtomicLong clipped = new AtomicLong();
        progress.begin("Decoding pixels", refs.size());
        ForkJoinPool pool = new ForkJoinPool(threads);
        try {
            pool.submit(() -> slicesByFile.entrySet().parallelStream().forEach(e -> {
                cancel.check();
                SliceHeader header = refs.get(e.getValue().get(0)).header();
                short[][] byFrame = new short[header.numberOfFrames()][];
                for (int index : e.getValue()) {
                    int frame = refs.get(index).frame();
                    byFrame[frame] = regular ? volume.slice(index) : (decoded[index] = new short[header.rows() * header.columns()]);
                }
                decodeFile(e.getKey(), header, f -> byFrame[f], clipped);
                progress.advance(e.getValue().size());
            })).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while decoding", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof LiverLensException l) {
                throw l;
            }
            throw new IllegalStateException("decoding failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdown();
            progress.end();
        }

        List<Integer> interpolated = regular ? List.of() : resampleOntoGrid(stack, refs, decoded, volume);
        List<Problem> warnings = new ArrayList<>();
        if (clipped.get() > 0) {
            warnings.add(Problem.warning(Problem.Code.HU_CLIPPED, first.file().getParent(), clipped.get()
                    + " voxel(s) outside −32768…32767 HU after rescale were clipped"));
        }
        if (!interpolated.isEmpty()) {
            warnings.add(Problem.warning(Problem.Code.GAP, first.file().getParent(), interpolated.size()
                    + " slice(s) interpolated onto the regular grid: k = " + interpolated.stream()
                    .map(String::valueOf).collect(Collectors.joining(", "))));
        }
        return new LoadedVolume(volume, stack, List.copyOf(warnings), interpolated, List.of());
    }

    /** Linear interpolation along the stack normal onto the nominal grid; returns the interpolated k. */
    private static List<Integer> resampleOntoGrid(Stack stack, List<SliceRef> refs, short[][] decoded, HuVolume volume) {
        double spacing = stack.spacingMm()[2];
        double tolerance = Math.max(DicomScanner.SPACING_ABSOLUTE_TOLERANCE_MM,
                DicomScanner.SPACING_RELATIVE_TOLERANCE * spacing);
        double d0 = refs.get(0).distanceMm();
        List<Integer> interpolated = new ArrayList<>();
        int upper = 1;
        for (int k = 0; k < volume.geometry().slices(); k++) {
            double d = d0 + k * spacing;
            while (upper < refs.size() - 1 && refs.get(upper).distanceMm() < d) {
                upper++;
            }
            SliceRef lo = refs.get(upper - 1);
            SliceRef hi = refs.get(upper);
            short[] out = volume.slice(k);
            if (Math.abs(lo.distanceMm() - d) <= tolerance) {
                System.arraycopy(decoded[upper - 1], 0, out, 0, out.length);
            } else if (Math.abs(hi.distanceMm() - d) <= tolerance) {
                System.arraycopy(decoded[upper], 0, out, 0, out.length);
            } else {
                double t = (d - lo.distanceMm()) / (hi.distanceMm() - lo.distanceMm());
                t = Math.max(0, Math.min(1, t));
                short[] a = decoded[upper - 1];
                short[] b = decoded[upper];
                for (int p = 0; p < out.length; p++) {
                    out[p] = (short) Math.round(a[p] + t * (b[p] - a[p]));
                }
                interpolated.add(k);
            }
        }
        return interpolated;
    }

    /** Decodes all frames of one file to HU, each into a new array. */
    static List<short[]> decodeFile(Path file, SliceHeader h, AtomicLong clipped) {
        checkFrameMemory(file, h);
        short[][] frames = new short[h.numberOfFrames()][h.rows() * h.columns()];
        decodeFile(file, h, f -> frames[f], clipped);
        return java.util.Arrays.asList(frames);
    }

    /** Refuses (exit 3) a file whose frames would not fit in memory as 16-bit values. */
    static void checkFrameMemory(Path file, SliceHeader h) {
        MemoryBudget.check(MemoryBudget.product(h.rows(), h.columns(), h.numberOfFrames(), 2),
                String.format(Locale.ROOT, "%d frame(s) of %d×%d pixels", h.numberOfFrames(), h.columns(), h.rows()),
                file, "Rows (0028,0010) × Columns (0028,0011) × NumberOfFrames (0028,0008)");
    }

    /**
     * Decodes the frames of one file to HU into the arrays {@code target} gives per frame index
     * ({@code null}: skip that frame). Native little-endian pixels are read straight from the file;
     * everything else goes through PixelMed.
     */
    static void decodeFile(Path file, SliceHeader h, IntFunction<short[]> target, AtomicLong clipped) {
        int frameSize = h.rows() * h.columns();
        short[] direct = readNativeLittleEndian(file, h);
        if (direct != null) {
            for (int f = 0; f < h.numberOfFrames(); f++) {
                short[] out = target.apply(f);
                if (out != null) {
                    rescale16(direct, f * frameSize, frameSize, h, out, clipped);
                }
            }
            return;
        }
        RawPixels raw = readThroughPixelMed(file, h);
        for (int f = 0; f < h.numberOfFrames(); f++) {
            short[] out = target.apply(f);
            if (out == null) {
                continue;
            }
            if (raw.words() != null) {
                rescale16(raw.words(), f * frameSize, frameSize, h, out, clipped);
            } else {
                rescale8(raw.bytes(), f * frameSize, frameSize, h, out, clipped);
            }
        }
    }

    /**
     * The stored pixel values of a file as PixelMed decodes them: 16-bit words or 8-bit bytes, one set.
     * A plain class, not a record: it holds a whole file's pixels, which are read and never compared
     * (a record would compare them by array identity, which looks like value equality and is not).
     */
    static final class RawPixels {
        private final short[] words;
        private final byte[] bytes;

        RawPixels(short[] words, byte[] bytes) {
            this.words = words;
            this.bytes = bytes;
        }

        short[] words() {
            return words;
        }

        byte[] bytes() {
            return bytes;
        }
    }

    /** Decodes a file through PixelMed and checks that it holds every pixel the header declares. */
    static RawPixels readThroughPixelMed(Path file, SliceHeader h) {
        AttributeList list;
        long declared = MemoryBudget.product(h.rows(), h.columns(), h.numberOfFrames(), h.samplesPerPixel(),
                Math.max(2, h.bitsAllocated() / 8 * 2));
        MemoryBudget.check(declared, String.format(Locale.ROOT, "decoding %d frame(s) of %d×%d pixels",
                h.numberOfFrames(), h.columns(), h.rows()), file,
                "Rows (0028,0010) × Columns (0028,0011) × NumberOfFrames (0028,0008)");
        try {
            list = DicomFiles.readAll(file);
        } catch (OutOfMemoryError e) {
            throw new InvalidInputException("decoding the pixel data needs more memory than this process has (Java "
                    + "heap " + MemoryBudget.mb(MemoryBudget.maxBytes()) + "): the file declares or inflates to more "
                    + "data than " + h.columns() + "×" + h.rows() + "×" + h.numberOfFrames() + " pixels can be", file,
                    "check the file (a damaged or hostile compressed stream?) or re-export it");
        } catch (IOException | DicomException e) {
            throw new InvalidInputException("cannot decode the pixel data: " + e.getMessage(), file,
                    "check the file with 'dciodvfy' or re-export it");
        }
        Attribute pixels = list.get(TagFromName.PixelData);
        long expected = (long) h.rows() * h.columns() * h.numberOfFrames();
        if (pixels == null) {
            throw new InvalidInputException("Pixel Data (7FE0,0010) is missing or could not be read (truncated file?)",
                    file, "re-export or re-transfer the file");
        }
        try {
            if (h.bitsAllocated() == 16) {
                short[] raw = pixels.getShortValues();
                if (raw == null || raw.length < expected) {
                    throw truncated(file, expected, raw == null ? 0 : raw.length);
                }
                return new RawPixels(raw, null);
            }
            byte[] raw = pixels.getByteValues();
            if (raw == null || raw.length < expected) {
                throw truncated(file, expected, raw == null ? 0 : raw.length);
            }
            return new RawPixels(null, raw);
        } catch (DicomException e) {
            throw new InvalidInputException("cannot decode the pixel data: " + e.getMessage(), file,
                    "check the file with 'dciodvfy' or re-export it");
        }
    }

    /** Per-thread buffers for the direct read path, reused so loading allocates only the volume. */
    private static final class Scratch {
        java.nio.ByteBuffer bytes = java.nio.ByteBuffer.allocateDirect(0);
        short[] shorts = new short[0];

        Scratch ensure(int count) {
            if (shorts.length < count) {
                shorts = new short[count];
                bytes = java.nio.ByteBuffer.allocateDirect(count * 2).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            }
            return this;
        }
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    /**
     * Reads 16-bit native little-endian pixels straight from the file at the Pixel Data offset the
     * scan recorded, skipping a second parse of the header. Returns {@code null} (the caller then
     * decodes through PixelMed) unless the element found there is exactly what the header promised.
     * The returned array is a per-thread scratch buffer, valid until this thread's next call.
     */
    static short[] readNativeLittleEndian(Path file, SliceHeader h) {
        String ts = h.transferSyntaxUid();
        boolean implicit = ts.isEmpty() || ts.equals(TransferSyntaxes.IMPLICIT_LE);
        boolean explicit = ts.equals(TransferSyntaxes.EXPLICIT_LE);
        if (!(implicit || explicit) || h.bitsAllocated() != 16 || h.pixelDataTagOffset() < 0) {
            return null;
        }
        long count = (long) h.rows() * h.columns() * h.numberOfFrames();
        if (count > Integer.MAX_VALUE / 2) {
            return null;
        }
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(file)) {
            java.nio.ByteBuffer head = java.nio.ByteBuffer.allocate(12).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            if (ch.read(head, h.pixelDataTagOffset()) < 12) {
                return null;
            }
            head.flip();
            if (head.getShort(0) != (short) 0x7FE0 || head.getShort(2) != (short) 0x0010) {
                return null;
            }
            long length;
            long valueOffset;
            if (explicit) {
                if (head.get(4) != 'O' || (head.get(5) != 'W' && head.get(5) != 'B')) {
                    return null;
                }
                length = head.getInt(8) & 0xFFFFFFFFL;
                valueOffset = h.pixelDataTagOffset() + 12;
            } else {
                length = head.getInt(4) & 0xFFFFFFFFL;
                valueOffset = h.pixelDataTagOffset() + 8;
            }
            long bytes = count * 2;
            if (length == 0xFFFFFFFFL || length < bytes) {
                return null; // encapsulated or short: let PixelMed decide and report
            }
            Scratch scratch = SCRATCH.get().ensure((int) count);
            java.nio.ByteBuffer data = scratch.bytes;
            data.clear().limit((int) bytes);
            while (data.hasRemaining()) {
                if (ch.read(data, valueOffset + data.position()) < 0) {
                    throw truncated(file, count, data.position() / 2);
                }
            }
            data.flip();
            data.asShortBuffer().get(scratch.shorts, 0, (int) count);
            return scratch.shorts;
        } catch (IOException e) {
            return null;
        }
    }

    private static InvalidInputException truncated(Path file, long expected, long found) {
        return new InvalidInputException(String.format(Locale.ROOT,
                "Pixel Data (7FE0,0010) is truncated: %d pixels expected, %d found", expected, found), file,
                "re-export or re-transfer the file");
    }

    static void rescale16(short[] raw, int offset, int n, SliceHeader h, short[] out, AtomicLong clipped) {
        boolean signed = h.pixelRepresentation() == 1;
        double slope = h.rescaleSlope();
        double intercept = h.rescaleIntercept();
        long clips = 0;
        if (slope == 1.0 && intercept == Math.rint(intercept)) {
            int add = (int) intercept;
            for (int p = 0; p < n; p++) {
                int v = (signed ? raw[offset + p] : raw[offset + p] & 0xffff) + add;
                if (v < Short.MIN_VALUE || v > Short.MAX_VALUE) {
                    clips++;
                    v = Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, v));
                }
                out[p] = (short) v;
            }
        } else {
            for (int p = 0; p < n; p++) {
                int stored = signed ? raw[offset + p] : raw[offset + p] & 0xffff;
                long v = Math.round(stored * slope + intercept);
                if (v < Short.MIN_VALUE || v > Short.MAX_VALUE) {
                    clips++;
                    v = Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, v));
                }
                out[p] = (short) v;
            }
        }
        if (clips > 0) {
            clipped.addAndGet(clips);
        }
    }

    static void rescale8(byte[] raw, int offset, int n, SliceHeader h, short[] out, AtomicLong clipped) {
        boolean signed = h.pixelRepresentation() == 1;
        for (int p = 0; p < n; p++) {
            int stored = signed ? raw[offset + p] : raw[offset + p] & 0xff;
            long v = Math.round(stored * h.rescaleSlope() + h.rescaleIntercept());
            if (v < Short.MIN_VALUE || v > Short.MAX_VALUE) {
                clipped.incrementAndGet();
                v = Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, v));
            }
            out[p] = (short) v;
        }
    }
}
