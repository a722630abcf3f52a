package org.liverlens.testdicom.fuzz;

import com.pixelmed.dicom.AttributeList;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;

import org.liverlens.core.cli.CliRun;
import org.liverlens.core.dicom.DicomFiles;
import org.liverlens.core.dicom.TransferSyntaxes;
import org.liverlens.core.seg.LabelMapIo;
import org.liverlens.core.volume.LabelVolume;
import org.liverlens.core.work.Progress;
import org.liverlens.testdicom.Label;
import org.liverlens.testdicom.SyntheticCt;
import org.liverlens.testdicom.SyntheticCtWriter;
import org.liverlens.testdicom.segment.KnownLabelsSegmenter;

/**
 * The valid inputs the corpus damages, made once per run: a small synthetic CT (fixed seed,
 * 64×64×12 voxels of 6 × 6 × 10 mm), a SEG that {@code segment} made of it and label maps on its
 * grid; and the operations that damage copies of them (attribute edits, truncation, random bytes).
 */
final class FuzzInputs {
    /** Slices of the base CT. */
    static final int SLICES = 12;

    private final Path base;
    private final SyntheticCt ct;
    private final Path ctDir;
    private Path seg;

    FuzzInputs(Path base) {
        this.base = base;
        this.ct = new SyntheticCt(SyntheticCt.Params.defaults().withSeed(13).withSize(64, 64, SLICES)
                .withSpacing(6.0, 10.0).withRandomLesions(1).withLesionDiameterRange(20, 30));
        this.ctDir = base.resolve("ct");
        new SyntheticCtWriter(2).write(ct, ctDir, base.resolve("ground-truth"), Progress.NONE);
    }

    SyntheticCt ct() {
        return ct;
    }

    /** The clean CT folder (never damaged: cases damage copies). */
    Path cleanCt() {
        return ctDir;
    }

    /** A copy of the CT's slices in {@code dest}; returns {@code dest}. */
    Path copyCt(Path dest) throws IOException {
        Files.createDirectories(dest);
        try (Stream<Path> files = Files.list(ctDir)) {
            for (Path f : files.toList()) {
                Files.copy(f, dest.resolve(f.getFileName()));
            }
        }
        return dest;
    }

    /** Slice {@code k} (1-based, as in the file names) of a CT folder. */
    static Path slice(Path dir, int k) {
        return dir.resolve(String.format(Locale.ROOT, "slice-%04d.dcm", k));
    }

    /** The SEG {@code segment} writes for the clean CT (liver and lesions of the generator's truth). */
    synchronized Path seg() {
        if (seg == null) {
            Path out = base.resolve("segment-out");
            CliRun.Result r = CliRun.run(new KnownLabelsSegmenter(ct), "--quiet", "segment", ctDir.toString(), "-o",
                    out.toString());
            if (r.exitCode() != 0) {
                throw new IllegalStateException("cannot make the base SEG: " + r.err());
            }
            seg = out.resolve("seg.dcm");
        }
        return seg;
    }

    /** A copy of the base SEG at {@code dest}. */
    Path copySeg(Path dest) throws IOException {
        Files.createDirectories(dest.getParent());
        return Files.copy(seg(), dest);
    }

    /** The generator's liver label (1) on the CT grid, written as NIfTI or NRRD by the file name. */
    Path labelMap(Path dest) {
        LabelVolume labels = new LabelVolume(ct.geometry());
        SyntheticCt.SliceBuffers b = ct.newBuffers();
        for (int k = 0; k < SLICES; k++) {
            ct.renderSlice(k, b);
            for (int p = 0; p < b.labels.length; p++) {
                if (b.labels[p] == Label.LIVER.value() || b.labels[p] == Label.LIVER_LESION.value()) {
                    labels.slice(k)[p] = 1;
                }
            }
        }
        LabelMapIo.write(labels, dest);
        return dest;
    }

    /** Edits the attributes of a DICOM file in place (rewritten as Explicit VR Little Endian). */
    static void edit(Path file, AttributeEdit edit) throws Exception {
        AttributeList list = DicomFiles.readAll(file);
        edit.apply(list);
        DicomFiles.write(list, file, TransferSyntaxes.EXPLICIT_LE);
    }

    /** A change to a parsed dataset. */
    @FunctionalInterface
    interface AttributeEdit {
        void apply(AttributeList list) throws Exception;
    }

    /** Cuts {@code file} to {@code bytes}. */
    static void truncate(Path file, long bytes) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.truncate(bytes);
        }
    }

    /** Replaces {@code file} with {@code bytes} random bytes (seeded by the name, so runs repeat). */
    static void randomBytes(Path file, int bytes) throws IOException {
        byte[] b = new byte[bytes];
        new Random(file.getFileName().toString().hashCode()).nextBytes(b);
        Files.write(file, b);
    }

    /** All regular files under {@code dir}, sorted. */
    static List<Path> filesUnder(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).sorted().toList();
        }
    }
}
