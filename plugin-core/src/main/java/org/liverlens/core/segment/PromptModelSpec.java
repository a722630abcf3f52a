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
 * The slot for a learned promptable network (issue 15): the {@code model.json} of a prompt model
 * package, format {@value #FORMAT} (docs/models.md "Learned promptable networks"). The network
 * takes a CT crop around the prompt, resampled to {@code spacingMm}, with the image and one channel
 * each for positive clicks, negative clicks and the box, and gives the lesion's probability on the
 * same crop. Every field is checked when read; a bad one is refused (exit 3) with its name. No
 * network of this kind ships yet: the classical {@code RegionCompetition} is the prompt segmenter.
 */
public record PromptModelSpec(String name, String version, int[] cropVoxels, double[] spacingMm, double[] windowHu,
                              double clickSigmaMm, double threshold, String architecture, String file,
                              Map<String, String> files, String licence) {

    /** The format identifier in {@code model.json}. */
    public static final String FORMAT = "liverlens-prompt-model/1";
    /** The input channels, in this order: the network's contract. */
    public static final List<String> CHANNELS = List.of("image", "positive", "negative", "box");
    /** The one runtime a prompt network may use (a traced or scripted PyTorch module run by DJL). */
    public static final String TORCHSCRIPT = "torchscript";

    private static final Set<String> TOP = Set.of("format", "name", "version", "task", "modality", "input", "output",
            "network", "files", "licence", "intendedUse", "trainingData", "metrics");
    private static final Set<String> INPUT = Set.of("cropVoxels", "spacingMm", "windowHu", "channels", "clickSigmaMm");
    private static final Set<String> OUTPUT = Set.of("threshold");
    private static final Set<String> NETWORK = Set.of("architecture", "file");

    @Override
    public boolean equals(Object o) {
        return o instanceof PromptModelSpec s && name.equals(s.name) && version.equals(s.version)
                && Arrays.equals(cropVoxels, s.cropVoxels) && Arrays.equals(spacingMm, s.spacingMm)
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
        return "PromptModelSpec[" + name + " " + version + ", crop " + Arrays.toString(cropVoxels) + " at "
                + Arrays.toString(spacingMm) + " mm, " + architecture + " " + file + "]";
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
        f.onlyKnown(input, "input", INPUT);
        int[] crop = f.ints(input.get("cropVoxels"), "input.cropVoxels", 3, 3, 16, 256);
        for (int q = 0; q < 3; q++) {
            if (crop[q] % 16 != 0) {
                throw f.outOfRange("input.cropVoxels[" + q + "]", crop[q], "a multiple of 16 (the network halves it 4 times)");
            }
        }
        double[] spacing = new double[3];
        double[] window = new double[2];
        JsonNode sp = input.get("spacingMm");
        JsonNode wh = input.get("windowHu");
        if (sp == null || !sp.isArray() || sp.size() != 3) {
            throw f.bad("input.spacingMm must be an array of 3 numbers (mm per voxel of the crop: x, y, z)");
        }
        if (wh == null || !wh.isArray() || wh.size() != 2) {
            throw f.bad("input.windowHu must be an array of 2 numbers (the HU mapped to 0 and 1)");
        }
        for (int q = 0; q < 3; q++) {
            spacing[q] = f.number(sp.get(q), "input.spacingMm[" + q + "]", 0.25, 10);
        }
        for (int q = 0; q < 2; q++) {
            window[q] = f.number(wh.get(q), "input.windowHu[" + q + "]", -1024, 3071);
        }
        if (window[0] >= window[1]) {
            throw f.outOfRange("input.windowHu", window[0] + " … " + window[1], "a low value under the high one");
        }
        JsonNode ch = input.get("channels");
        if (ch == null || !ch.isArray() || ch.size() != CHANNELS.size()) {
            throw f.bad("input.channels must be " + CHANNELS + " (the image, then positive clicks, negative clicks, box)");
        }
        for (int q = 0; q < CHANNELS.size(); q++) {
            if (!CHANNELS.get(q).equals(ch.get(q).asText())) {
                throw f.bad("input.channels must be " + CHANNELS + " in this order; found '"
                        + ModelJsonFields.shown(ch.get(q).asText()) + "' at " + q);
            }
        }
        double sigma = f.number(input, "clickSigmaMm", "input.clickSigmaMm", 0.5, 20);
        ObjectNode output = f.object(obj, "output", "output");
        f.onlyKnown(output, "output", OUTPUT);
        double threshold = f.number(output, "threshold", "output.threshold", 0.01, 0.99);
        ObjectNode network = f.object(obj, "network", "network");
        f.onlyKnown(network, "network", NETWORK);
        String architecture = f.text(network, "architecture", "network.architecture", 64);
        if (!TORCHSCRIPT.equals(architecture)) {
            throw f.bad("network.architecture is '" + ModelJsonFields.shown(architecture) + "'; a promptable network "
                    + "must be '" + TORCHSCRIPT + "' (a traced or scripted PyTorch module)");
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
        return new PromptModelSpec(name, version, crop, spacing, window, sigma, threshold, architecture, file,
                Map.copyOf(files), licence);
    }
}
