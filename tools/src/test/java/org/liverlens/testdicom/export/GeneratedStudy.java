package org.liverlens.testdicom.export;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.liverlens.core.dicom.DicomScanner;
import org.liverlens.core.dicom.Stack;
import org.liverlens.core.seg.SegFixtures;
import org.liverlens.core.seg.SegWriter;
import org.liverlens.core.seg.SegWriterOptions;
import org.liverlens.core.seg.SegmentSet;
import org.liverlens.core.volume.BitMask;
import org.liverlens.core.work.Cancellation;
import org.liverlens.core.work.Progress;
import org.liverlens.testdicom.Label;
import org.liverlens.testdicom.SyntheticCt;
import org.liverlens.testdicom.SyntheticCtWriter;

/** A synthetic CT series (fixed seed) and a liver SEG on it, written as DICOM for the export tests. */
record GeneratedStudy(Path ctFolder, List<Path> slices, Path seg) {

    static GeneratedStudy write(Path dir, long seed, int columns, int rows, int slices) throws Exception {
        SyntheticCt ct = new SyntheticCt(SyntheticCt.Params.defaults().withSeed(seed).withSize(columns, rows, slices)
                .withSpacing(380.0 / columns, 5.0).withRandomLesions(1).withLesionDiameterRange(15, 30));
        Path ctFolder = dir.resolve("ct");
        new SyntheticCtWriter(2).write(ct, ctFolder, dir.resolve("ground-truth"), Progress.NONE);
        Stack stack = new DicomScanner(2).scan(ctFolder, Progress.NONE, Cancellation.NONE).series().get(0).primaryStack()
                .orElseThrow();
        SegmentSet set = SegmentSet.binary(stack.geometry());
        BitMask liver = set.addBinary(SegFixtures.liver());
        SyntheticCt.SliceBuffers b = ct.newBuffers();
        for (int k = 0; k < slices; k++) {
            ct.renderSlice(k, b);
            for (int p = 0; p < b.labels.length; p++) {
                if (b.labels[p] == Label.LIVER.value() || b.labels[p] == Label.LIVER_LESION.value()) {
                    liver.setIndex(k, p);
                }
            }
        }
        Path seg = dir.resolve("liver-seg.dcm");
        new SegWriter().write(set, stack, SegWriterOptions.defaults(), seg);
        List<Path> files;
        try (Stream<Path> s = Files.list(ctFolder)) {
            files = s.filter(p -> p.toString().endsWith(".dcm")).sorted().toList();
        }
        return new GeneratedStudy(ctFolder, files, seg);
    }
}
