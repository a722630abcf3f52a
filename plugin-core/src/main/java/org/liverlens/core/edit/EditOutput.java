package org.liverlens.core.edit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.liverlens.core.dicom.Datasets;
import org.liverlens.core.dicom.DicomScanner;
import org.liverlens.core.dicom.ScanResult;
import org.liverlens.core.dicom.Stack;
import org.liverlens.core.seg.AlgorithmType;
import org.liverlens.core.seg.CieLab;
import org.liverlens.core.seg.CodedConcept;
import org.liverlens.core.seg.SegWriter;
import org.liverlens.core.seg.SegWriterOptions;
import org.liverlens.core.seg.Segment;
import org.liverlens.core.seg.SegmentSet;
import org.liverlens.core.work.AtomicFiles;
import org.liverlens.core.work.Cancellation;
import org.liverlens.core.work.Progress;

/**
 * Writes a counterfactual: {@code OUT/series/} (the derived CT series, {@link DerivedSeriesWriter}),
 * {@code OUT/edit-seg.dcm} (a SEG of the changed voxels on the derived series, written by the
 * {@code seg} writer) and {@code OUT/edit.json} (the parsed instruction, backend, seed, changed voxel
 * count, per-edit statistics). Each file is written atomically; the source is only read.
 */
public final class EditOutput {
    public static final String SERIES_FOLDER = "series";
    public static final String SEG_FILE = "edit-seg.dcm";
    public static final String JSON_FILE = "edit.json";
    /** Category and type of the changed-voxel segment (a private code: no standard code names an edit). */
    static final CodedConcept CATEGORY = new CodedConcept("260787004", "SCT", "Physical object");
    static final CodedConcept TYPE = new CodedConcept("EDITED", "99LIVERLENS", "Voxels changed by a counterfactual edit");
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** Where everything went. */
    public record Written(Path seriesFolder, String seriesInstanceUid, int instances, Path seg, Path json,
                          List<String> notices) {
        public Written {
            notices = List.copyOf(notices);
        }
    }

    private EditOutput() {
    }

    public static Written write(Stack source, EditScene scene, EditResult r, Path folder) {
        String derivation = "LiverLens counterfactual edit '" + r.request().instruction() + "' (backend "
                + r.backend() + ", seed " + r.seed() + "); " + r.changed().count()
                + " voxel(s) changed; lesion numbers as 'liverlens measure' gives them";
        DerivedSeriesWriter.Result series = new DerivedSeriesWriter().write(source, r.edited(), r.request().instruction(),
                derivation, folder.resolve(SERIES_FOLDER));
        ScanResult scan = new DicomScanner().scan(series.folder(), Progress.NONE, Cancellation.NONE);
        Stack derived = scan.series().get(0).primaryStack().orElseThrow();
        SegmentSet set = SegmentSet.binary(r.edited().geometry());
        int[] rgb = {255, 128, 0};
        set.addBinary(new Segment(1, "Changed voxels", CATEGORY, TYPE, AlgorithmType.SEMIAUTOMATIC,
                "LiverLens edit (" + r.backend() + ")", "1", CieLab.fromRgb(rgb[0], rgb[1], rgb[2]),
                Datasets.truncate(r.request().instruction(), 64))).addAll(r.changed());
        SegWriterOptions options = SegWriterOptions.defaults().withSeries(904, "COUNTERFACTUAL changed voxels");
        SegWriter.Result seg = new SegWriter().write(set, derived, options, folder.resolve(SEG_FILE));
        Path json = folder.resolve(JSON_FILE);
        AtomicFiles.writeString(json, json(scene, r, series));
        List<String> notices = new ArrayList<>(series.notices());
        notices.addAll(seg.notices());
        return new Written(series.folder(), series.seriesInstanceUid(), series.instances(), seg.file(), json, notices);
    }

    /** The text of {@code edit.json}. */
    static String json(EditScene scene, EditResult r, DerivedSeriesWriter.Result series) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("instruction", r.request().instruction());
        root.put("backend", r.backend());
        root.put("seed", r.seed());
        root.put("derivedSeries", series.seriesInstanceUid());
        root.put("instances", series.instances());
        root.put("liver", scene.liverSource());
        root.put("lesionsBefore", scene.lesions().size());
        root.put("lesionsAfter", r.lesionsAfter().size());
        root.put("changedVoxels", r.changed().count());
        root.put("changedMl", r.changed().count() * r.edited().geometry().voxelVolumeMl());
        root.put("regionVoxels", r.region().count());
        int[] mark = BurnedInMark.box(r.edited().geometry().columns(), r.edited().geometry().rows());
        ArrayNode box = root.putArray("burnedInMarkBox");
        for (int v : mark) {
            box.add(v);
        }
        ArrayNode edits = root.putArray("edits");
        for (EditInstruction e : r.request().edits()) {
            edits.add(MAPPER.valueToTree(parsed(e)));
        }
        ArrayNode stats = root.putArray("stats");
        for (EditStats s : r.stats()) {
            ObjectNode n = stats.addObject();
            n.put("edit", s.edit());
            n.put("kind", s.kind());
            n.put("lesion", s.lesion());
            n.put("regionVoxels", s.regionVoxels());
            n.put("changedVoxels", s.changedVoxels());
            n.set("figures", MAPPER.valueToTree(s.figures()));
        }
        try {
            return MAPPER.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode edit.json: " + e.getMessage(), e);
        }
    }

    /** One parsed edit as plain values. */
    private static Map<String, Object> parsed(EditInstruction e) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("text", e.text());
        if (e instanceof EditInstruction.RemoveLesion r) {
            m.put("type", "remove");
            m.put("lesion", r.lesion());
        } else if (e instanceof EditInstruction.RemoveAllLesions) {
            m.put("type", "remove-all");
        } else if (e instanceof EditInstruction.ResizeLesion r) {
            m.put("type", r.percent() > 0 ? "grow" : "shrink");
            m.put("lesion", r.lesion());
            m.put("diameterPercent", r.percent());
        } else if (e instanceof EditInstruction.AddLesion a) {
            m.put("type", "add");
            m.put("diameterMm", a.diameterMm());
            m.put("appearance", a.appearance().toString());
            if (a.location() instanceof EditInstruction.Location.Voxel v) {
                m.put("atVoxel", new int[] {v.i(), v.j(), v.k()});
            } else if (a.location() instanceof EditInstruction.Location.Mm p) {
                m.put("atMm", new double[] {p.x(), p.y(), p.z()});
            } else if (a.location() instanceof EditInstruction.Location.NearLesion n) {
                m.put("nearLesion", n.lesion());
            }
        }
        return m;
    }
}
