package org.liverlens.tools.cases;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

import org.liverlens.core.dicom.DicomScanner;
import org.liverlens.core.dicom.LoadOptions;
import org.liverlens.core.dicom.ScanResult;
import org.liverlens.core.dicom.SeriesInfo;
import org.liverlens.core.dicom.Stack;
import org.liverlens.core.dicom.VolumeLoader;
import org.liverlens.core.seg.LabelMapAlignment;
import org.liverlens.core.seg.LabelMapIo;
import org.liverlens.core.segment.LabelledCt;
import org.liverlens.core.segment.LocalCases;
import org.liverlens.core.segment.ReferenceCases;
import org.liverlens.core.segment.Segmenter;
import org.liverlens.core.volume.HuVolume;
import org.liverlens.core.volume.LabelVolume;
import org.liverlens.core.volume.VolumeGeometry;
import org.liverlens.core.work.Cancellation;
import org.liverlens.core.work.InvalidInputException;
import org.liverlens.core.work.Progress;

/**
 * The real labelled CTs of the shared test data ({@code ../shared/test-data}, see its MANIFEST.md),
 * split by licence: {@link #training} holds only cases whose licence allows training shipped
 * weights (TotalSegmentator example, Apache-2.0; TotalSegmentator s0009, CC BY 4.0; dcmqi, BSD-3); {@link #evaluation} holds the cases never
 * trained on (the TotalSegmentator DICOM CT, a different scan, and the radcttaceomics cases, which
 * carry no licence and may only be used to evaluate). The {@link ReferenceCases} of {@code train} and
 * {@code models evaluate}, found through {@link java.util.ServiceLoader}.
 */
public final class RealCases implements ReferenceCases {
    /** Label value of the liver in TotalSegmentator's maps. */
    static final int TOTALSEGMENTATOR_LIVER = 5;

    /** Cases a shipped model may be trained on. */
    @Override
    public List<LabelledCt> training(Path testData) {
        List<LabelledCt> cases = new ArrayList<>();
        Path ts = testData.resolve("totalsegmentator/tests/reference_files");
        HuVolume sm = readNiftiCt(ts.resolve("example_ct_sm.nii.gz"));
        LabelVolume smSeg = LabelMapIo.read(ts.resolve("example_seg.nii.gz"));
        cases.add(new LabelledCt("totalsegmentator example_ct_sm (Apache-2.0)", sm,
                liverOnly(LabelMapAlignment.onto(smSeg, sm.geometry(), ts.resolve("example_seg.nii.gz")),
                        TOTALSEGMENTATOR_LIVER), false));
        Path dq = testData.resolve("dcmqi/data/segmentations");
        HuVolume three = loadCt(dq.resolve("ct-3slice"));
        LabelVolume liver = LabelMapAlignment.onto(LabelMapIo.read(dq.resolve("liver_seg.nrrd")), three.geometry(),
                dq.resolve("liver_seg.nrrd"));
        cases.add(new LabelledCt("dcmqi ct-3slice (BSD-3-Clause)", three, liverOnly(liver, -1), false));
        // A partial (FOV-cut) liver, label 1 on the DICOM grid (its README); optional in older test-data copies.
        Path s0009 = testData.resolve("licensed-train/totalsegmentator-s0009");
        if (java.nio.file.Files.isDirectory(s0009)) {
            HuVolume ct = loadCt(s0009.resolve("ct"));
            Path label = s0009.resolve("liver.nrrd");
            cases.add(new LabelledCt("totalsegmentator s0009 (CC BY 4.0, partial liver)", ct,
                    liverOnly(LabelMapAlignment.onto(LabelMapIo.read(label), ct.geometry(), label), 1), false));
        }
        return cases;
    }

    /** Cases for evaluation only, never for training. */
    @Override
    public List<LabelledCt> evaluation(Path testData) {
        List<LabelledCt> cases = new ArrayList<>();
        Path ts = testData.resolve("totalsegmentator/tests/reference_files");
        HuVolume dicom = loadCt(ts.resolve("example_ct_dicom"));
        Path seg = ts.resolve("example_seg_dicom.nii.gz");
        cases.add(new LabelledCt("totalsegmentator example_ct_dicom (labels: TotalSegmentator --fast)", dicom,
                liverOnly(LabelMapAlignment.onto(LabelMapIo.read(seg), dicom.geometry(), seg), TOTALSEGMENTATOR_LIVER),
                false));
        for (String id : List.of("0697", "1720")) {
            Path dir = testData.resolve("radcttaceomics").resolve(id);
            cases.add(radcttaceomics(dir, "radcttaceomics " + id + " (manual liver and tumour; evaluation only)"));
        }
        return cases;
    }

    /**
     * A radcttaceomics case: the axial 5 mm CT with its manual liver and tumour SEGs on its grid
     * (read as any user's labelled case is, {@link LocalCases}).
     */
    static LabelledCt radcttaceomics(Path dir, String name) {
        LabelledCt c = LocalCases.read(dir, note -> { });
        return new LabelledCt(name, c.ct(), c.labels(), c.tumourLabelled());
    }

    /** The primary stack of the CT series under {@code dir}. */
    static Stack ctStack(Path dir) {
        ScanResult scan = new DicomScanner().scan(dir, Progress.NONE, Cancellation.NONE);
        SeriesInfo series = scan.series().stream().filter(s -> "CT".equals(s.modality())).findFirst()
                .orElseThrow(() -> new InvalidInputException("no CT series", dir, null));
        return series.primaryStack().orElseThrow();
    }

    /** The CT series under {@code dir} as one volume (strict loading). */
    public static HuVolume loadCt(Path dir) {
        return new VolumeLoader().load(ctStack(dir), LoadOptions.STRICT, Progress.NONE, Cancellation.NONE).volume();
    }

    /** Liver = the voxels with {@code liverValue} (any non-zero value when −1), as label 1; the rest 0. */
    static LabelVolume liverOnly(LabelVolume map, int liverValue) {
        LabelVolume out = new LabelVolume(map.geometry());
        for (int k = 0; k < map.geometry().slices(); k++) {
            if (map.isSliceEmpty(k)) {
                continue;
            }
            short[] s = map.slice(k);
            short[] d = null;
            for (int p = 0; p < s.length; p++) {
                int v = s[p] & 0xffff;
                if (liverValue < 0 ? v != 0 : v == liverValue) {
                    if (d == null) {
                        d = out.slice(k);
                    }
                    d[p] = (short) Segmenter.LIVER;
                }
            }
        }
        return out;
    }

    /**
     * A CT in NIfTI-1 (gzip or not; int16, int32 or float32; values in HU after scl_slope/scl_inter) with
     * its sform (or qform-free pixdim) turned into LPS. Only what the training set needs.
     */
    static HuVolume readNiftiCt(Path file) {
        byte[] bytes;
        try (InputStream in = file.toString().endsWith(".gz") ? new GZIPInputStream(Files.newInputStream(file))
                : Files.newInputStream(file)) {
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw new InvalidInputException("cannot read NIfTI CT: " + e.getMessage(), file, null, e);
        }
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (b.getInt(0) != 348) {
            b.order(ByteOrder.BIG_ENDIAN);
            if (b.getInt(0) != 348) {
                throw new InvalidInputException("not a NIfTI-1 file (sizeof_hdr is not 348)", file, null);
            }
        }
        int[] size = {b.getShort(42), b.getShort(44), b.getShort(46)};
        int datatype = b.getShort(70);
        int offset = (int) b.getFloat(108);
        double slope = b.getFloat(112);
        double inter = b.getFloat(116);
        if (slope == 0 || Double.isNaN(slope)) {
            slope = 1;
            inter = 0;
        }
        if (b.getShort(254) <= 0) {
            throw new InvalidInputException("the NIfTI CT has no sform", file, null);
        }
        double[][] srow = new double[3][4];
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 4; c++) {
                srow[r][c] = b.getFloat(280 + 16 * r + 4 * c);
            }
        }
        // RAS → LPS: negate the x and y rows.
        double[] origin = {-srow[0][3], -srow[1][3], srow[2][3]};
        double[] spacing = new double[3];
        double[][] dirs = new double[3][3];
        for (int axis = 0; axis < 3; axis++) {
            double[] v = {-srow[0][axis], -srow[1][axis], srow[2][axis]};
            spacing[axis] = Math.sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
            dirs[axis] = v;
        }
        VolumeGeometry g = new VolumeGeometry(size, origin, spacing, dirs[0], dirs[1], dirs[2]);
        HuVolume hu = HuVolume.allocate(g, (short) 0);
        int plane = size[0] * size[1];
        for (int k = 0; k < size[2]; k++) {
            short[] s = hu.slice(k);
            for (int p = 0; p < plane; p++) {
                long index = (long) k * plane + p;
                double v = switch (datatype) {
                    case 4 -> b.getShort(offset + (int) (2 * index));
                    case 8 -> b.getInt(offset + (int) (4 * index));
                    case 16 -> b.getFloat(offset + (int) (4 * index));
                    default -> throw new InvalidInputException("NIfTI datatype " + datatype + " is not a CT type here", file,
                            null);
                };
                s[p] = (short) Math.max(-1024, Math.min(3071, Math.round(v * slope + inter)));
            }
        }
        return hu;
    }
}
