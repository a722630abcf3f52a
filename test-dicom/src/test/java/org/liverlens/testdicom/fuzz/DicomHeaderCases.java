package org.liverlens.testdicom.fuzz;

import static org.liverlens.testdicom.fuzz.DicomFileDamage.setDecimal;
import static org.liverlens.testdicom.fuzz.DicomFileDamage.setInteger;
import static org.liverlens.testdicom.fuzz.DicomFileDamage.setUnsignedShort;

import com.pixelmed.dicom.OtherWordAttribute;
import com.pixelmed.dicom.TagFromName;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Damage inside the files of a CT series: header attributes the loader relies on (rescale, bits,
 * pixel spacing, orientation, frames), pixel data that does not match its header, truncation, and
 * decompression / header bombs (run in a child JVM with a small heap).
 */
final class DicomHeaderCases {
    /** The slice damaged when one is: in the middle of the stack. */
    static final int MIDDLE = 6;

    private DicomHeaderCases() {
    }

    static List<FuzzCase> cases() {
        return List.of(
                FuzzCase.named("rescale-slope-nan").make(slice(MIDDLE, l -> setDecimal(l, TagFromName.RescaleSlope,
                        "NaN"))).run("segment", "{in}/ct", "-o", "{out}")
                        .expect(3, "slice-0006.dcm", "RescaleSlope (0028,1053)", "re-export"),
                FuzzCase.named("rescale-intercept-infinite").make(slice(MIDDLE, l -> setDecimal(l,
                        TagFromName.RescaleIntercept, "Infinity"))).run("measure", "{in}/ct", "--seg", "{in}/seg.dcm")
                        .expect(3, "slice-0006.dcm", "RescaleIntercept (0028,1052)", "re-export"),
                FuzzCase.named("rescale-slope-zero").make(slice(MIDDLE, l -> setDecimal(l, TagFromName.RescaleSlope,
                        "0"))).run("segment", "{in}/ct", "-o", "{out}")
                        .expect(3, "slice-0006.dcm", "RescaleSlope (0028,1053) is 0"),
                FuzzCase.named("rescale-slope-nan-info").make(slice(MIDDLE, l -> setDecimal(l,
                        TagFromName.RescaleSlope, "NaN"))).run("info", "{in}/ct")
                        .expect(0, "SKIPPED_FILE", "RescaleSlope (0028,1053)", "slice-0006.dcm"),
                FuzzCase.named("bits-allocated-8-stored-16").make(slice(MIDDLE, l -> setUnsignedShort(l,
                        TagFromName.BitsAllocated, 8))).run("segment", "{in}/ct", "-o", "{out}")
                        .expect(3, "slice-0006.dcm", "BitsStored (0028,0101) is 16 with BitsAllocated (0028,0100) 8"),
                FuzzCase.named("pixel-data-longer-than-header").make(slice(MIDDLE, l -> {
                    setUnsignedShort(l, TagFromName.BitsAllocated, 8);
                    setUnsignedShort(l, TagFromName.BitsStored, 8);
                    setUnsignedShort(l, TagFromName.HighBit, 7);
                })).run("segment", "{in}/ct", "-o", "{out}")
                        .expect(3, "slice-0006.dcm", "Pixel Data (7FE0,0010) holds 8192 bytes", "BitsAllocated (0028,0100)"),
                FuzzCase.named("pixel-data-shorter-than-header").make(slice(MIDDLE, l -> {
                    OtherWordAttribute half = new OtherWordAttribute(TagFromName.PixelData);
                    half.setValues(new short[64 * 32]);
                    l.put(half);
                })).run("segment", "{in}/ct", "-o", "{out}")
                        .expect(3, "slice-0006.dcm", "Pixel Data (7FE0,0010) holds 4096 bytes"),
                FuzzCase.named("high-bit-not-bits-stored-minus-1").make(slice(MIDDLE, l -> setUnsignedShort(l,
                        TagFromName.BitsStored, 12))).run("segment", "{in}/ct", "-o", "{out}")
                        .expect(3, "slice-0006.dcm", "HighBit (0028,0102) is 15 with BitsStored (0028,0101) 12"),
                FuzzCase.named("pixel-spacing-zero").make(everySlice(l -> setDecimal(l, TagFromName.PixelSpacing,
                        "0", "0"))).run("segment", "{in}/ct", "-o", "{out}")
                        .expect(3, "slice-0001.dcm", "PixelSpacing (0028,0030) is 0\\0", "correct that attribute"),
                FuzzCase.named("pixel-spacing-negative").make(everySlice(l -> setDecimal(l, TagFromName.PixelSpacing,
                        "-0.7", "0.7"))).run("measure", "{in}/ct", "--seg", "{in}/seg.dcm")
                        .expect(3, "slice-0001.dcm", "PixelSpacing (0028,0030) is -0.7000\\0.7000"),
                FuzzCase.named("pixel-spacing-zero-info").make(everySlice(l -> setDecimal(l, TagFromName.PixelSpacing,
                        "0", "0"))).run("info", "{in}/ct")
                        .expect(0, "INVALID_HEADER", "PixelSpacing (0028,0030) is 0\\0"),
                FuzzCase.named("orientation-zero").make(everySlice(l -> setDecimal(l,
                        TagFromName.ImageOrientationPatient, "0", "0", "0", "0", "0", "0")))
                        .run("segment", "{in}/ct", "-o", "{out}")
                        .expect(3, "slice-0001.dcm", "ImageOrientationPatient (0020,0037) is 0\\0\\0\\0\\0\\0",
                                "unit vectors"),
                FuzzCase.named("orientation-parallel").make(everySlice(l -> setDecimal(l,
                        TagFromName.ImageOrientationPatient, "1", "0", "0", "1", "0", "0")))
                        .run("segment", "{in}/ct", "-o", "{out}")
                        .expect(3, "slice-0001.dcm", "ImageOrientationPatient (0020,0037) is 1\\0\\0\\1\\0\\0",
                                "not perpendicular"),
                FuzzCase.named("orientation-parallel-info").make(everySlice(l -> setDecimal(l,
                        TagFromName.ImageOrientationPatient, "1", "0", "0", "1", "0", "0"))).run("info", "{in}/ct")
                        .expect(0, "INVALID_HEADER", "ImageOrientationPatient (0020,0037)"),
                FuzzCase.named("orientation-zero-seg-import").make((in, inputs) -> {
                    everySlice(l -> setDecimal(l, TagFromName.ImageOrientationPatient, "0", "0", "0", "0", "0", "0"))
                            .make(in, inputs);
                    inputs.labelMap(in.resolve("liver.nii.gz"));
                }).run("seg", "import", "{in}/liver.nii.gz", "--ct", "{in}/ct", "-o", "{out}/seg.dcm")
                        .expect(3, "slice-0001.dcm", "ImageOrientationPatient (0020,0037)"),
                FuzzCase.named("number-of-frames-zero").make(slice(MIDDLE, l -> setInteger(l,
                        TagFromName.NumberOfFrames, 0))).run("segment", "{in}/ct", "-o", "{out}")
                        .expect(3, "slice-0006.dcm", "NumberOfFrames (0028,0008) is '0'"),
                FuzzCase.named("number-of-frames-huge").make(slice(MIDDLE, l -> setInteger(l,
                        TagFromName.NumberOfFrames, Integer.MAX_VALUE))).run("segment", "{in}/ct", "-o", "{out}")
                        .expect(3, "slice-0006.dcm", "NumberOfFrames (0028,0008) is 2147483647", "--allow-gaps"),
                FuzzCase.named("truncated-header").make(slice(MIDDLE, 300)).run("segment", "{in}/ct", "-o", "{out}")
                        .expect(3, "slice-0006.dcm", "incomplete header", "--allow-gaps"),
                FuzzCase.named("truncated-pixel-data").make(slice(MIDDLE, -1000)).run("segment", "{in}/ct", "-o",
                        "{out}").expect(3, "slice-0006.dcm", "truncated", "belongs to this series", "--allow-gaps"),
                FuzzCase.named("truncated-pixel-data-measure").make(slice(MIDDLE, -1000))
                        .run("measure", "{in}/ct", "--seg", "{in}/seg.dcm")
                        .expect(3, "slice-0006.dcm", "truncated", "--allow-gaps"),
                FuzzCase.named("truncated-pixel-data-seg-export").make(slice(MIDDLE, -1000))
                        .run("seg", "export", "{in}/seg.dcm", "--ct", "{in}/ct", "-o", "{out}/labels.nii.gz")
                        .expect(3, "slice-0006.dcm", "--allow-gaps"),
                FuzzCase.named("truncated-pixel-data-allowed").make(slice(MIDDLE, -1000))
                        .run("--allow-gaps", "segment", "{in}/ct", "-o", "{out}")
                        .expect(0, "skipped {in}/ct/slice-0006.dcm: truncated", "interpolated"),
                FuzzCase.named("declared-46000-squared").make((in, inputs) -> {
                    Path one = Files.createDirectories(in.resolve("ct")).resolve("big.dcm");
                    Files.copy(FuzzInputs.slice(inputs.cleanCt(), 1), one);
                    FuzzInputs.edit(one, l -> {
                        setUnsignedShort(l, TagFromName.Rows, 46000);
                        setUnsignedShort(l, TagFromName.Columns, 46000);
                        OtherWordAttribute pixels = new OtherWordAttribute(TagFromName.PixelData);
                        pixels.setValues(new short[2 << 20]);
                        l.put(pixels);
                    });
                }).run("segment", "{in}/ct", "-o", "{out}").inChildJvm()
                        .expect(3, "big.dcm", "Pixel Data (7FE0,0010) holds 4194304 bytes"),
                FuzzCase.named("declared-46000-squared-info").make((in, inputs) -> {
                    Path one = Files.createDirectories(in.resolve("ct")).resolve("big.dcm");
                    Files.copy(FuzzInputs.slice(inputs.cleanCt(), 1), one);
                    FuzzInputs.edit(one, l -> {
                        setUnsignedShort(l, TagFromName.Rows, 46000);
                        setUnsignedShort(l, TagFromName.Columns, 46000);
                    });
                }).run("info", "{in}/ct").inChildJvm().expect(0, "big.dcm", "Pixel Data (7FE0,0010) holds 8192 bytes"),
                FuzzCase.named("deflate-bomb").make(DicomHeaderCases::deflateBomb).run("segment", "{in}/ct", "-o",
                        "{out}").inChildJvm()
                        .expect(3, "deflated.dcm", "16384×16384", "more than"),
                FuzzCase.named("deflate-bomb-info").make(DicomHeaderCases::deflateBomb).run("info", "{in}/ct").inChildJvm().expect(0, "deflated.dcm", "16384×16384"),
                FuzzCase.named("multi-frame-ct-without-frame-positions").make(slice(MIDDLE, l -> {
                    setInteger(l, TagFromName.NumberOfFrames, 2);
                    OtherWordAttribute two = new OtherWordAttribute(TagFromName.PixelData);
                    two.setValues(new short[64 * 64 * 2]);
                    l.put(two);
                })).run("segment", "{in}/ct", "-o", "{out}")
                        .expect(3, "slice-0006.dcm", "NumberOfFrames (0028,0008) is 2 but the image has 1 position"),
                FuzzCase.named("enhanced-ct-rescale-slope-nan").make((in, inputs) -> {
                    Path ct = Files.createDirectories(in.resolve("ct")).resolve("eCT.dcm");
                    Files.copy(org.liverlens.core.TestData.path("pydicom-data/eCT_Supplemental.dcm"), ct);
                    FuzzInputs.edit(ct, l -> setDecimal(DicomFileDamage.macro(l,
                            TagFromName.SharedFunctionalGroupsSequence, TagFromName.PixelValueTransformationSequence),
                            TagFromName.RescaleSlope, "NaN"));
                }).run("segment", "{in}/ct", "-o", "{out}").expect(3, "eCT.dcm", "RescaleSlope (0028,1053) is 'NaN'"),
                FuzzCase.named("image-position-nan").make(slice(MIDDLE, l -> setDecimal(l,
                        TagFromName.ImagePositionPatient, "NaN", "NaN", "NaN"))).run("segment", "{in}/ct", "-o", "{out}")
                        .expect(3, "slice-0006.dcm", "ImagePositionPatient (0020,0032)", "--allow-gaps"),
                FuzzCase.named("unknown-transfer-syntax").make((in, inputs) -> DicomFileDamage.patchBytes(
                        FuzzInputs.slice(inputs.copyCt(in.resolve("ct")), MIDDLE),
                        "1.2.840.10008.1.2.1\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                        "1.2.840.10008.1.2.7\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII)))
                        .run("segment", "{in}/ct", "-o", "{out}").expect(3, "slice-0006.dcm", "1.2.840.10008.1.2.7"),
                FuzzCase.named("element-length-2gb").make((in, inputs) -> DicomFileDamage.hugeElementLength(
                        FuzzInputs.slice(inputs.copyCt(in.resolve("ct")), MIDDLE)))
                        .run("segment", "{in}/ct", "-o", "{out}").inChildJvm()
                        .expect(3, "slice-0006.dcm", "--allow-gaps"),
                // A file whose reading runs out of memory is skipped with the reason, not a crash.
                // ('info': 'segment' opens the model package first, and runs out of memory there.)
                FuzzCase.named("out-of-memory-reading-headers").make((in, inputs) -> inputs.copyCt(in.resolve("ct")))
                        .run("info", "{in}/ct").inChildJvm("-XX:MaxDirectMemorySize=1k")
                        .expect(3, "slice-0001.dcm", "ran out of memory"),
                // An allocation no size check foresaw (here: the direct buffer a label map is read
                // through) ends as a clear exit 3 with last-error.log, not a stack trace and exit 1.
                FuzzCase.named("out-of-memory-anywhere").make((in, inputs) -> inputs.labelMap(in.resolve("map.nrrd")))
                        .run("seg", "import", "{in}/map.nrrd", "--ct", "{ct}", "-o", "{out}/seg.dcm")
                        .inChildJvm("-XX:MaxDirectMemorySize=1k").withErrorLog()
                        .expect(3, "out of memory", "last-error.log", "LIVERLENS_JAVA_OPTS"));
    }

    /** {@code in/ct/deflated.dcm}: one slice, deflated, declaring 16384² pixels (512 MB) in about 500 kB. */
    private static void deflateBomb(Path in, FuzzInputs inputs) throws Exception {
        Path one = Files.createDirectories(in.resolve("ct")).resolve("deflated.dcm");
        Files.copy(FuzzInputs.slice(inputs.cleanCt(), 1), one);
        DicomFileDamage.deflateBomb(one, 16384, 16384);
    }

    /** A copy of the CT under {@code in/ct} (and its SEG as {@code in/seg.dcm}), its slice {@code k} edited. */
    static FuzzCase.Maker slice(int k, FuzzInputs.AttributeEdit edit) {
        return (in, inputs) -> {
            FuzzInputs.edit(FuzzInputs.slice(inputs.copyCt(in.resolve("ct")), k), edit);
            inputs.copySeg(in.resolve("seg.dcm"));
        };
    }

    /** A copy of the CT under {@code in/ct} (and its SEG as {@code in/seg.dcm}), every slice edited. */
    static FuzzCase.Maker everySlice(FuzzInputs.AttributeEdit edit) {
        return (in, inputs) -> {
            Path ct = inputs.copyCt(in.resolve("ct"));
            for (int k = 1; k <= FuzzInputs.SLICES; k++) {
                FuzzInputs.edit(FuzzInputs.slice(ct, k), edit);
            }
            inputs.copySeg(in.resolve("seg.dcm"));
        };
    }

    /** A copy of the CT under {@code in/ct}, its slice {@code k} cut to {@code bytes} (negative: that many fewer). */
    static FuzzCase.Maker slice(int k, long bytes) {
        return (in, inputs) -> {
            Path f = FuzzInputs.slice(inputs.copyCt(in.resolve("ct")), k);
            FuzzInputs.truncate(f, bytes >= 0 ? bytes : Files.size(f) + bytes);
            inputs.copySeg(in.resolve("seg.dcm"));
        };
    }
}
