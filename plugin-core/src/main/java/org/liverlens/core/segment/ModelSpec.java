package org.liverlens.core.segment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.liverlens.core.seg.CodedConcept;

/**
 * The contents of a model package's {@code model.json} (format {@value #FORMAT}; docs/models.md):
 * what the network segments, how its input is prepared, how inference tiles the volume, how the
 * output is cleaned, which network and weight files, and the model's licence and data card. Every
 * field is checked when read (type, range: {@link ModelLimits}); a bad one is an
 * {@link org.liverlens.core.work.InvalidInputException} naming it.
 *
 * <p>About 460 lines on purpose: the value types of the sections sit beside the code that reads
 * and checks them, and a third of the length is their equals, hashCode and toString over their
 * arrays (patch, widths, spacing, colour), which a record would otherwise compare by identity.
 */
public record ModelSpec(String name, String version, String task, String modality, List<LabelSpec> labels,
                        InputSpec input, InferenceSpec inference, PostProcessSpec postProcess, NetworkSpec network,
                        Map<String, String> files, ObjectNode json) {

    /** The format identifier in {@code model.json}. */
    public static final String FORMAT = "liverlens-model/1";

    /** What one output class means. {@code role} maps it onto LiverLens' labels. */
    public record LabelSpec(int value, String name, Role role, CodedConcept category, CodedConcept type, int[] colourRgb) {
        @Override
        public boolean equals(Object o) {
            return o instanceof LabelSpec l && value == l.value && name.equals(l.name) && role == l.role
                    && Objects.equals(category, l.category) && Objects.equals(type, l.type)
                    && Arrays.equals(colourRgb, l.colourRgb);
        }

        @Override
        public int hashCode() {
            return Objects.hash(value, name, role, category, type, Arrays.hashCode(colourRgb));
        }

        @Override
        public String toString() {
            return "LabelSpec[value=" + value + ", name=" + name + ", role=" + role + ", category=" + category
                    + ", type=" + type + ", colourRgb=" + Arrays.toString(colourRgb) + "]";
        }
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

        static Dimensionality parse(String s, ModelJsonFields f) {
            for (Dimensionality d : values()) {
                if (d.text.equalsIgnoreCase(s)) {
                    if (d == D3) {
                        throw f.bad("input.dimensionality is '3D': this LiverLens runs 2D and 2.5D models only "
                                + "(2D: one slice in, one out; 2.5D: neighbouring slices as extra channels); export "
                                + "a 2D or 2.5D network");
                    }
                    return d;
                }
            }
            throw f.bad("input.dimensionality must be 2D or 2.5D, got '" + ModelJsonFields.shown(s) + "'");
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

        @Override
        public boolean equals(Object o) {
            return o instanceof InputSpec i && dimensionality == i.dimensionality && Arrays.equals(spacingMm, i.spacingMm)
                    && contextSlices == i.contextSlices && Double.compare(contextSpacingMm, i.contextSpacingMm) == 0
                    && Double.compare(clipLowHu, i.clipLowHu) == 0 && Double.compare(clipHighHu, i.clipHighHu) == 0
                    && Double.compare(mean, i.mean) == 0 && Double.compare(sd, i.sd) == 0;
        }

        @Override
        public int hashCode() {
            return Objects.hash(dimensionality, Arrays.hashCode(spacingMm), contextSlices, contextSpacingMm, clipLowHu,
                    clipHighHu, mean, sd);
        }

        @Override
        public String toString() {
            return "InputSpec[dimensionality=" + dimensionality + ", spacingMm=" + Arrays.toString(spacingMm)
                    + ", contextSlices=" + contextSlices + ", contextSpacingMm=" + contextSpacingMm + ", clipHu=["
                    + clipLowHu + ", " + clipHighHu + "], mean=" + mean + ", sd=" + sd + "]";
        }
    }

    /**
     * Sliding-window inference: patch size (x, y[, z]) in model voxels, overlap as a fraction of the
     * patch, the Gaussian weight's sigma as a fraction of the patch, patches per forward pass, and the
     * axes (0 = x, 1 = y, 2 = z) the network may be mirrored along for test-time augmentation.
     */
    public record InferenceSpec(int[] patch, double overlap, double sigmaScale, int batchSize, int[] mirrorAxes) {
        @Override
        public boolean equals(Object o) {
            return o instanceof InferenceSpec i && Arrays.equals(patch, i.patch) && Double.compare(overlap, i.overlap) == 0
                    && Double.compare(sigmaScale, i.sigmaScale) == 0 && batchSize == i.batchSize
                    && Arrays.equals(mirrorAxes, i.mirrorAxes);
        }

        @Override
        public int hashCode() {
            return Objects.hash(Arrays.hashCode(patch), overlap, sigmaScale, batchSize, Arrays.hashCode(mirrorAxes));
        }

        @Override
        public String toString() {
            return "InferenceSpec[patch=" + Arrays.toString(patch) + ", overlap=" + overlap + ", sigmaScale=" + sigmaScale
                    + ", batchSize=" + batchSize + ", mirrorAxes=" + Arrays.toString(mirrorAxes) + "]";
        }
    }

    /**
     * Post-processing: keep only the largest liver component; keep tumour voxels only within
     * {@code tumourMarginMm} of the liver; drop lesions smaller than {@code minLesionMl}; with
     * {@code lesionRules} (null: none), split merged lesions and drop false ones by the network's tumour
     * probability, the liver around them and the vessels in them ({@link LesionRules}: calibrated on
     * LiverLens' own network, so off unless a package asks for them).
     */
    public record PostProcessSpec(boolean largestLiverComponent, double tumourMarginMm, double minLesionMl,
                                  LesionRules lesionRules) {
        /** Without the lesion rules. */
        public PostProcessSpec(boolean largestLiverComponent, double tumourMarginMm, double minLesionMl) {
            this(largestLiverComponent, tumourMarginMm, minLesionMl, null);
        }
    }

    /**
     * The network: {@code architecture} is one of our DJL blocks ({@value UNet2d#ARCHITECTURE}) with its
     * {@code widths}, or {@code torchscript}; {@code file} names the weights or model file;
     * {@code outputs} is {@code logits} or {@code probabilities}.
     */
    public record NetworkSpec(String architecture, String file, int classes, int[] widths, String outputs) {
        @Override
        public boolean equals(Object o) {
            return o instanceof NetworkSpec n && architecture.equals(n.architecture) && file.equals(n.file)
                    && classes == n.classes && Arrays.equals(widths, n.widths) && outputs.equals(n.outputs);
        }

        @Override
        public int hashCode() {
            return Objects.hash(architecture, file, classes, Arrays.hashCode(widths), outputs);
        }

        @Override
        public String toString() {
            return "NetworkSpec[architecture=" + architecture + ", file=" + file + ", classes=" + classes + ", widths="
                    + Arrays.toString(widths) + ", outputs=" + outputs + "]";
        }
    }

    /** The fields of each object of {@code model.json}; any other is refused (a misspelt field would be ignored). */
    private static final Set<String> TOP = Set.of("format", "name", "version", "task", "modality", "labels", "input",
            "inference", "postprocess", "network", "files", "licence", "intendedUse", "trainingData", "metrics");
    private static final Set<String> LABEL = Set.of("value", "name", "role", "category", "type", "colour");
    private static final Set<String> CODE = Set.of("code", "scheme", "meaning");
    private static final Set<String> INPUT = Set.of("dimensionality", "spacingMm", "contextSlices", "contextSpacingMm",
            "intensity");
    private static final Set<String> INTENSITY = Set.of("clipHu", "mean", "sd");
    private static final Set<String> INFERENCE = Set.of("patch", "overlap", "sigmaScale", "batchSize", "mirrorAxes");
    private static final Set<String> POST = Set.of("largestLiverComponent", "tumourMarginMm", "minLesionMl",
            "lesionRules");
    private static final Set<String> NETWORK = Set.of("architecture", "file", "classes", "widths", "outputs");

    /**
     * Reads and checks {@code model.json}: every field has its type and lies in its range
     * ({@link ModelLimits}); unknown fields are refused. {@code where} is the file, for messages.
     */
    public static ModelSpec parse(JsonNode root, Path where) {
        ModelJsonFields f = new ModelJsonFields(where);
        if (!(root instanceof ObjectNode obj)) {
            throw f.bad("model.json must hold a JSON object");
        }
        f.onlyKnown(obj, "", TOP);
        String format = f.text(obj, "format", "format", 64);
        if (!FORMAT.equals(format)) {
            throw f.bad("format must be '" + FORMAT + "', got '" + format + "'");
        }
        String name = plainName(f, obj, "name");
        String version = plainName(f, obj, "version");
        String task = f.text(obj, "task", "task", ModelLimits.MAX_TASK_CHARS);
        String modality = f.text(obj, "modality", "modality", ModelLimits.MAX_NAME_CHARS);
        if (!modality.equals("CT")) {
            throw f.bad("modality is '" + ModelJsonFields.shown(modality) + "'; LiverLens segments CT series only, "
                    + "so a model must have modality 'CT'");
        }
        List<LabelSpec> labels = labels(f, obj);
        InputSpec input = input(f, f.object(obj, "input", "input"));
        InferenceSpec inference = inference(f, f.object(obj, "inference", "inference"));
        PostProcessSpec post = new PostProcessSpec(true, 5, 0.05);
        if (obj.has("postprocess")) {
            JsonNode pp = f.object(obj, "postprocess", "postprocess");
            f.onlyKnown(pp, "postprocess", POST);
            post = new PostProcessSpec(f.bool(pp, "largestLiverComponent", "postprocess.largestLiverComponent", true),
                    f.number(pp, "tumourMarginMm", "postprocess.tumourMarginMm", 0, ModelLimits.MAX_TUMOUR_MARGIN_MM, 5),
                    f.number(pp, "minLesionMl", "postprocess.minLesionMl", 0, ModelLimits.MAX_MIN_LESION_ML, 0.05),
                    LesionRules.fromJson(f, pp.get("lesionRules")));
        }
        NetworkSpec network = network(f, f.object(obj, "network", "network"));
        for (int i = 0; i < labels.size(); i++) {
            LabelSpec l = labels.get(i);
            if (l.value() >= network.classes()) {
                throw f.outOfRange("labels[" + i + "].value", l.value(), "0…" + (network.classes() - 1)
                        + " (network.classes is " + network.classes() + ")");
            }
        }
        Map<String, String> files = files(f, f.object(obj, "files", "files"));
        if (!files.containsKey(network.file())) {
            throw f.bad("network.file '" + network.file() + "' has no SHA-256 in files");
        }
        for (String required : List.of("licence", "intendedUse")) {
            if (!obj.has(required)) {
                throw f.bad("'" + required + "' is missing (every model states its licence, intended use and data)");
            }
            f.text(obj, required, required, ModelLimits.MAX_STATEMENT_CHARS);
        }
        JsonNode card = obj.get("trainingData");
        if (card == null || !(card.isObject() || card.isTextual())) {
            throw f.bad("'trainingData' is missing (every model states its licence, intended use and data): "
                    + "give an object (sources, licences, counts) or a text");
        }
        return new ModelSpec(name, version, task, modality, List.copyOf(labels), input, inference, post, network,
                Map.copyOf(files), obj.deepCopy());
    }

    /** A name or version: it names a folder and goes into the SEG ({@link ModelLimits#PLAIN_NAME}). */
    private static String plainName(ModelJsonFields f, JsonNode obj, String field) {
        String v = f.text(obj, field, field, ModelLimits.MAX_NAME_CHARS);
        if (!ModelLimits.PLAIN_NAME.matcher(v).matches()) {
            throw f.bad(field + " is '" + ModelJsonFields.shown(v) + "': allowed are letters, digits and . _ + - "
                    + "(not first: . + -), at most " + ModelLimits.MAX_NAME_CHARS + " characters; it becomes a folder "
                    + "name under ~/.liverlens/models");
        }
        return v;
    }

    private static List<LabelSpec> labels(ModelJsonFields f, JsonNode obj) {
        JsonNode ls = obj.get("labels");
        if (ls == null || !ls.isArray() || ls.isEmpty()) {
            throw f.bad("labels must be a non-empty array");
        }
        if (ls.size() > ModelLimits.MAX_CLASSES) {
            throw f.outOfRange("labels", ls.size() + " labels", "at most " + ModelLimits.MAX_CLASSES);
        }
        List<LabelSpec> labels = new ArrayList<>();
        Map<Integer, String> values = new HashMap<>();
        Map<String, Integer> names = new HashMap<>();
        Map<Role, Integer> roles = new EnumMap<>(Role.class);
        for (int i = 0; i < ls.size(); i++) {
            JsonNode l = ls.get(i);
            String at = "labels[" + i + "]";
            if (!l.isObject()) {
                throw f.bad(at + " must be an object");
            }
            f.onlyKnown(l, at, LABEL);
            int value = f.integer(l, "value", at + ".value", 0, ModelLimits.MAX_CLASSES - 1);
            String lname = f.text(l, "name", at + ".name", ModelLimits.MAX_NAME_CHARS);
            String roleText = f.text(l, "role", at + ".role", ModelLimits.MAX_NAME_CHARS);
            Role role;
            try {
                role = Role.valueOf(roleText.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw f.bad(at + ".role is '" + ModelJsonFields.shown(roleText)
                        + "'; it must be background, liver, tumour or other");
            }
            if (values.containsKey(value)) {
                throw f.bad(at + ".value " + value + " is also the value of label '" + values.get(value)
                        + "': each output class has one label");
            }
            if (names.containsKey(lname.toLowerCase(Locale.ROOT))) {
                throw f.bad(at + ".name '" + lname + "' is used twice (labels[" + names.get(lname.toLowerCase(Locale.ROOT))
                        + "] too)");
            }
            if (role != Role.OTHER && roles.containsKey(role)) {
                throw f.bad(at + " has role " + roleText + ", as labels[" + roles.get(role) + "] has: at most one label "
                        + "per role background, liver and tumour (give other classes the role 'other')");
            }
            values.put(value, lname);
            names.put(lname.toLowerCase(Locale.ROOT), i);
            roles.put(role, i);
            CodedConcept category = l.has("category") ? code(f, l.get("category"), at + ".category") : null;
            CodedConcept type = l.has("type") ? code(f, l.get("type"), at + ".type") : null;
            int[] colour = l.has("colour") ? f.ints(l.get("colour"), at + ".colour", 3, 3, 0, 255) : null;
            if ((role == Role.LIVER || role == Role.TUMOUR) && (type == null || category == null || colour == null)) {
                throw f.bad("label '" + lname + "' (role " + roleText + ") needs SNOMED category and type codes and an "
                        + "RGB colour [r, g, b]");
            }
            labels.add(new LabelSpec(value, lname, role, category, type, colour));
        }
        if (!roles.containsKey(Role.LIVER)) {
            throw f.bad("no label has role 'liver'");
        }
        return labels;
    }

    private static InputSpec input(ModelJsonFields f, JsonNode in) {
        f.onlyKnown(in, "input", INPUT);
        Dimensionality dim = Dimensionality.parse(f.text(in, "dimensionality", "input.dimensionality", 16), f);
        double[] spacing = new double[3];
        JsonNode sp = in.get("spacingMm");
        if (sp == null || !sp.isArray() || sp.size() != 3) {
            throw f.bad("input.spacingMm must be [x, y, z] in mm (null keeps the CT's spacing)");
        }
        for (int d = 0; d < 3; d++) {
            spacing[d] = sp.get(d).isNull() ? Double.NaN : f.number(sp.get(d), "input.spacingMm[" + d + "]",
                    ModelLimits.MIN_SPACING_MM, ModelLimits.MAX_SPACING_MM);
        }
        int context = f.integer(in, "contextSlices", "input.contextSlices", 0, ModelLimits.MAX_CONTEXT_SLICES, 0);
        double contextMm = f.number(in, "contextSpacingMm", "input.contextSpacingMm", ModelLimits.MIN_SPACING_MM,
                ModelLimits.MAX_CONTEXT_SPACING_MM, 0);
        if (dim == Dimensionality.D2_5 && (context < 1 || !(contextMm > 0))) {
            throw f.bad("a 2.5D model needs input.contextSlices ≥ 1 and input.contextSpacingMm > 0");
        }
        JsonNode inten = f.object(in, "intensity", "input.intensity");
        f.onlyKnown(inten, "input.intensity", INTENSITY);
        JsonNode clip = inten.get("clipHu");
        if (clip == null || !clip.isArray() || clip.size() != 2) {
            throw f.bad("input.intensity.clipHu must be [low, high]");
        }
        double low = f.number(clip.get(0), "input.intensity.clipHu[0]", -ModelLimits.MAX_ABS_HU, ModelLimits.MAX_ABS_HU);
        double high = f.number(clip.get(1), "input.intensity.clipHu[1]", -ModelLimits.MAX_ABS_HU, ModelLimits.MAX_ABS_HU);
        if (low >= high) {
            throw f.bad("input.intensity.clipHu must be [low, high] with low < high, got [" + low + ", " + high + "]");
        }
        double sd = f.number(inten, "sd", "input.intensity.sd", ModelLimits.MIN_SD, ModelLimits.MAX_ABS_HU);
        double mean = f.number(inten, "mean", "input.intensity.mean", -ModelLimits.MAX_ABS_HU, ModelLimits.MAX_ABS_HU);
        return new InputSpec(dim, spacing, context, contextMm, low, high, mean, sd);
    }

    private static InferenceSpec inference(ModelJsonFields f, JsonNode inf) {
        f.onlyKnown(inf, "inference", INFERENCE);
        int[] patch = f.ints(inf.get("patch"), "inference.patch", 2, 2, 1, ModelLimits.MAX_PATCH);
        double overlap = f.number(inf, "overlap", "inference.overlap", 0, ModelLimits.MAX_OVERLAP, 0.5);
        double sigma = f.number(inf, "sigmaScale", "inference.sigmaScale", ModelLimits.MIN_SIGMA_SCALE,
                ModelLimits.MAX_SIGMA_SCALE, 0.125);
        int batch = f.integer(inf, "batchSize", "inference.batchSize", 1, ModelLimits.MAX_BATCH, 4);
        // a 2D network is mirrored along x (0) or y (1); any other axis would flip a channel or batch axis
        int[] mirror = inf.has("mirrorAxes") ? f.ints(inf.get("mirrorAxes"), "inference.mirrorAxes", 0, 2, 0, 1)
                : new int[0];
        if (mirror.length == 2 && mirror[0] == mirror[1]) {
            throw f.bad("inference.mirrorAxes names axis " + mirror[0] + " twice");
        }
        return new InferenceSpec(patch, overlap, sigma, batch, mirror);
    }

    private static NetworkSpec network(ModelJsonFields f, JsonNode net) {
        f.onlyKnown(net, "network", NETWORK);
        String arch = f.text(net, "architecture", "network.architecture", ModelLimits.MAX_NAME_CHARS);
        String file = f.text(net, "file", "network.file", ModelLimits.MAX_NAME_CHARS);
        int classes = f.integer(net, "classes", "network.classes", 2, ModelLimits.MAX_CLASSES);
        int[] widths = net.has("widths") ? f.ints(net.get("widths"), "network.widths", ModelLimits.MIN_LEVELS,
                ModelLimits.MAX_LEVELS, 1, ModelLimits.MAX_WIDTH) : new int[0];
        String outputs = f.text(net, "outputs", "network.outputs", 16, "logits");
        if (!outputs.equals("logits") && !outputs.equals("probabilities")) {
            throw f.bad("network.outputs must be 'logits' or 'probabilities', got '" + ModelJsonFields.shown(outputs) + "'");
        }
        return new NetworkSpec(arch, file, classes, widths, outputs);
    }

    private static Map<String, String> files(ModelJsonFields f, JsonNode fs) {
        if (fs.size() > ModelLimits.MAX_FILES) {
            throw f.outOfRange("files", fs.size() + " files", "at most " + ModelLimits.MAX_FILES);
        }
        Map<String, String> files = new LinkedHashMap<>();
        fs.fields().forEachRemaining(e -> {
            String key = e.getKey();
            if (!ModelLimits.PLAIN_NAME.matcher(key).matches() || key.equals(ModelPackage.MODEL_JSON)) {
                throw f.bad("files: '" + ModelJsonFields.shown(key) + "' is not a plain file name of the package (letters, "
                        + "digits and . _ + -, not model.json, no folders)");
            }
            String h = e.getValue().isTextual() ? e.getValue().asText().toLowerCase(Locale.ROOT) : "";
            if (!h.matches("[0-9a-f]{64}")) {
                throw f.bad("files." + key + " must be a SHA-256 in hex (64 digits), got "
                        + ModelJsonFields.shown(e.getValue()));
            }
            files.put(key, h);
        });
        return files;
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

    private static CodedConcept code(ModelJsonFields f, JsonNode n, String path) {
        if (!n.isObject()) {
            throw f.bad(path + " must be an object {code, scheme, meaning}");
        }
        f.onlyKnown(n, path, CODE);
        try {
            return new CodedConcept(f.text(n, "code", path + ".code", ModelLimits.MAX_NAME_CHARS),
                    f.text(n, "scheme", path + ".scheme", 16), f.text(n, "meaning", path + ".meaning", 64));
        } catch (IllegalArgumentException e) {
            throw f.bad(path + ": " + e.getMessage());
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
