package org.liverlens.core.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;

import org.liverlens.core.dicom.DicomScanner;
import org.liverlens.core.dicom.ScanResult;
import org.liverlens.core.dicom.SeriesInfo;
import org.liverlens.core.dicom.Stack;
import org.liverlens.core.seg.AlgorithmType;
import org.liverlens.core.seg.LabelMapAlignment;
import org.liverlens.core.seg.LabelMapIo;
import org.liverlens.core.seg.LabelMapSegments;
import org.liverlens.core.seg.SegWriter;
import org.liverlens.core.seg.SegWriterOptions;
import org.liverlens.core.seg.Segment;
import org.liverlens.core.seg.SegmentSet;
import org.liverlens.core.volume.LabelVolume;
import org.liverlens.core.volume.VolumeGeometry;
import org.liverlens.core.work.Cancellation;
import org.liverlens.core.work.ExitCodes;
import org.liverlens.core.work.InvalidInputException;
import org.liverlens.core.work.PrintableText;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code liverlens seg import LABELMAP --ct DIR -o OUT.dcm}: a NIfTI/NRRD label map as a DICOM SEG
 * on the CT's grid, placed by index after checking that both grids are the same lattice.
 */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = {"Turn a NIfTI-1 (.nii, .nii.gz) or NRRD (.nrrd) label map into a DICOM SEG on the grid of "
                + "the CT under DIR: one BINARY segment per label value (or per label named with --labels), "
                + "segment numbers 1, 2, … in ascending label order.",
            "The map must lie on the CT's grid up to axis flips and permutations (derived from both geometries); "
                + "any other grid is refused (exit 3) with what differs. Nothing is interpolated."})
final class SegImportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "LABELMAP", description = "The label map (.nii, .nii.gz or .nrrd).")
    Path labelMap;

    @Option(names = "--ct", required = true, paramLabel = "DIR", description = "Folder of the CT series the map belongs to.")
    Path ctDir;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "OUT.dcm", description = "The SEG file to write.")
    Path output;

    @Option(names = "--labels", split = ",", paramLabel = "VALUE=NAME",
            description = "Which label values become segments and their names, e.g. 1=liver,2=tumour. Names liver, "
                    + "tumour/tumor/lesion get standard SNOMED CT codes; other names (Tissue, SCT 85756007). "
                    + "Default: every value present, named 'Label N'.")
    Map<Integer, String> labels;

    @Option(names = "--fractional", description = "Write a FRACTIONAL (OCCUPANCY, maximum 255) SEG with one segment "
            + "from a 0…1 (or whole-number 0…255) map; name it with --labels 1=NAME.")
    boolean fractional;

    @Option(names = "--series", paramLabel = "UID",
            description = "The CT series to use when DIR holds several (SeriesInstanceUID or the key 'info' prints).")
    String series;

    @Option(names = "--algorithm-type", paramLabel = "TYPE", defaultValue = "MANUAL",
            description = "SegmentAlgorithmType of every segment: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}).")
    AlgorithmType algorithmType;

    @Option(names = "--algorithm-name", paramLabel = "NAME",
            description = "SegmentAlgorithmName, required unless the type is MANUAL (e.g. TotalSegmentator).")
    String algorithmName;

    @Option(names = "--uid-root", paramLabel = "ROOT",
            description = "Your organisation's UID root for the new SOP Instance and Series UIDs "
                    + "(default: UUID-derived 2.25 UIDs, which need no registration).")
    String uidRoot;

    @Option(names = "--keep-empty-frames", description = "Keep frames with no voxel set (omitted by default).")
    boolean keepEmptyFrames;

    @Option(names = "--algorithm-version", paramLabel = "VERSION", description = "Version of that algorithm.")
    String algorithmVersion;

    @Override
    public Integer call() {
        if (algorithmType != AlgorithmType.MANUAL && (algorithmName == null || algorithmName.isBlank())) {
            throw new ParameterException(spec.commandLine(), "--algorithm-type " + algorithmType
                    + " needs --algorithm-name (SegmentAlgorithmName (0062,0009) is required)");
        }
        if (labels != null) {
            for (Map.Entry<Integer, String> e : labels.entrySet()) {
                if (e.getKey() < 1 || e.getKey() > LabelVolume.MAX_LABEL) {
                    throw new ParameterException(spec.commandLine(), "--labels: label value " + e.getKey()
                            + " is not 1…" + LabelVolume.MAX_LABEL);
                }
                if (e.getValue() == null || e.getValue().isBlank() || e.getValue().length() > 64) {
                    throw new ParameterException(spec.commandLine(), "--labels: the name of label " + e.getKey()
                            + " must be 1…64 characters");
                }
            }
            if (fractional && labels.size() != 1) {
                throw new ParameterException(spec.commandLine(), "--fractional writes one segment: give at most one "
                        + "--labels entry (1=NAME)");
            }
        }
        OutputTarget.file(output, "-o", "seg.dcm"); // before reading and mapping
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        LiverLensCommand root = (LiverLensCommand) spec.root().userObject();

        LabelVolume map = fractional ? LabelMapIo.readOccupancy(labelMap) : LabelMapIo.read(labelMap);
        Stack ct = ctStack(ctDir, series, map.geometry(), labelMap, root);
        VolumeGeometry grid = ct.geometry();
        LabelMapAlignment alignment = LabelMapAlignment.between(map.geometry(), grid, labelMap);
        LabelVolume onCt = alignment.resampled(map, grid);

        SegmentSet set;
        if (fractional) {
            String name = labels == null ? "Segment 1" : labels.values().iterator().next();
            set = LabelMapSegments.toFractionalSet(onCt, segment(1, name, 0));
        } else {
            set = LabelMapSegments.toSegmentSet(onCt, segments(onCt, err));
        }
        SegWriterOptions options = SegWriterOptions.defaults().withSeries(901, "Imported label map")
                .withKeepEmptyFrames(keepEmptyFrames);
        if (uidRoot != null) {
            try {
                options = options.withUidRoot(uidRoot);
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--uid-root: " + e.getMessage());
            }
        }
        SegWriter.Result result = new SegWriter().write(set, ct, options, output);
        for (String notice : result.notices()) {
            err.println("liverlens: note: " + PrintableText.escape(notice));
        }

        PrintableText.printf(out, "%s (%s, %s) on the CT grid as %s%n", labelMap, size(map.geometry()),
                LabelMapIo.describeTransform(labelMap), alignment.describe());
        for (Segment s : set.segments()) {
            long voxels = fractional ? occupied(onCt) : set.mask(s.number()).count();
            PrintableText.printf(out, "  segment %d \"%s\" %s: %d voxel(s), %.2f mL%n", s.number(), s.label(),
                    s.type().meaning(), voxels, voxels * grid.voxelVolumeMl());
        }
        PrintableText.printf(out, "wrote %s: %s SEG, %d frame(s), series %s%n", result.file(), set.type(), result.frames(),
                result.seriesInstanceUid());
        out.flush();
        err.flush();
        return ExitCodes.OK;
    }

    /** Label value → segment, numbered 1, 2, … in ascending label value. */
    private Map<Integer, Segment> segments(LabelVolume onCt, PrintWriter err) {
        long[] histogram = onCt.histogram();
        TreeMap<Integer, String> names = new TreeMap<>();
        if (labels == null) {
            for (int v = 1; v <= LabelVolume.MAX_LABEL; v++) {
                if (histogram[v] > 0) {
                    names.put(v, "Label " + v);
                }
            }
            if (names.isEmpty()) {
                throw new InvalidInputException("the label map holds no labels (every voxel is 0)", labelMap,
                        "check the file, or name the labels to write empty segments with --labels");
            }
        } else {
            names.putAll(labels);
            List<Integer> absent = names.keySet().stream().filter(v -> histogram[v] == 0).toList();
            if (!absent.isEmpty()) {
                err.println("liverlens: note: label value(s) " + absent + " named in --labels do not occur in "
                        + PrintableText.escape(labelMap.getFileName()) + "; their segments are empty");
            }
            List<Integer> ignored = new ArrayList<>();
            for (int v = 1; v <= LabelVolume.MAX_LABEL; v++) {
                if (histogram[v] > 0 && !names.containsKey(v)) {
                    ignored.add(v);
                }
            }
            if (!ignored.isEmpty()) {
                err.println("liverlens: note: label value(s) " + ignored + " are not named in --labels and are left out");
            }
        }
        Map<Integer, Segment> byLabel = new LinkedHashMap<>();
        int number = 1;
        for (Map.Entry<Integer, String> e : names.entrySet()) {
            byLabel.put(e.getKey(), segment(number, e.getValue(), number - 1));
            number++;
        }
        return byLabel;
    }

    private Segment segment(int number, String name, int colourIndex) {
        return LabelMapSegments.segmentFor(number, name, algorithmType, algorithmName, algorithmVersion, colourIndex);
    }

    private static long occupied(LabelVolume occupancy) {
        long[] h = occupancy.histogram();
        long n = 0;
        for (int v = 1; v < h.length; v++) {
            n += h[v];
        }
        return n;
    }

    private static String size(VolumeGeometry g) {
        return g.columns() + "×" + g.rows() + "×" + g.slices();
    }

    /**
     * The primary stack of the CT series under {@code dir} that a grid belongs to: the series named
     * by {@code series}, else the only CT series, else the only CT series whose grid the map's grid
     * matches. Refuses stacks whose geometry is not regular (gaps, uneven spacing) unless
     * {@code --allow-gaps} was given, and duplicate positions.
     */
    static Stack ctStack(Path dir, String series, VolumeGeometry mapGrid, Path mapFile, LiverLensCommand root) {
        ScanResult scan = new DicomScanner().scan(dir, root.progress(), Cancellation.NONE);
        scan.skipped().forEach(s -> System.err.println("liverlens: note: " + s.note()));
        System.err.flush();
        List<SeriesInfo> cts = scan.series().stream()
                .filter(s -> "CT".equals(s.modality()) && s.primaryStack().isPresent()).toList();
        SeriesInfo chosen;
        if (series != null) {
            chosen = scan.find(series).orElseThrow(() -> new InvalidInputException("no series " + series + " under "
                    + "this folder", dir, "list the series with 'liverlens info " + dir + "'"));
            if (!"CT".equals(chosen.modality()) || chosen.primaryStack().isEmpty()) {
                throw new InvalidInputException("series " + series + " is " + chosen.modality() + ", not a CT", dir,
                        "choose a CT series");
            }
        } else if (cts.isEmpty()) {
            throw new InvalidInputException("no CT series found (" + scan.series().size() + " other series, "
                    + scan.skipped().size() + " file(s) skipped)", dir, "point --ct at the CT series folder");
        } else if (cts.size() == 1) {
            chosen = cts.get(0);
        } else {
            List<SeriesInfo> fitting = new ArrayList<>();
            for (SeriesInfo s : cts) {
                try {
                    LabelMapAlignment.between(mapGrid, s.primaryStack().orElseThrow().geometry(), mapFile);
                    fitting.add(s);
                } catch (InvalidInputException e) {
                    // not this one
                }
            }
            if (fitting.size() != 1) {
                throw new InvalidInputException(cts.size() + " CT series found and " + fitting.size()
                        + " of them on the label map's grid: " + String.join(", ", cts.stream().map(SeriesInfo::key)
                        .toList()), dir, "choose one with --series UID");
            }
            chosen = fitting.get(0);
        }
        Stack stack = chosen.primaryStack().orElseThrow();
        stack.requireUsable(root.loadOptions(), false);
        return stack;
    }
}
