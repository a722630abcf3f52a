package org.liverlens.core.segment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.liverlens.core.seg.CodedConcept;
import org.liverlens.core.work.InvalidInputException;

/**
 * The contents of a model package's {@code model.json} (format {@value #FORMAT}; docs/models.md):
 * what the network segments, how its input is prepared, how inference tiles the volume, how the
 * output is cleaned, which network and weight files, and the model's licence and data card. Every
 * field is checked when read; a bad one is an {@link InvalidInputException} naming it.
 */
public record ModelSpec(String name, String version, String task, String modality, List<LabelSpec> labels,
                        InputSpec input, InferenceSpec inference, PostProcessSpec postProcess, NetworkSpec network,
                        Map<String, String> files, ObjectNode json) {

    /** The format identifier in {@code model.json}. */
    public static final String FORMAT = "liverlens-model/1";

    /** What one output class means. {@code role} maps it onto LiverLens' labels. */
    public record LabelSpec(int value, String name, Role role, CodedConcept category, CodedConcept type, int[] colourRgb) {
    }

    /** How an output class maps onto {@link Segmenter#LIVER} and {@link Segmenter#TUMOUR}. */
    public enum Role { BACKGROUND, LIVER, TUMOUR, OTHER }

    /** Network input dimensionality. */
    public enum Dimensionality {
        /** One slice in, one slice out. */
        D2("2D"),
        /** One slice out, with neighbouring slices as extra input channels. */
        D2_5("2.5D"),
        /** A 3D patch in and out. */
        D3("3D");

        final String text;

        Dimensionality(String text) {
            this.text = text;
        }

        static Dimensionality parse(String s, Path where) {
            for (Dimensionality d : values()) {
                if (d.text.equalsIgnoreCase(s)) {
                    return d;
                }
            }
            throw bad(where, "input.dimensionality must be 2D, 2.5D or 3D, got '" + s + "'");
        }

        @Override
        public String toString() {
            return text;
        }
    }

    /**
     * Input preparation. {@code spacingMm} per axis (x, y, z); {@code NaN} keeps the CT's spacing on that
     * axis. A 2.5D network sees {@code 2·contextSlices + 1} channels: the slice and its neighbours
     * {@code contextSpacingMm} apart (interpolated along z), lowest z first. Intensity: HU clipped to
     * [{@code clipLowHu}, {@code clipHighHu}], then {@code (hu − mean) / sd}.
     */
    public record InputSpec(Dimensionality dimensionality, double[] spacingMm, int contextSlices, double contextSpacingMm,
                            double clipLowHu, double clipHighHu, double mean, double sd) {
        /** Input channels of the network. */
        public int channels() {
            return dimensionality == Dimensionality.D2_5 ? 2 * contextSlices + 1 : 1;
        }

        /** The normalised value of one HU. */
        public float normalise(double hu) {
            double c = hu < clipLowHu ? clipLowHu : (hu > clipHighHu ? clipHighHu : hu);
            return (float) ((c - mean) / sd);
        }
    }

    /**
     * Sliding-window inference: patch size (x, y[, z]) in model voxels, overlap as a fraction of the
     * patch, the Gaussian weight's sigma as a fraction of the patch, patches per forward pass, and the
     * axes (0 = x, 1 = y, 2 = z) the network may be mirrored along for test-time augmentation.
     */
    public record InferenceSpec(int[] patch, double overlap, double sigmaScale, int batchSize, int[] mirrorAxes) {
    }

    /**
     * Post-processing: keep only the largest liver component; keep tumour voxels only within
     * {@code tumourMarginMm} of the liver; drop lesions smaller than {@code minLesionMl}.
     */
    public record PostProcessSpec(boolean largestLiverComponent, double tumourMarginMm, double minLesionMl) {
    }

    /**
     * The network: {@code architecture} is one of our DJL blocks ({@value UNet2d#ARCHITECTURE}) with its
     * {@code widths}, or {@code torchscript}; {@code file} names the weights or model file;
     * {@code outputs} is {@code logits} or {@code probabilities}.
     */
    public record NetworkSpec(String architecture, String file, int classes, int[] widths, String outputs) {
    }

    /** Reads and checks {@code model.json}. {@code where} is the file, for messages. */
    public static ModelSpec parse(JsonNode root, Path where) {
        if (!(root instanceof ObjectNode obj)) {
            throw bad(where, "model.json must hold a JSON object");
        }
        String format = text(obj, "format", where);
        if (!FORMAT.equals(format)) {
            throw bad(where, "format must be '" + FORMAT + "', got '" + format + "'");
        }
        String name = text(obj, "name", where);
        String version = text(obj, "version", where);
        String task = text(obj, "task", where);
        String modality = text(obj, "modality", where);
        List<LabelSpec> labels = new ArrayList<>();
        JsonNode ls = obj.get("labels");
        if (ls == null || !ls.isArray() || ls.isEmpty()) {
            throw bad(where, "labels must be a non-empty array");
        }
        for (JsonNode l : ls) {
            int value = integer(l, "value", where);
            String lname = text(l, "name", where);
            Role role;
            try {
                role = Role.valueOf(text(l, "role", where).toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw bad(where, "labels[" + value + "].role must be background, liver, tumour or other");
            }
            CodedConcept category = l.has("category") ? code(l.get("category"), where) : null;
            CodedConcept type = l.has("type") ? code(l.get("type"), where) : null;
            int[] colour = l.has("colour") ? ints(l.get("colour"), "labels.colour", where) : null;
            if (role == Role.LIVER || role == Role.TUMOUR) {
                if (type == null || category == null) {
                    throw bad(where, "label '" + lname + "' needs SNOMED category and type codes");
                }
                if (colour == null || colour.length != 3) {
                    throw bad(where, "label '" + lname + "' needs an RGB colour [r, g, b]");
                }
            }
            labels.add(new LabelSpec(value, lname, role, category, type, colour));
        }
        if (labels.stream().noneMatch(l -> l.role() == Role.LIVER)) {
            throw bad(where, "no label has role 'liver'");
        }

        JsonNode in = object(obj, "input", where);
        Dimensionality dim = Dimensionality.parse(text(in, "dimensionality", where), where);
        double[] spacing = new double[3];
        JsonNode sp = in.get("spacingMm");
        if (sp == null || !sp.isArray() || sp.size() != 3) {
            throw bad(where, "input.spacingMm must be [x, y, z] (null keeps the CT's spacing)");
        }
        for (int d = 0; d < 3; d++) {
            spacing[d] = sp.get(d).isNull() ? Double.NaN : sp.get(d).asDouble();
            if (!Double.isNaN(spacing[d]) && !(spacing[d] > 0)) {
                throw bad(where, "input.spacingMm values must be positive or null");
            }
        }
        int context = in.path("contextSlices").asInt(0);
        double contextMm = in.path("contextSpacingMm").asDouble(0);
        if (dim == Dimensionality.D2_5 && (context < 1 || !(contextMm > 0))) {
            throw bad(where, "a 2.5D model needs input.contextSlices ≥ 1 and input.contextSpacingMm > 0");
        }
        JsonNode inten = object(in, "intensity", where);
        JsonNode clip = inten.get("clipHu");
        if (clip == null || !clip.isArray() || clip.size() != 2 || clip.get(0).asDouble() >= clip.get(1).asDouble()) {
            throw bad(where, "input.intensity.clipHu must be [low, high] with low < high");
        }
        double sd = number(inten, "sd", where);
        if (!(sd > 0)) {
            throw bad(where, "input.intensity.sd must be positive");
        }
        InputSpec input = new InputSpec(dim, spacing, context, contextMm, clip.get(0).asDouble(), clip.get(1).asDouble(),
                number(inten, "mean", where), sd);

        JsonNode inf = object(obj, "inference", where);
        int[] patch = ints(inf.get("patch"), "inference.patch", where);
        if (patch.length != (dim == Dimensionality.D3 ? 3 : 2)) {
            throw bad(where, "inference.patch must have " + (dim == Dimensionality.D3 ? 3 : 2) + " sizes for a " + dim
                    + " model");
        }
        double overlap = inf.path("overlap").asDouble(0.5);
        if (!(overlap >= 0 && overlap < 1)) {
            throw bad(where, "inference.overlap must be in [0, 1)");
        }
        int[] mirror = inf.has("mirrorAxes") ? ints(inf.get("mirrorAxes"), "inference.mirrorAxes", where) : new int[0];
        InferenceSpec inference = new InferenceSpec(patch, overlap, inf.path("sigmaScale").asDouble(0.125),
                Math.max(1, inf.path("batchSize").asInt(4)), mirror);

        JsonNode pp = obj.path("postprocess");
        PostProcessSpec post = new PostProcessSpec(pp.path("largestLiverComponent").asBoolean(true),
                pp.path("tumourMarginMm").asDouble(5), pp.path("minLesionMl").asDouble(0.05));

        JsonNode net = object(obj, "network", where);
        String arch = text(net, "architecture", where);
        String file = text(net, "file", where);
        int classes = integer(net, "classes", where);
        int[] widths = net.has("widths") ? ints(net.get("widths"), "network.widths", where) : new int[0];
        String outputs = net.path("outputs").asText("logits");
        if (!outputs.equals("logits") && !outputs.equals("probabilities")) {
            throw bad(where, "network.outputs must be 'logits' or 'probabilities'");
        }
        for (LabelSpec l : labels) {
            if (l.value() < 0 || l.value() >= classes) {
                throw bad(where, "label '" + l.name() + "' has value " + l.value() + " outside the network's " + classes
                        + " classes");
            }
        }
        NetworkSpec network = new NetworkSpec(arch, file, classes, widths, outputs);

        JsonNode fs = object(obj, "files", where);
        Map<String, String> files = new LinkedHashMap<>();
        fs.fields().forEachRemaining(e -> {
            String h = e.getValue().asText("").toLowerCase(Locale.ROOT);
            if (!h.matches("[0-9a-f]{64}")) {
                throw bad(where, "files." + e.getKey() + " must be a SHA-256 in hex (64 digits)");
            }
            if (e.getKey().contains("/") || e.getKey().contains("\\") || e.getKey().startsWith(".")) {
                throw bad(where, "files." + e.getKey() + ": file names must be plain names inside the package");
            }
            files.put(e.getKey(), h);
        });
        if (!files.containsKey(file)) {
            throw bad(where, "network.file '" + file + "' has no SHA-256 in files");
        }
        for (String required : List.of("licence", "intendedUse", "trainingData")) {
            if (!obj.has(required)) {
                throw bad(where, "'" + required + "' is missing (every model states its licence, intended use and data)");
            }
        }
        return new ModelSpec(name, version, task, modality, List.copyOf(labels), input, inference, post, network,
                Map.copyOf(files), obj.deepCopy());
    }

    /** The model's identity: name, version and the SHA-256 of the network file. */
    public ModelInfo info() {
        return new ModelInfo(name, version, files.get(network.file()));
    }

    /** The class index with {@code role}, or −1. */
    public int classOf(Role role) {
        return labels.stream().filter(l -> l.role() == role).mapToInt(LabelSpec::value).findFirst().orElse(-1);
    }

    /** The label spec with {@code role}, if any. */
    public java.util.Optional<LabelSpec> label(Role role) {
        return labels.stream().filter(l -> l.role() == role).findFirst();
    }

    private static InvalidInputException bad(Path where, String message) {
        return new InvalidInputException("bad model package: " + message, where, "see docs/models.md for the format");
    }

    private static JsonNode object(JsonNode n, String field, Path where) {
        JsonNode v = n.get(field);
        if (v == null || !v.isObject()) {
            throw bad(where, "'" + field + "' must be an object");
        }
        return v;
    }

    private static String text(JsonNode n, String field, Path where) {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual() || v.asText().isBlank()) {
            throw bad(where, "'" + field + "' must be a non-empty string");
        }
        return v.asText();
    }

    private static int integer(JsonNode n, String field, Path where) {
        JsonNode v = n.get(field);
        if (v == null || !v.isInt()) {
            throw bad(where, "'" + field + "' must be an integer");
        }
        return v.asInt();
    }

    private static double number(JsonNode n, String field, Path where) {
        JsonNode v = n.get(field);
        if (v == null || !v.isNumber()) {
            throw bad(where, "'" + field + "' must be a number");
        }
        return v.asDouble();
    }

    private static int[] ints(JsonNode n, String field, Path where) {
        if (n == null || !n.isArray()) {
            throw bad(where, "'" + field + "' must be an array of integers");
        }
        int[] out = new int[n.size()];
        for (int i = 0; i < out.length; i++) {
            if (!n.get(i).isInt()) {
                throw bad(where, "'" + field + "' must be an array of integers");
            }
            out[i] = n.get(i).asInt();
        }
        return out;
    }

    private static CodedConcept code(JsonNode n, Path where) {
        try {
            return new CodedConcept(n.path("code").asText(null), n.path("scheme").asText(null), n.path("meaning").asText(null));
        } catch (IllegalArgumentException e) {
            throw bad(where, "a label code needs code, scheme and meaning: " + e.getMessage());
        }
    }

    /** A JSON array of numbers (null for NaN), for writers of model.json. */
    static ArrayNode spacingJson(ObjectMapper m, double[] spacing) {
        ArrayNode a = m.createArrayNode();
        for (double s : spacing) {
            if (Double.isNaN(s)) {
                a.addNull();
            } else {
                a.add(s);
            }
        }
        return a;
    }
}
