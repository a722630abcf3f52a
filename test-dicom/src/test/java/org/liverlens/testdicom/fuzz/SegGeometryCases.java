package org.liverlens.testdicom.fuzz;

import static org.liverlens.testdicom.fuzz.DicomFileDamage.macro;
import static org.liverlens.testdicom.fuzz.DicomFileDamage.setDecimal;
import static org.liverlens.testdicom.fuzz.DicomFileDamage.setUnsignedShort;

import com.pixelmed.dicom.TagFromName;

import java.nio.file.Path;
import java.util.List;

/**
 * Damaged SEG geometry against a clean CT: zero pixel spacing, a zero orientation, 65535 rows and
 * columns, a truncated SEG. (The fixes on the SEG side belong to the SEG reader.)
 */
final class SegGeometryCases {
    private SegGeometryCases() {
    }

    static List<FuzzCase> cases() {
        return List.of(
                FuzzCase.named("seg-pixel-spacing-zero").make(seg(l -> setDecimal(macro(l,
                        TagFromName.SharedFunctionalGroupsSequence, TagFromName.PixelMeasuresSequence),
                        TagFromName.PixelSpacing, "0", "0")))
                        .run("measure", "{ct}", "--seg", "{in}/seg.dcm").expect(3, "seg.dcm", "(0028,0030)"),
                FuzzCase.named("seg-orientation-zero").make(seg(l -> setDecimal(macro(l,
                        TagFromName.SharedFunctionalGroupsSequence, TagFromName.PlaneOrientationSequence),
                        TagFromName.ImageOrientationPatient, "0", "0", "0", "0", "0", "0")))
                        .run("seg", "info", "{in}/seg.dcm", "--ct", "{ct}").expect(3, "seg.dcm", "(0020,0037)"),
                FuzzCase.named("seg-rows-columns-65535").make(seg(l -> {
                    setUnsignedShort(l, TagFromName.Rows, 65535);
                    setUnsignedShort(l, TagFromName.Columns, 65535);
                })).run("seg", "export", "{in}/seg.dcm", "--ct", "{ct}", "-o", "{out}/labels.nrrd")
                        .expect(3, "seg.dcm", "(0028,0010)"),
                FuzzCase.named("seg-truncated").make((in, inputs) -> {
                    Path seg = inputs.copySeg(in.resolve("seg.dcm"));
                    FuzzInputs.truncate(seg, java.nio.file.Files.size(seg) * 2 / 3);
                }).run("measure", "{ct}", "--seg", "{in}/seg.dcm").expect(3, "seg.dcm", "truncated"),
                FuzzCase.named("seg-info-missing-path").run("seg", "info", "{in}/no-such.dcm")
                        .expect(3, "no-such.dcm", "no such file"));
    }

    private static FuzzCase.Maker seg(FuzzInputs.AttributeEdit edit) {
        return (in, inputs) -> FuzzInputs.edit(inputs.copySeg(in.resolve("seg.dcm")), edit);
    }
}
