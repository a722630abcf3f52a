package org.liverlens.core.seg;

import java.nio.file.Path;

import org.liverlens.core.TestData;
import org.liverlens.core.dicom.DicomScanner;
import org.liverlens.core.dicom.Stack;
import org.liverlens.core.work.Cancellation;
import org.liverlens.core.work.Progress;

/** Paths and CT stacks of the label map tests (test data READMEs give the expected figures). */
final class LabelMapFixtures {
    static final String TS = "totalsegmentator/tests/reference_files/";
    static final String TS_CT_DICOM = TS + "example_ct_dicom";
    static final String TS_CT_DICOM_RAW = "totalsegmentator/derived/example_ct_dicom_explicit_vr_le";
    static final String TS_SEG_DICOM = TS + "example_seg_dicom.nii.gz";
    static final String TS_SEG = TS + "example_seg.nii.gz";
    static final String TS_DCM2NIIX = "totalsegmentator/derived/example_ct_dicom_dcm2niix.nii.gz";
    static final String DCMQI = "dcmqi/data/segmentations/";
    static final String DCMQI_CT = DCMQI + "ct-3slice";

    /** Liver voxels per k of example_seg_dicom.nii.gz on the DICOM grid (totalsegmentator/README.md). */
    static final long[] TS_LIVER_PER_K = {16512, 16917, 16917, 17358, 17697, 17697, 18064, 18064, 18311, 18539, 18539,
        18800, 19043, 19043, 19226, 19226, 19281, 19256, 19256, 18962};

    private LabelMapFixtures() {
    }

    static Path data(String relative) {
        return TestData.path(relative);
    }

    /** The primary stack of the only CT series under a test-data folder. */
    static Stack ctStack(String relative) {
        return new DicomScanner(2).scan(TestData.path(relative), Progress.NONE, Cancellation.NONE).series().stream()
                .filter(s -> "CT".equals(s.modality())).reduce((a, b) -> {
                    throw new AssertionError("more than one CT series under " + relative);
                }).orElseThrow().primaryStack().orElseThrow();
    }
}
