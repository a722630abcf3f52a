package org.liverlens.testdicom;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import org.liverlens.core.dicom.DicomFiles;
import org.liverlens.core.dicom.TransferSyntaxes;
import org.liverlens.core.volume.VolumeGeometry;
import org.liverlens.core.work.AtomicFiles;
import org.liverlens.core.work.Progress;

/**
 * Writes a {@link SyntheticCt} as a DICOM series (one Explicit VR Little Endian file per slice,
 * {@code slice-0001.dcm} ...) and its ground truth ({@code labels.nrrd}, {@code lesions.nrrd},
 * {@code truth.json}). Slices are rendered and written in parallel; every file is written
 * atomically. Earlier {@code slice-NNNN.dcm} files in the DICOM folder are removed first so that a
 * rerun with fewer slices leaves no stale slices behind; nothing else there is touched.
 */
public final class SyntheticCtWriter {
    /** File names this writer owns in the DICOM folder. */
    static final Pattern SLICE_FILE = Pattern.compile("slice-\\d{4}\\.dcm");
    static final String LABELS_FILE = "labels.nrrd";
    static final String LESIONS_FILE = "lesions.nrrd";
    static final String TRUTH_FILE = "truth.json";

    private final int threads;

    public SyntheticCtWriter() {
        this(Runtime.getRuntime().availableProcessors());
    }

    public SyntheticCtWriter(int threads) {
        this.threads = Math.max(1, threads);
    }

    /** What was written, with the measured ground truth. */
    public record Result(Path dicomFolder, Path groundTruthFolder, int files, long[] labelVoxels, long[] lesionVoxels,
                         double[] lesionMeanHu, double voxelVolumeMl) {
        /** Liver volume in mL inside the field of view, lesions included. */
        public double liverVolumeMl() {
            return (labelVoxels[Label.LIVER.value()] + labelVoxels[Label.LIVER_LESION.value()]) * voxelVolumeMl;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Result r && dicomFolder.equals(r.dicomFolder)
                    && Objects.equals(groundTruthFolder, r.groundTruthFolder) && files == r.files
                    && Arrays.equals(labelVoxels, r.labelVoxels) && Arrays.equals(lesionVoxels, r.lesionVoxels)
                    && Arrays.equals(lesionMeanHu, r.lesionMeanHu) && Double.compare(voxelVolumeMl, r.voxelVolumeMl) == 0;
        }

        @Override
        public int hashCode() {
            return Objects.hash(dicomFolder, groundTruthFolder, files, Arrays.hashCode(labelVoxels),
                    Arrays.hashCode(lesionVoxels), Arrays.hashCode(lesionMeanHu), voxelVolumeMl);
        }

        @Override
        public String toString() {
            return "Result[dicomFolder=" + dicomFolder + ", groundTruthFolder=" + groundTruthFolder + ", files=" + files
                    + ", labelVoxels=" + Arrays.toString(labelVoxels) + ", lesionVoxels=" + Arrays.toString(lesionVoxels)
                    + ", lesionMeanHu=" + Arrays.toString(lesionMeanHu) + ", voxelVolumeMl=" + voxelVolumeMl + "]";
        }
    }

    /** Writes the series into {@code dicomFolder} and the ground truth into {@code groundTruthFolder}. */
    public Result write(SyntheticCt ct, Path dicomFolder, Path groundTruthFolder, Progress progress) {
        SyntheticCt.Params p = ct.params();
        int slices = p.slices();
        int lesionCount = ct.lesions().size();
        SeriesUids uids = new SeriesUids(p);
        removeOldSlices(dicomFolder);

        byte[][] labels = new byte[slices][];
        byte[][] lesionIds = new byte[slices][];
        AtomicLongArray labelVoxels = new AtomicLongArray(256);
        AtomicLongArray lesionVoxels = new AtomicLongArray(lesionCount + 1);
        AtomicLongArray lesionHuSum = new AtomicLongArray(lesionCount + 1);
        ThreadLocal<SyntheticCt.SliceBuffers> buffers = ThreadLocal.withInitial(ct::newBuffers);

        progress.begin("Writing synthetic CT", slices + 3L);
        try {
            ForkJoinPool pool = new ForkJoinPool(threads);
            try {
                pool.submit(() -> IntStream.range(0, slices).parallel().forEach(k -> {
                    SyntheticCt.SliceBuffers b = buffers.get();
                    ct.renderSlice(k, b);
                    labels[k] = b.labels.clone();
                    lesionIds[k] = b.lesionIds.clone();
                    count(b, labelVoxels, lesionVoxels, lesionHuSum, lesionCount);
                    DicomFiles.write(CtImageDataset.build(ct, uids, k, b.hu), dicomFolder.resolve(sliceFileName(k)),
                            TransferSyntaxes.EXPLICIT_LE);
                    progress.advance(1);
                })).get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while writing the synthetic CT", e);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException r) {
                    throw r;
                }
                throw new IllegalStateException("writing the synthetic CT failed: " + e.getCause(), e.getCause());
            } finally {
                pool.shutdown();
            }

            long[] labelCounts = toArray(labelVoxels);
            long[] lesionCounts = toArray(lesionVoxels);
            double[] meanHu = new double[lesionCount + 1];
            for (int i = 1; i <= lesionCount; i++) {
                meanHu[i] = lesionCounts[i] == 0 ? Double.NaN : (double) lesionHuSum.get(i) / lesionCounts[i];
            }
            VolumeGeometry g = ct.geometry();
            Result result = new Result(dicomFolder, groundTruthFolder, slices, labelCounts, lesionCounts, meanHu,
                    g.voxelVolumeMl());

            Map<String, String> legend = new LinkedHashMap<>();
            for (Label l : Label.values()) {
                legend.put("label_" + l.value(), l.description());
            }
            NrrdLabelWriter.write(groundTruthFolder.resolve(LABELS_FILE), g, labels, legend);
            progress.advance(1);
            NrrdLabelWriter.write(groundTruthFolder.resolve(LESIONS_FILE), g, lesionIds,
                    Map.of("content", "liver lesion ids (0 = none, n = lesion n of truth.json)"));
            progress.advance(1);
            AtomicFiles.writeString(groundTruthFolder.resolve(TRUTH_FILE), truthJson(ct, uids, result));
            progress.advance(1);
            return result;
        } finally {
            progress.end();
        }
    }

    static String sliceFileName(int k) {
        return String.format(Locale.ROOT, "slice-%04d.dcm", k + 1);
    }

    private static void count(SyntheticCt.SliceBuffers b, AtomicLongArray labelVoxels, AtomicLongArray lesionVoxels,
                              AtomicLongArray lesionHuSum, int lesionCount) {
        long[] labels = new long[256];
        long[] lesions = new long[lesionCount + 1];
        long[] huSum = new long[lesionCount + 1];
        for (int p = 0; p < b.labels.length; p++) {
            labels[b.labels[p] & 0xff]++;
            int id = b.lesionIds[p] & 0xff;
            if (id != 0) {
                lesions[id]++;
                huSum[id] += b.hu[p];
            }
        }
        for (int i = 0; i < 256; i++) {
            if (labels[i] != 0) {
                labelVoxels.addAndGet(i, labels[i]);
            }
        }
        for (int i = 1; i <= lesionCount; i++) {
            lesionVoxels.addAndGet(i, lesions[i]);
            lesionHuSum.addAndGet(i, huSum[i]);
        }
    }

    private static long[] toArray(AtomicLongArray a) {
        long[] r = new long[a.length()];
        for (int i = 0; i < r.length; i++) {
            r[i] = a.get(i);
        }
        return r;
    }

    private static void removeOldSlices(Path folder) {
        try {
            Files.createDirectories(folder);
            try (DirectoryStream<Path> files = Files.newDirectoryStream(folder)) {
                for (Path f : files) {
                    if (SLICE_FILE.matcher(f.getFileName().toString()).matches() && Files.isRegularFile(f)) {
                        Files.delete(f);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare " + folder + ": " + e.getMessage(), e);
        }
    }

    private static String truthJson(SyntheticCt ct, SeriesUids uids, Result r) {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        SyntheticCt.Params p = ct.params();
        VolumeGeometry g = ct.geometry();
        ObjectNode root = mapper.createObjectNode();
        root.put("generator", "LiverLens synthetic abdominal CT (org.liverlens.testdicom)");
        root.put("formatVersion", 1);
        root.put("seed", p.seed());
        root.put("description", ct.describe());

        ObjectNode params = root.putObject("params");
        params.put("columns", p.columns());
        params.put("rows", p.rows());
        params.put("slices", p.slices());
        params.put("pixelSpacingMm", p.pixelSpacingMm());
        params.put("sliceSpacingMm", p.sliceSpacingMm());
        params.put("phase", p.phase().name());
        if (!p.realism().fixture()) {
            params.put("realism", p.realism().describe());
        }
        params.put("lesionCount", p.lesionCount());
        params.put("explicitLesions", p.lesions().size());
        params.put("minLesionDiameterMm", p.minLesionDiameterMm());
        params.put("maxLesionDiameterMm", p.maxLesionDiameterMm());
        params.put("noiseSdHu", p.noiseSdHu());
        params.put("partialVolumeBlur", p.partialVolumeBlur());
        params.put("patientName", p.patientName());
        params.put("patientId", p.effectivePatientId());

        ObjectNode geometry = root.putObject("geometry");
        geometry.put("space", "LPS");
        geometry.put("note", "voxel (i, j, k) = DICOM column i, row j, slice k (slice-(k+1).dcm, ascending z); "
                + "centre mm = origin + i*spacing[0]*dir[0] + j*spacing[1]*dir[1] + k*spacing[2]*dir[2]");
        putArray(geometry.putArray("size"), g.columns(), g.rows(), g.slices());
        putArray(geometry.putArray("spacingMm"), g.spacingMm());
        putArray(geometry.putArray("originMm"), g.originMm());
        ArrayNode dirs = geometry.putArray("directions");
        for (int axis = 0; axis < 3; axis++) {
            putArray(dirs.addArray(), g.direction(axis));
        }
        geometry.put("voxelVolumeMl", g.voxelVolumeMl());

        ObjectNode dicom = root.putObject("dicom");
        dicom.put("folder", relative(r.groundTruthFolder(), r.dicomFolder()));
        dicom.put("files", r.files());
        dicom.put("studyInstanceUid", uids.study());
        dicom.put("seriesInstanceUid", uids.series());
        dicom.put("frameOfReferenceUid", uids.frameOfReference());
        dicom.put("transferSyntaxUid", TransferSyntaxes.EXPLICIT_LE);
        dicom.put("pixels", "signed 16-bit HU, RescaleIntercept 0, RescaleSlope 1");

        ObjectNode files = root.putObject("files");
        files.put("labels", LABELS_FILE);
        files.put("lesions", LESIONS_FILE);

        ArrayNode legend = root.putArray("legend");
        for (Label l : Label.values()) {
            ObjectNode e = legend.addObject();
            e.put("value", l.value());
            e.put("name", l.name().toLowerCase(Locale.ROOT));
            e.put("description", l.description());
            e.put("voxels", r.labelVoxels()[l.value()]);
            e.put("volumeMl", round(r.labelVoxels()[l.value()] * r.voxelVolumeMl(), 3));
        }

        ObjectNode hu = root.putObject("huByTissue");
        for (Map.Entry<Tissue, Double> e : ct.huTable().entrySet()) {
            hu.put(e.getKey().name().toLowerCase(Locale.ROOT), round(e.getValue(), 1));
        }

        ObjectNode liver = root.putObject("liver");
        long liverVoxels = r.labelVoxels()[Label.LIVER.value()] + r.labelVoxels()[Label.LIVER_LESION.value()];
        liver.put("voxels", liverVoxels);
        liver.put("volumeMl", round(r.liverVolumeMl(), 3));
        liver.put("parenchymaVolumeMl", round(r.labelVoxels()[Label.LIVER.value()] * r.voxelVolumeMl(), 3));
        liver.put("note", "inside the field of view; volumeMl includes the lesions (labels 1 and 2), "
                + "parenchymaVolumeMl is label 1 only (intrahepatic vessels included)");

        ArrayNode lesions = root.putArray("lesions");
        List<Lesion> ls = ct.lesions();
        for (Lesion l : ls) {
            ObjectNode e = lesions.addObject();
            e.put("id", l.id());
            e.put("type", l.type().shortName());
            e.put("diameterMm", round(l.diameterMm(), 3));
            e.put("hu", round(l.hu(), 1));
            putArray(e.putArray("centreMm"), l.centreMm());
            double[] v = g.toVoxel(l.centreMm()[0], l.centreMm()[1], l.centreMm()[2]);
            putArray(e.putArray("centreVoxel"), Math.round(v[0]), Math.round(v[1]), Math.round(v[2]));
            putArray(e.putArray("centreVoxelExact"), round(v[0], 3), round(v[1], 3), round(v[2], 3));
            putArray(e.putArray("semiAxesMm"), round(l.semiAxesMm()[0], 3), round(l.semiAxesMm()[1], 3),
                    round(l.semiAxesMm()[2], 3));
            e.put("marginMm", round(l.marginMm(), 3));
            e.put("voxels", r.lesionVoxels()[l.id()]);
            e.put("volumeMl", round(r.lesionVoxels()[l.id()] * r.voxelVolumeMl(), 4));
            double mean = r.lesionMeanHu()[l.id()];
            if (Double.isNaN(mean)) {
                e.putNull("meanHuInLabel");
            } else {
                e.put("meanHuInLabel", round(mean, 1));
            }
        }
        try {
            return mapper.writeValueAsString(root) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot encode truth.json: " + e.getMessage(), e);
        }
    }

    /** The DICOM folder as seen from the ground-truth folder ("../ct"), so the pair can be moved together. */
    private static String relative(Path from, Path to) {
        Path a = from.toAbsolutePath().normalize();
        Path b = to.toAbsolutePath().normalize();
        try {
            return a.relativize(b).toString().replace('\\', '/');
        } catch (IllegalArgumentException e) {
            return b.toString();
        }
    }

    private static void putArray(ArrayNode a, double... values) {
        for (double v : values) {
            a.add(v);
        }
    }

    private static void putArray(ArrayNode a, long... values) {
        for (long v : values) {
            a.add(v);
        }
    }

    private static double round(double v, int decimals) {
        double f = Math.pow(10, decimals);
        return Math.round(v * f) / f;
    }
}
