package org.liverlens.core.segment;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.file.Path;

import org.liverlens.core.seg.Codes;
import org.liverlens.core.seg.CodedConcept;
import org.liverlens.core.work.InvalidInputException;

/**
 * The network LiverLens ships and trains ({@code liverlens train}): a 2.5D U-Net
 * ({@link UNet2d}, widths 16-32-64-128-128) on 2 mm axial pixels with the slices 5 mm above and
 * below as extra channels, HU clipped to [−200, 300] and scaled by (HU − 50)/125, three classes
 * (background, liver, tumour). This class writes its {@code model.json}; the weights come from
 * training.
 */
public final class DefaultModel {
    /** Name of the shipped model. */
    public static final String NAME = "liverlens-liver-unet2.5d";
    /** Where the shipped package lies on the class path (model.json and the weights). */
    public static final String RESOURCE_FOLDER = "/org/liverlens/core/segment/default-model/";
    /** The weights file inside the package. */
    public static final String WEIGHTS = "unet.params";
    static final int[] WIDTHS = {16, 32, 64, 128, 128};
    static final double SPACING_MM = 2.0;
    static final double CONTEXT_MM = 5.0;
    static final int PATCH = 192;

    private DefaultModel() {
    }

    /**
     * Refuses a package whose network or input is not the default model's (fine-tuning loads its
     * weights into {@link #network()} and prepares crops as the default model does).
     *
     * @throws InvalidInputException naming what differs
     */
    public static void requireSameArchitecture(ModelPackage pkg) {
        ModelSpec spec = pkg.spec();
        ModelSpec.NetworkSpec n = spec.network();
        if (!UNet2d.ARCHITECTURE.equals(n.architecture()) || !java.util.Arrays.equals(WIDTHS, n.widths())
                || n.classes() != 3) {
            throw new InvalidInputException("fine-tuning needs a package of the default architecture ("
                    + UNet2d.ARCHITECTURE + ", widths " + java.util.Arrays.toString(WIDTHS) + ", 3 classes); "
                    + spec.name() + " has " + n.architecture(), pkg.folder(), "fine-tune the default model or one made from it");
        }
        ModelSpec.InputSpec mine = input();
        ModelSpec.InputSpec theirs = spec.input();
        boolean same = mine.dimensionality() == theirs.dimensionality()
                && java.util.Arrays.equals(mine.spacingMm(), theirs.spacingMm())
                && mine.contextSlices() == theirs.contextSlices() && mine.contextSpacingMm() == theirs.contextSpacingMm()
                && mine.clipLowHu() == theirs.clipLowHu() && mine.clipHighHu() == theirs.clipHighHu()
                && mine.mean() == theirs.mean() && mine.sd() == theirs.sd();
        if (!same) {
            throw new InvalidInputException("fine-tuning needs the default model's input preparation; " + spec.name()
                    + " prepares its input differently", pkg.folder(), "fine-tune the default model or one made from it");
        }
    }

    /** How the default model prepares its input (the {@code input} of its model.json). */
    static ModelSpec.InputSpec input() {
        return ModelSpec.parse(modelJson("0", "0".repeat(64), new ObjectMapper().createObjectNode(), null),
                Path.of("model.json")).input();
    }

    /** A fresh network of the default architecture. */
    public static UNet2d network() {
        return new UNet2d(3, 3, WIDTHS);
    }

    /**
     * The {@code model.json} of a package holding {@code weightsSha256} for {@link #WEIGHTS}.
     *
     * @param trainingData the data card (sources, licences, counts, recipe)
     * @param metrics      measured scores, or null
     */
    public static ObjectNode modelJson(String version, String weightsSha256, ObjectNode trainingData, ObjectNode metrics) {
        ObjectMapper m = new ObjectMapper();
        ObjectNode root = m.createObjectNode();
        root.put("format", ModelSpec.FORMAT);
        root.put("name", NAME);
        root.put("version", version);
        root.put("task", "liver and liver tumour segmentation on abdominal CT");
        root.put("modality", "CT");
        ArrayNode labels = root.putArray("labels");
        labels.addObject().put("value", 0).put("name", "background").put("role", "background");
        label(labels.addObject(), 1, "liver", "liver", Codes.ANATOMICAL_STRUCTURE, Codes.LIVER, 221, 130, 101);
        label(labels.addObject(), 2, "tumour", "tumour", Codes.MORPHOLOGICALLY_ALTERED_STRUCTURE, Codes.NEOPLASM, 250, 210, 0);
        ObjectNode input = root.putObject("input");
        input.put("dimensionality", "2.5D");
        input.set("spacingMm", ModelSpec.spacingJson(m, new double[] {SPACING_MM, SPACING_MM, Double.NaN}));
        input.put("contextSlices", 1);
        input.put("contextSpacingMm", CONTEXT_MM);
        ObjectNode intensity = input.putObject("intensity");
        intensity.putArray("clipHu").add(-200).add(300);
        intensity.put("mean", 50.0);
        intensity.put("sd", 125.0);
        ObjectNode inference = root.putObject("inference");
        inference.putArray("patch").add(PATCH).add(PATCH);
        inference.put("overlap", 0.25);
        inference.put("sigmaScale", 0.125);
        inference.put("batchSize", 8);
        inference.putArray("mirrorAxes");
        ObjectNode post = root.putObject("postprocess");
        post.put("largestLiverComponent", true);
        post.put("tumourMarginMm", 5.0);
        post.put("minLesionMl", 0.05);
        post.set("lesionRules", LesionRules.toJson(LesionRules.DEFAULT));
        ObjectNode network = root.putObject("network");
        network.put("architecture", UNet2d.ARCHITECTURE);
        network.put("file", WEIGHTS);
        network.put("classes", 3);
        ArrayNode w = network.putArray("widths");
        for (int x : WIDTHS) {
            w.add(x);
        }
        network.put("outputs", "logits");
        root.putObject("files").put(WEIGHTS, weightsSha256);
        root.put("licence", "Apache-2.0 (weights trained by LiverLens on synthetic CT and on labelled CT under "
                + "Apache-2.0, BSD-3-Clause and CC BY 4.0; see trainingData). Attribution (CC BY 4.0): TotalSegmentator "
                + "dataset v2.0.1, subject s0009, Wasserthal J. et al., 'TotalSegmentator: robust segmentation of 104 "
                + "anatomic structures in CT images', Radiology: Artificial Intelligence 2023, doi 10.1148/ryai.230024; "
                + "dataset doi 10.5281/zenodo.6802613; changes: its NIfTI CT converted to DICOM, its liver label to NRRD, "
                + "voxels unchanged");
        root.put("intendedUse", "Research and demonstration: automatic liver and liver-lesion outlines on axial "
                + "abdominal CT for review by a radiologist. Not a medical device; not validated for diagnosis.");
        root.set("trainingData", trainingData);
        if (metrics != null) {
            root.set("metrics", metrics);
        }
        return root;
    }

    /** Pretty JSON text of a model.json tree. */
    public static String toText(ObjectNode json) {
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(json) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void label(ObjectNode n, int value, String name, String role, CodedConcept category, CodedConcept type,
                              int r, int g, int b) {
        n.put("value", value).put("name", name).put("role", role);
        n.set("category", code(category));
        n.set("type", code(type));
        n.putArray("colour").add(r).add(g).add(b);
    }

    private static ObjectNode code(CodedConcept c) {
        ObjectNode o = new ObjectMapper().createObjectNode();
        o.put("code", c.value()).put("scheme", c.scheme()).put("meaning", c.meaning());
        return o;
    }

    /** Unused path hint for readers of this class: the package folder in the source tree. */
    static Path sourceFolder(Path repoRoot) {
        return repoRoot.resolve("plugin-core/src/main/resources" + RESOURCE_FOLDER);
    }
}
