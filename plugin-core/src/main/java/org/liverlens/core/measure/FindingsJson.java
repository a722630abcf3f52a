package org.liverlens.core.measure;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import org.liverlens.core.dicom.SkippedFile;

import org.liverlens.core.segment.ModelInfo;
import org.liverlens.core.work.AtomicFiles;

/**
 * {@code findings.json} (CLI.md): the fields CLI.md names plus voxel counts, RECIST axis end points
 * and measurability, the source of the labels and messages. Volumes are rounded to 0.001 mL,
 * lengths to 0.1 mm, HU mean and SD to 0.1, centroids to 0.01; voxel counts are exact, so
 * {@code volumeMl = voxels × voxelVolumeMl} can be checked.
 */
public final class FindingsJson {
    /** Version of this layout; raised when a field changes meaning. */
    public static final int FORMAT_VERSION = 1;

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private FindingsJson() {
    }

    /** The findings as a JSON tree. */
    public static ObjectNode toTree(Findings f) {
        return toTree(f, List.of());
    }

    /** The findings as a JSON tree, with the files of the CT folder that were skipped and why. */
    public static ObjectNode toTree(Findings f, List<SkippedFile> skipped) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("formatVersion", FORMAT_VERSION);
        root.put("series", f.seriesInstanceUid());
        ModelInfo m = f.model();
        if (m == null) {
            root.putNull("model");
        } else {
            ObjectNode model = root.putObject("model");
            model.put("name", m.name());
            model.put("version", m.version());
            model.put("sha256", m.sha256());
        }
        ObjectNode source = root.putObject("source");
        source.put("kind", f.source().kind().name().toLowerCase(Locale.ROOT).replace('_', '-'));
        source.put("description", f.source().description());

        ObjectNode liver = root.putObject("liver");
        liver.put("segmented", f.liverSegmented());
        liver.put("volumeMl", round(f.liverVolumeMl(), 3));
        liver.put("voxels", f.liverVoxels());
        double[] lc = f.liverCentroidVoxel();
        if (lc == null) {
            liver.putNull("centroidVoxel");
        } else {
            array(liver.putArray("centroidVoxel"), lc, 2);
        }
        liver.put("definition", "liver including its tumours (union of liver and lesion voxels)");

        ArrayNode lesions = root.putArray("lesions");
        for (LesionMeasurement l : f.lesions()) {
            ObjectNode e = lesions.addObject();
            e.put("id", l.id());
            e.put("segmentNumber", l.segmentNumber());
            e.put("volumeMl", round(l.volumeMl(), 3));
            e.put("voxels", l.voxels());
            Recist r = l.recist();
            ObjectNode recist = e.putObject("recist");
            recist.put("longMm", round(r.longMm(), 1));
            recist.put("shortMm", round(r.shortMm(), 1));
            recist.put("slice", r.slice());
            recist.put("measurable", r.measurable());
            ends(recist.putArray("longAxis"), r.longAxisEnds(), r.slice());
            ends(recist.putArray("shortAxis"), r.shortAxisEnds(), r.slice());
            ObjectNode hu = e.putObject("hu");
            hu.put("mean", round(l.hu().mean(), 1));
            hu.put("sd", round(l.hu().sd(), 1));
            hu.put("min", l.hu().min());
            hu.put("max", l.hu().max());
            ObjectNode centroid = e.putObject("centroid");
            array(centroid.putArray("mm"), l.centroidMm(), 2);
            array(centroid.putArray("voxel"), l.centroidVoxel(), 2);
        }
        root.put("lesionCount", f.lesionCount());
        root.put("tumourVolumeMl", round(f.tumourVolumeMl(), 3));
        root.put("tumourVoxels", f.tumourVoxels());
        Double burden = f.tumourBurdenPercent();
        if (burden == null) {
            root.putNull("tumourBurdenPercent");
        } else {
            root.put("tumourBurdenPercent", round(burden, 3));
        }
        root.put("voxelVolumeMl", f.voxelVolumeMl());
        ArrayNode messages = root.putArray("messages");
        f.messages().forEach(messages::add);
        ArrayNode skippedFiles = root.putArray("skipped");
        for (SkippedFile s : skipped) {
            skippedFiles.addObject().put("file", s.file().toString()).put("reason", s.reason());
        }
        return root;
    }

    /** The findings as indented JSON text. */
    public static String toJson(Findings f) {
        return toJson(f, List.of());
    }

    /** The findings as indented JSON text, with the skipped files. */
    public static String toJson(Findings f, List<SkippedFile> skipped) {
        try {
            return MAPPER.writeValueAsString(toTree(f, skipped)) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise findings: " + e.getMessage(), e);
        }
    }

    /** Writes {@code findings.json} atomically. */
    public static void write(Findings f, Path file) {
        write(f, List.of(), file);
    }

    /** Writes {@code findings.json} atomically, with the skipped files. */
    public static void write(Findings f, List<SkippedFile> skipped, Path file) {
        AtomicFiles.writeString(file, toJson(f, skipped));
    }

    /** Axis end points as voxel indexes [[i, j, k], [i, j, k]]. */
    private static void ends(ArrayNode out, int[] ends, int k) {
        ArrayNode a = out.addArray();
        a.add(ends[0]).add(ends[1]).add(k);
        ArrayNode b = out.addArray();
        b.add(ends[2]).add(ends[3]).add(k);
    }

    private static void array(ArrayNode out, double[] values, int decimals) {
        for (double v : values) {
            out.add(round(v, decimals));
        }
    }

    static double round(double v, int decimals) {
        if (!Double.isFinite(v)) {
            return v;
        }
        return BigDecimal.valueOf(v).setScale(decimals, RoundingMode.HALF_UP).doubleValue();
    }
}
