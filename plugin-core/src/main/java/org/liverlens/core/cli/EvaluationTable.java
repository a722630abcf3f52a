package org.liverlens.core.cli;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

import org.liverlens.core.segment.Evaluation;
import org.liverlens.core.segment.EvaluationSummary;
import org.liverlens.core.segment.LesionDetection;
import org.liverlens.core.segment.ModelPackage;
import org.liverlens.core.work.PrintableText;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The text and JSON of {@code models evaluate}: Markdown rows per case and package, the pooled table
 * with one column per package (pasted as it is into docs/models.md), and the JSON of every figure.
 */
final class EvaluationTable {
    private static final LesionDetection.SizeBin[] BINS = LesionDetection.SizeBin.values();

    private EvaluationTable() {
    }

    /** "name version" per package; a repeated one gets "#n" so that columns stay apart. */
    static List<String> modelLabels(List<ModelPackage> pkgs) {
        List<String> labels = new ArrayList<>();
        for (ModelPackage p : pkgs) {
            String base = p.spec().name() + " " + p.spec().version();
            String label = base;
            for (int n = 2; labels.contains(label); n++) {
                label = base + " #" + n;
            }
            labels.add(label);
        }
        return labels;
    }

    static void printCaseHeader(PrintWriter out) {
        out.println("| case | model | liver Dice | tumour Dice | liver volume error | lesions found < 10 / 10-20 / > 20 mm "
                + "| false positives | long-axis error (mm) | seconds |");
        out.println("|---|---|---:|---:|---:|---:|---:|---:|---:|");
        out.flush();
    }

    static void printCase(PrintWriter out, String caseName, String model, Evaluation.CaseScore c) {
        LesionDetection.Result d = c.detection();
        String found = "n/a";
        String fp = "n/a";
        String axis = "n/a";
        if (d != null) {
            List<String> parts = new ArrayList<>();
            double sum = 0;
            int n = 0;
            for (LesionDetection.SizeBin b : BINS) {
                parts.add(d.detected(b) + "/" + d.count(b));
            }
            for (LesionDetection.ReferenceLesion l : d.reference()) {
                if (l.detected()) {
                    sum += l.longAxisErrorMm();
                    n++;
                }
            }
            found = String.join(" · ", parts);
            fp = String.valueOf(d.falsePositives());
            axis = n == 0 ? "–" : String.format(Locale.ROOT, "%+.1f", sum / n);
        }
        out.printf(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %s | %.1f |%n", PrintableText.escape(shortName(caseName)),
                model, num(c.liverDice(), 3), c.tumourLabelled() ? num(c.tumourDice(), 3) : "n/a",
                percent(c.liverVolumeErrorPercent()), found, fp, axis, c.seconds());
        out.flush();
    }

    /** A case's name without its parenthesised description. */
    static String shortName(String name) {
        int cut = name.indexOf(" (");
        return cut > 0 ? name.substring(0, cut) : name;
    }

    /** The pooled table of each group: one row per figure, one column per package. */
    static void printSummary(PrintWriter out, List<String> labels, Map<String, List<EvaluationSummary>> groups) {
        for (Map.Entry<String, List<EvaluationSummary>> g : groups.entrySet()) {
            List<EvaluationSummary> s = g.getValue();
            out.printf(Locale.ROOT, "| %s (%d cases; %d with a tumour reference) | %s |%n", g.getKey(), s.get(0).cases(),
                    s.get(0).detectionCases(), String.join(" | ", labels));
            out.println("|---|" + "---:|".repeat(labels.size()));
            row(out, "liver Dice, mean", s, e -> num(e.liverDice(), 3));
            row(out, "tumour Dice, mean", s, e -> num(e.tumourDice(), 3));
            row(out, "liver volume error, mean (mean absolute)", s,
                    e -> percent(e.liverVolumeErrorPercent()) + " (" + num(e.liverVolumeAbsErrorPercent(), 1) + " %)");
            for (LesionDetection.SizeBin b : BINS) {
                row(out, "recall " + b.label(), s, e -> recall(e.detected().get(b), e.lesions().get(b)));
            }
            row(out, "recall ≥ 10 mm", s, e -> recall(e.detected().get(LesionDetection.SizeBin.MEDIUM)
                    + e.detected().get(LesionDetection.SizeBin.LARGE), e.lesions().get(LesionDetection.SizeBin.MEDIUM)
                    + e.lesions().get(LesionDetection.SizeBin.LARGE)));
            row(out, "false positives per case", s, e -> num(e.falsePositivesPerCase(), 2) + " (" + e.falsePositives() + ")");
            row(out, "RECIST long-axis error of detected lesions, mean (mean absolute), mm", s,
                    e -> signed(e.longAxisErrorMm()) + " (" + num(e.longAxisAbsErrorMm(), 1) + ")");
            out.println();
        }
        out.flush();
    }

    private static void row(PrintWriter out, String what, List<EvaluationSummary> s, Function<EvaluationSummary, String> f) {
        StringBuilder b = new StringBuilder("| ").append(what).append(" |");
        for (EvaluationSummary e : s) {
            b.append(' ').append(f.apply(e)).append(" |");
        }
        out.println(b);
    }

    private static String recall(long detected, long lesions) {
        return lesions == 0 ? "– (0/0)" : String.format(Locale.ROOT, "%.2f (%d/%d)", (double) detected / lesions, detected,
                lesions);
    }

    private static String num(double v, int decimals) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%." + decimals + "f", v);
    }

    private static String signed(double v) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%+.1f", v);
    }

    private static String percent(double v) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%+.1f %%", v).replace("+-", "-");
    }

    /** Every figure as JSON; NaN (undefined) is written as null. */
    static String json(List<ModelPackage> pkgs, List<String> labels, List<ModelsEvaluateCommand.Row> rows,
                       Map<String, List<EvaluationSummary>> summaries) {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = mapper.createObjectNode();
        root.put("format", "liverlens-evaluation/1");
        root.put("date", Instant.now().toString());
        ObjectNode rules = root.putObject("rules");
        rules.put("lesions", "26-connected components of the tumour label, on both sides");
        rules.put("detectedWhenCoveredFraction", LesionDetection.DETECTED_FRACTION);
        rules.put("falsePositive", "a predicted lesion that overlaps no reference lesion");
        rules.put("sizeBins", "RECIST long axis of the reference lesion: < 10 mm, 10-20 mm (both ends included), > 20 mm");
        ArrayNode models = root.putArray("models");
        for (int m = 0; m < pkgs.size(); m++) {
            ObjectNode o = models.addObject();
            o.put("label", labels.get(m));
            o.put("name", pkgs.get(m).spec().name());
            o.put("version", pkgs.get(m).spec().version());
            o.put("sha256", pkgs.get(m).spec().info().sha256());
            o.put("package", pkgs.get(m).folder().toString());
        }
        ArrayNode cases = root.putArray("cases");
        for (ModelsEvaluateCommand.Row r : rows) {
            ObjectNode o = cases.addObject();
            o.put("name", r.name());
            o.put("group", r.group());
            ArrayNode scores = o.putArray("scores");
            for (int m = 0; m < r.scores().size(); m++) {
                scores.add(caseJson(mapper, labels.get(m), r.scores().get(m)));
            }
        }
        ObjectNode groups = root.putObject("summary");
        for (Map.Entry<String, List<EvaluationSummary>> g : summaries.entrySet()) {
            ObjectNode go = groups.putObject(g.getKey());
            for (int m = 0; m < g.getValue().size(); m++) {
                EvaluationSummary e = g.getValue().get(m);
                ObjectNode o = go.putObject(labels.get(m));
                o.put("cases", e.cases());
                put(o, "liverDice", e.liverDice());
                put(o, "tumourDice", e.tumourDice());
                put(o, "liverVolumeErrorPercent", e.liverVolumeErrorPercent());
                put(o, "liverVolumeAbsErrorPercent", e.liverVolumeAbsErrorPercent());
                ObjectNode bins = o.putObject("recall");
                for (LesionDetection.SizeBin b : BINS) {
                    ObjectNode bo = bins.putObject(b.label());
                    bo.put("detected", e.detected().get(b));
                    bo.put("lesions", e.lesions().get(b));
                    put(bo, "recall", e.recall(b));
                }
                put(o, "recallFrom10Mm", e.recallFrom10Mm());
                o.put("casesWithTumourReference", e.detectionCases());
                o.put("falsePositives", e.falsePositives());
                put(o, "falsePositivesPerCase", e.falsePositivesPerCase());
                put(o, "longAxisErrorMm", e.longAxisErrorMm());
                put(o, "longAxisAbsErrorMm", e.longAxisAbsErrorMm());
            }
        }
        try {
            return mapper.writeValueAsString(root) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("evaluation JSON", e);
        }
    }

    private static ObjectNode caseJson(ObjectMapper mapper, String model, Evaluation.CaseScore c) {
        ObjectNode o = mapper.createObjectNode();
        o.put("model", model);
        put(o, "liverDice", c.liverDice());
        put(o, "tumourDice", c.tumourDice());
        o.put("liverVoxelsReference", c.liverVoxelsRef());
        o.put("liverVoxelsOurs", c.liverVoxelsOut());
        put(o, "liverVolumeErrorPercent", c.liverVolumeErrorPercent());
        o.put("tumourLabelled", c.tumourLabelled());
        o.put("tumourVoxelsReference", c.tumourVoxelsRef());
        o.put("tumourVoxelsOurs", c.tumourVoxelsOut());
        put(o, "seconds", c.seconds());
        LesionDetection.Result d = c.detection();
        if (d != null) {
            o.put("predictedLesions", d.predictedLesions());
            o.put("falsePositives", d.falsePositives());
            ArrayNode ls = o.putArray("referenceLesions");
            for (LesionDetection.ReferenceLesion l : d.reference()) {
                ObjectNode lo = ls.addObject();
                lo.put("id", l.id());
                lo.put("voxels", l.voxels());
                put(lo, "volumeMl", l.volumeMl());
                put(lo, "longAxisMm", l.longMm());
                lo.put("sizeBin", l.bin().label());
                lo.put("coveredVoxels", l.overlapVoxels());
                lo.put("detected", l.detected());
                put(lo, "matchedLongAxisMm", l.predictedLongMm());
                put(lo, "longAxisErrorMm", l.longAxisErrorMm());
            }
        }
        return o;
    }

    private static void put(ObjectNode o, String field, double v) {
        if (Double.isFinite(v)) {
            o.put(field, v);
        } else {
            o.putNull(field);
        }
    }
}
