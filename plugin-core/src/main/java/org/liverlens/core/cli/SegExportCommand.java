package org.liverlens.core.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.liverlens.core.dicom.DicomScanner;
import org.liverlens.core.dicom.ScanResult;
import org.liverlens.core.dicom.Stack;
import org.liverlens.core.seg.LabelMapIo;
import org.liverlens.core.seg.LabelMapSegments;
import org.liverlens.core.seg.SegDocument;
import org.liverlens.core.seg.SegMapping;
import org.liverlens.core.seg.SegReader;
import org.liverlens.core.seg.Segment;
import org.liverlens.core.seg.SegmentationType;
import org.liverlens.core.volume.LabelVolume;
import org.liverlens.core.volume.VolumeGeometry;
import org.liverlens.core.work.Cancellation;
import org.liverlens.core.work.ExitCodes;
import org.liverlens.core.work.PrintableText;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code liverlens seg export SEG --ct DIR -o OUT.nii.gz|OUT.nrrd}: a DICOM SEG as a label map on the CT grid. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Write a DICOM SEG as a NIfTI-1 (.nii, .nii.gz) or NRRD (.nrrd) label map on the grid of its "
                + "CT: label value = segment number, 0 = background. FRACTIONAL segments count where they are at "
                + "least half the maximum.",
            "The map keeps the CT's voxel order (a = column, b = row, c = slice ascending along the normal) and "
                + "carries the CT's geometry (NIfTI sform and qform, NRRD in left-posterior-superior space)."})
final class SegExportCommand implements Callable<Integer> {
    /** What to do with voxels in several segments. */
    enum OverlapChoice {
        refuse, first
    }

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SEG", description = "The DICOM SEG file.")
    Path segFile;

    @Option(names = "--ct", paramLabel = "DIR", description = "Folder of the CT series the SEG was made from "
            + "(without it, the grid of the SEG's own frame positions).")
    Path ctDir;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "OUT",
            description = "The label map to write (.nii, .nii.gz or .nrrd).")
    Path output;

    @Option(names = "--overlap", paramLabel = "POLICY", defaultValue = "refuse",
            description = "Voxels in more than one segment: refuse (default, exit 3) or first (the lowest-numbered "
                    + "segment keeps them).")
    OverlapChoice overlap;

    @Override
    public Integer call() {
        LabelMapIo.Format.of(output); // refuse an unknown extension before any work
        OutputTarget.file(output, "-o", "labels.nii.gz");
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        LiverLensCommand root = (LiverLensCommand) spec.root().userObject();

        SegReader reader = new SegReader();
        SegDocument seg = reader.read(segFile);
        SegMapping mapping;
        if (ctDir != null) {
            ScanResult scan = new DicomScanner().scan(ctDir, root.progress(), Cancellation.NONE);
            Stack ct = SegReader.findSourceStack(seg, scan);
            scan.skipped().forEach(s -> err.println("liverlens: note: " + s.note()));
            ct.requireUsable(root.loadOptions(), false);
            mapping = reader.mapOnto(seg, ct);
        } else {
            mapping = reader.mapOnto(seg);
        }
        for (String w : mapping.warnings()) {
            err.println("liverlens: warning: " + PrintableText.escape(w));
        }
        LabelVolume labels = LabelMapSegments.toLabelVolume(mapping.segments(),
                overlap == OverlapChoice.first ? LabelMapSegments.Overlap.FIRST_WINS : LabelMapSegments.Overlap.REFUSE,
                segFile);
        LabelMapIo.write(labels, output);

        VolumeGeometry g = labels.geometry();
        long[] histogram = labels.histogram();
        PrintableText.printf(out, "%s (%s, %d segment(s)) on a %d×%d×%d grid%s%n", segFile, seg.type(),
                mapping.segments().segments().size(), g.columns(), g.rows(), g.slices(),
                mapping.ownGrid() ? " built from the SEG's own frame positions" : " of the CT");
        for (Segment s : mapping.segments().segments()) {
            long voxels = histogram[s.number()];
            PrintableText.printf(out, "  label %d = segment \"%s\": %d voxel(s), %.2f mL%s%n", s.number(), s.label(), voxels,
                    voxels * g.voxelVolumeMl(), mapping.segments().type() == SegmentationType.FRACTIONAL
                            ? " (fraction >= 1/2)" : "");
        }
        PrintableText.printf(out, "wrote %s%n", output);
        out.flush();
        err.flush();
        return ExitCodes.OK;
    }
}
