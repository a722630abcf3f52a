package org.liverlens.core.segment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;

import org.liverlens.core.dicom.DicomScanner;
import org.liverlens.core.dicom.LoadOptions;
import org.liverlens.core.dicom.ScanResult;
import org.liverlens.core.dicom.SeriesInfo;
import org.liverlens.core.dicom.SliceRef;
import org.liverlens.core.dicom.Stack;
import org.liverlens.core.dicom.VolumeLoader;
import org.liverlens.core.seg.Codes;
import org.liverlens.core.seg.Segment;
import org.liverlens.core.seg.SegDocument;
import org.liverlens.core.seg.SegMapping;
import org.liverlens.core.seg.SegReader;
import org.liverlens.core.seg.SegmentSet;
import org.liverlens.core.volume.BitMask;
import org.liverlens.core.volume.HuVolume;
import org.liverlens.core.volume.LabelVolume;
import org.liverlens.core.work.Cancellation;
import org.liverlens.core.work.InvalidInputException;
import org.liverlens.core.work.Progress;

/**
 * A user's own labelled case for fine-tuning ({@code liverlens train --fine-tune --case DIR}): a
 * folder with one CT series and the DICOM SEG(s) outlining it. Segments are mapped to LiverLens'
 * labels by their coded property type and category, never by their free-text names, exactly as
 * {@code measure} reads a SEG ({@link Codes#isLiver}, {@link Codes#isLesion}: type
 * Liver is liver; type Neoplasm or category Morphologically Altered Structure is tumour, painted
 * over the liver; retired SRT codes count as their SCT equivalents; FRACTIONAL segments count from
 * half their maximum). Other segments are left out and said so. The SEG frames are placed on the
 * CT by position ({@link SegReader#mapOnto}).
 */
public final class LocalCases {
    /** Name of the SEG file in a case folder that {@link #save} writes. */
    public static final String CASE_SEG = "seg.dcm";
    /** Folder of the copied CT slices in a case folder that {@link #save} writes. */
    public static final String CASE_CT = "ct";

    private LocalCases() {
    }

    /**
     * Saves an accepted segmentation as a local case: {@code casesDir/SERIES-UID/} with the CT
     * slices of {@code stack} copied into {@code ct/} and {@code seg} copied to {@code seg.dcm}, the
     * form {@link #read} (and {@code train --fine-tune --case}) takes. Saving the same series again
     * replaces its {@code seg.dcm} only (the latest accepted SEG, which holds the earlier segments
     * when it was made from them). A new case folder appears whole or not at all.
     *
     * @return the case folder
     */
    public static Path save(Path casesDir, Stack stack, Path seg) {
        String uid = stack.first().seriesInstanceUid();
        String name = (uid == null || uid.isBlank() ? "series" : uid).replaceAll("[^0-9A-Za-z.\\-]", "_");
        Path caseDir = casesDir.resolve(name);
        try {
            Files.createDirectories(casesDir);
            if (Files.isDirectory(caseDir.resolve(CASE_CT))) {
                Path tmp = Files.createTempFile(caseDir, ".seg-", ".tmp");
                Files.copy(seg, tmp, StandardCopyOption.REPLACE_EXISTING);
                Files.move(tmp, caseDir.resolve(CASE_SEG), StandardCopyOption.ATOMIC_MOVE,
                        StandardCopyOption.REPLACE_EXISTING);
                return caseDir;
            }
            Path tmp = Files.createTempDirectory(casesDir, ".case-");
            try {
                Path ct = Files.createDirectories(tmp.resolve(CASE_CT));
                Set<Path> files = new LinkedHashSet<>();
                for (SliceRef r : stack.slices()) {
                    files.add(r.header().file());
                }
                int n = 0;
                for (Path from : files) {
                    // numbered: two source folders may hold files of the same name
                    Files.copy(from, ct.resolve(String.format(Locale.ROOT, "%05d-%s", ++n, from.getFileName())));
                }
                Files.copy(seg, tmp.resolve(CASE_SEG));
                Files.move(tmp, caseDir, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException | RuntimeException e) {
                deleteTree(tmp);
                throw e;
            }
            return caseDir;
        } catch (IOException e) {
            throw new InvalidInputException("could not save the accepted case: " + e.getMessage(), caseDir,
                    "check that the cases folder is writable and has room for a copy of the CT series");
        }
    }

    /**
     * Reads the case under {@code dir}.
     *
     * @param notes receives one line per segment left out
     * @throws InvalidInputException when the folder holds no CT series, several, no SEG, or no liver
     *                               segment
     */
    public static LabelledCt read(Path dir, Consumer<String> notes) {
        ScanResult scan = new DicomScanner().scan(dir, Progress.NONE, Cancellation.NONE);
        List<SeriesInfo> cts = scan.series().stream()
                .filter(s -> "CT".equals(s.modality()) && s.primaryStack().isPresent()).toList();
        if (cts.size() != 1) {
            throw new InvalidInputException((cts.isEmpty() ? "no CT series" : cts.size() + " CT series")
                    + " under this case folder; a training case is one CT series with its SEG(s)", dir,
                    "put each case (one CT series and its SEG files) in a folder of its own");
        }
        Stack stack = cts.get(0).primaryStack().orElseThrow();
        Set<Path> segFiles = new LinkedHashSet<>();
        for (SeriesInfo s : scan.series()) {
            if ("SEG".equals(s.modality())) {
                for (Stack st : s.stacks()) {
                    for (SliceRef r : st.slices()) {
                        segFiles.add(r.header().file());
                    }
                }
            }
        }
        if (segFiles.isEmpty()) {
            throw new InvalidInputException("no DICOM SEG under this case folder: a training case needs the liver "
                    + "outlined", dir, "add the SEG(s) of the CT (e.g. exported from your viewer) to the folder");
        }
        HuVolume ct = new VolumeLoader().load(stack, LoadOptions.STRICT, Progress.NONE, Cancellation.NONE).volume();
        LabelVolume labels = new LabelVolume(ct.geometry());
        List<BitMask> tumours = new ArrayList<>();
        boolean liver = false;
        SegReader reader = new SegReader();
        for (Path file : segFiles) {
            SegDocument doc = reader.read(file);
            SegMapping mapped = reader.mapOnto(doc, stack);
            SegmentSet set = mapped.segments();
            for (Segment s : set.segments()) {
                if (Codes.isLiver(s)) {
                    labels.paint(set.asBinary(s.number()), Segmenter.LIVER);
                    liver = true;
                } else if (Codes.isLesion(s)) {
                    tumours.add(set.asBinary(s.number()));
                } else {
                    notes.accept(file.getFileName() + ": segment " + s.number() + " \"" + s.label() + "\" " + s.type()
                            + " is neither liver nor lesion: left out");
                }
            }
        }
        if (!liver) {
            throw new InvalidInputException("no liver segment (property type Liver, SCT 10200004) in the SEG(s) of this case",
                    dir, "fine-tuning learns the liver and its tumours: outline the liver too");
        }
        for (BitMask t : tumours) {
            labels.paint(t, Segmenter.TUMOUR);
        }
        return new LabelledCt(dir.getFileName() + " (local case)", ct, labels, !tumours.isEmpty());
    }

    private static void deleteTree(Path dir) {
        try (java.util.stream.Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException ignored) {
            // best effort: the half-made folder is hidden (.case-*) and never read as a case
        }
    }
}
