package org.liverlens.core.segment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.liverlens.core.work.InvalidInputException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A learned promptable network (issue 15): the {@code model.json} of a prompt model package, format
 * {@value #FORMAT} (docs/models.md "Learned promptable networks"). Two kinds:
 * <ul>
 * <li>{@code 3D} (the default), {@value #TORCHSCRIPT}: a CT crop of {@code cropVoxels} around the
 * prompt, resampled to {@code spacingMm}, with the image and one channel each for positive clicks,
 * negative clicks and the box, in; the lesion's probability on the same crop out. The format is
 * read and checked; no runtime runs such a network yet.</li>
 * <li>{@code 2.5D}, {@value UNet2d#ARCHITECTURE} with {@code widths} (run by {@code promptnet}): one
 * axial slice at a time, a crop of {@code cropVoxels} (x, y) at a pixel size within
 * {@code pixelMmRange} chosen per prompt, the slices {@code sliceStepMm} below and above, the clicks,
 * the box and the mask of the slice before in the propagation ({@link #CHANNELS_2_5D}) in; the
 * lesion's logit on the crop out.</li>
 * </ul>
 * Every field is checked when read; a bad one is refused (exit 3) with its name.
 *
 * @param dimensionality {@code 3D} or {@code 2.5D}
 * @param cropVoxels     x, y, z (3D) or x, y (2.5D)
 * @param spacingMm      x, y, z mm per crop voxel (3D), or null
 * @param pixelMmRange   lowest and highest in-plane pixel size (2.5D), or null
 * @param sliceStepMm    least distance of the context slices (2.5D), or NaN
 * @param widths         the U-Net's widths (2.5D), or null
 */
public record PromptModelSpec(String name, String version, String dimensionality, int[] cropVoxels,
                              double[] spacingMm, double[] pixelMmRange, double sliceStepMm, double[] windowHu,
                              double clickSigmaMm, double threshold, String architecture, String file, int[] widths,
                              Map<String, String> files, String licence) {

    /** The format identifier in {@code model.json}. */
    public static final String FORMAT = "liverlens-prompt-model/1";
    /** The input channels, in this order: the network's contract. */
    public static final List<String> CHANNELS = List.of("image", "positive", "negative", "box");
    /** The input channels of a 2.5D network, in this order. */
    public static final List<String> CHANNELS_2_5D = List.of("image-below", "image", "image-above", "positive",
            "negative", "box", "previous");
    /** The runtime of a 3D prompt network (a traced or scripted PyTorch module run by DJL). */
    public static final String TORCHSCRIPT = "torchscript";
    public static final String D3 = "3D";
    public static final String D2_5 = "2.5D";

    private static final Set<String> TOP = Set.of("format", "name", "version", "task", "modality", "input", "output",
            "network", "files", "licence", "intendedUse", "trainingData", "metrics");
    private static final Set<String> INPUT = Set.of("dimensionality", "cropVoxels", "spacingMm", "windowHu", "channels",
            "clickSigmaMm");
    private static final Set<String> INPUT_2_5D = Set.of("dimensionality", "cropVoxels", "pixelMmRange", "sliceStepMm",
            "windowHu", "channels", "clickSigmaMm");
    private static final Set<String> OUTPUT = Set.of("threshold");
    private static final Set<String> NETWORK = Set.of("architecture", "file");
    private static final Set<String> NETWORK_2_5D = Set.of("architecture", "file", "widths");

    @Override
    public boolean equals(Object o) {
        return o instanceof PromptModelSpec s && name.equals(s.name) && version.equals(s.version)
                && dimensionality.equals(s.dimensionality) && Arrays.equals(cropVoxels, s.cropVoxels)
                && Arrays.equals(spacingMm, s.spacingMm) && Arrays.equals(pixelMmRange, s.pixelMmRange)
                && Double.compare(sliceStepMm, s.sliceStepMm) == 0 && Arrays.equals(widths, s.widths)
                && Arrays.equals(windowHu, s.windowHu) && clickSigmaMm == s.clickSigmaMm
                && threshold == s.threshold && architecture.equals(s.architecture) && file.equals(s.file)
                && files.equals(s.files) && licence.equals(s.licence);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, version, Arrays.hashCode(cropVoxels),
                Arrays.hashCode(spacingMm), file);
    }

    @Override
    public String toString() {
        return "PromptModelSpec[" + name + " " + version + ", " + dimensionality + " crop " + Arrays.toString(cropVoxels)
                + " at " + Arrays.toString(spacingMm != null ? spacingMm : pixelMmRange) + " mm, " + architecture + " "
                + file + "]";
    }

    /**
     * Reads and checks {@code folder/model.json} and every file it lists (present, a plain file, its
     * SHA-256); what {@code models verify} does for a segmentation package.
     */
    public static PromptModelSpec open(Path folder) {
        Path json = folder.resolve(ModelPackage.MODEL_JSON);
        if (!Files.isRegularFile(json, LinkOption.NOFOLLOW_LINKS)) {
            throw new InvalidInputException("not a prompt model package: no model.json", folder,
                    "give the folder holding model.json (docs/models.md, 'Learned promptable networks')");
        }
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(json.toFile());
        } catch (IOException e) {
            throw new InvalidInputException("bad model package: model.json is not JSON (" + e.getMessage() + ")", json,
                    "see docs/models.md, 'Learned promptable networks'");
        }
        PromptModelSpec spec = parse(root, json);
        for (Map.Entry<String, String> f : spec.files().entrySet()) {
            Path file = folder.resolve(f.getKey()).normalize();
            if (!file.startsWith(folder.normalize()) || Files.isSymbolicLink(file)
                    || !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                throw new InvalidInputException("bad model package: " + f.getKey() + " is missing, a link or outside "
                        + "the package", file, "a package holds its own files, each listed in model.json with its SHA-256");
            }
            String actual = ModelPackage.sha256(file);
            if (!actual.equals(f.getValue())) {
                throw new InvalidInputException("bad model package: SHA-256 of " + f.getKey() + " is " + actual
                        + ", model.json says " + f.getValue(), file, "the file is damaged or was replaced; reinstall the package");
            }
        }
        if (D2_5.equals(spec.dimensionality())) {
            UNetWeights.checkSize(folder.resolve(spec.file()), CHANNELS_2_5D.size(), 1, spec.widths(),
                    "network.file must hold the weights of " + UNet2d.ARCHITECTURE + " with the widths model.json gives");
        }
        return spec;
    }

    /** Reads and checks a prompt model's {@code model.json}; {@code where} is the file, for messages. */
    public static PromptModelSpec parse(JsonNode root, Path where) {
        ModelJsonFields f = new ModelJsonFields(where);
        if (!(root instanceof ObjectNode obj)) {
            throw f.bad("model.json must hold a JSON object");
        }
        String format = f.text(obj, "format", "format", 64);
        if (!FORMAT.equals(format)) {
            throw f.bad("format must be '" + FORMAT + "' for a promptable network, got '" + ModelJsonFields.shown(format)
                    + "'" + (ModelSpec.FORMAT.equals(format) ? " (a segmentation model: use it with segment --model)" : ""));
        }
        f.onlyKnown(obj, "", TOP);
        String name = f.text(obj, "name", "name", ModelLimits.MAX_NAME_CHARS);
        String version = f.text(obj, "version", "version", ModelLimits.MAX_NAME_CHARS);
        if (!ModelLimits.PLAIN_NAME.matcher(name).matches() || !ModelLimits.PLAIN_NAME.matcher(version).matches()) {
            throw f.bad("name and version allow letters, digits and . _ + - only");
        }
        String modality = f.text(obj, "modality", "modality", ModelLimits.MAX_NAME_CHARS);
        if (!modality.equals("CT")) {
            throw f.bad("modality is '" + ModelJsonFields.shown(modality) + "'; LiverLens prompts on CT only");
        }
        ObjectNode input = f.object(obj, "input", "input");
        String dims = f.text(input, "dimensionality", "input.dimensionality", 8, D3);
        if (!D3.equals(dims) && !D2_5.equals(dims)) {
            throw f.bad("input.dimensionality is '" + ModelJsonFields.shown(dims) + "'; a prompt network is '" + D3
                    + "' or '" + D2_5 + "'");
        }
        boolean flat = D2_5.equals(dims);
        f.onlyKnown(input, "input", flat ? INPUT_2_5D : INPUT);
        int[] crop = f.ints(input.get("cropVoxels"), "input.cropVoxels", flat ? 2 : 3, flat ? 2 : 3, 16, 256);
        for (int q = 0; q < crop.length; q++) {
            if (crop[q] % 16 != 0) {
                throw f.outOfRange("input.cropVoxels[" + q + "]", crop[q], "a multiple of 16 (the network halves it 4 times)");
            }
        }
        double[] spacing = flat ? null : numbers(f, input, "spacingMm", 3, 0.25, 10,
                "(mm per voxel of the crop: x, y, z)");
        double[] pixelRange = flat ? numbers(f, input, "pixelMmRange", 2, 0.25, 10,
                "(the smallest and largest in-plane pixel size of the crop, chosen per prompt)") : null;
        if (pixelRange != null && pixelRange[0] > pixelRange[1]) {
            throw f.outOfRange("input.pixelMmRange", pixelRange[0] + " … " + pixelRange[1], "a low value not over the high one");
        }
        double sliceStep = flat ? f.number(input, "sliceStepMm", "input.sliceStepMm", 0.5, 10) : Double.NaN;
        double[] window = numbers(f, input, "windowHu", 2, -1024, 3071, "(the HU mapped to 0 and 1)");
        if (window[0] >= window[1]) {
            throw f.outOfRange("input.windowHu", window[0] + " … " + window[1], "a low value under the high one");
        }
        List<String> channels = flat ? CHANNELS_2_5D : CHANNELS;
        JsonNode ch = input.get("channels");
        if (ch == null || !ch.isArray() || ch.size() != channels.size()) {
            throw f.bad("input.channels must be " + channels + (flat ? "" : " (the image, then positive clicks, "
                    + "negative clicks, box)"));
        }
        for (int q = 0; q < channels.size(); q++) {
            if (!channels.get(q).equals(ch.get(q).asText())) {
                throw f.bad("input.channels must be " + channels + " in this order; found '"
                        + ModelJsonFields.shown(ch.get(q).asText()) + "' at " + q);
            }
        }
        double sigma = f.number(input, "clickSigmaMm", "input.clickSigmaMm", 0.5, 20);
        ObjectNode output = f.object(obj, "output", "output");
        f.onlyKnown(output, "output", OUTPUT);
        double threshold = f.number(output, "threshold", "output.threshold", 0.01, 0.99);
        ObjectNode network = f.object(obj, "network", "network");
        f.onlyKnown(network, "network", flat ? NETWORK_2_5D : NETWORK);
        String architecture = f.text(network, "architecture", "network.architecture", 64);
        String wanted = flat ? UNet2d.ARCHITECTURE : TORCHSCRIPT;
        if (!wanted.equals(architecture)) {
            throw f.bad("network.architecture is '" + ModelJsonFields.shown(architecture) + "'; a " + dims
                    + " promptable network must be '" + wanted + "'" + (flat ? " (with widths)"
                    : " (a traced or scripted PyTorch module)"));
        }
        int[] widths = flat ? f.ints(network.get("widths"), "network.widths", 2, 6, 1, 512) : null;
        if (widths != null && crop[0] % (1 << (widths.length - 1)) != 0) {
            throw f.outOfRange("input.cropVoxels", crop[0], "a multiple of " + (1 << (widths.length - 1))
                    + " for " + widths.length + " levels");
        }
        String file = f.text(network, "file", "network.file", ModelLimits.MAX_NAME_CHARS);
        ObjectNode filesNode = f.object(obj, "files", "files");
        Map<String, String> files = new LinkedHashMap<>();
        filesNode.fields().forEachRemaining(e -> files.put(e.getKey(), e.getValue().asText()));
        for (Map.Entry<String, String> e : files.entrySet()) {
            if (!e.getValue().matches("[0-9a-f]{64}")) {
                throw f.bad("files." + ModelJsonFields.shown(e.getKey()) + " must be a SHA-256 in 64 lower-case hex digits");
            }
        }
        if (!files.containsKey(file)) {
            throw f.bad("network.file '" + ModelJsonFields.shown(file) + "' is not listed in files with its SHA-256");
        }
        String licence = f.text(obj, "licence", "licence", 4096);
        return new PromptModelSpec(name, version, dims, crop, spacing, pixelRange, sliceStep, window, sigma, threshold,
                architecture, file, widths, Map.copyOf(files), licence);
    }

    private static double[] numbers(ModelJsonFields f, ObjectNode input, String field, int n, double min, double max,
                                    String meaning) {
        JsonNode v = input.get(field);
        if (v == null || !v.isArray() || v.size() != n) {
            throw f.bad("input." + field + " must be an array of " + n + " numbers " + meaning);
        }
        double[] out = new double[n];
        for (int q = 0; q < n; q++) {
            out[q] = f.number(v.get(q), "input." + field + "[" + q + "]", min, max);
        }
        return out;
    }
}
