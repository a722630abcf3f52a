package org.liverlens.core.inpaint;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

import org.liverlens.core.segment.Device;
import org.liverlens.core.segment.InferenceEngine;
import org.liverlens.core.segment.ModelPackage;
import org.liverlens.core.segment.UNet2d;
import org.liverlens.core.segment.UNetWeights;
import org.liverlens.core.work.InvalidInputException;

/**
 * The learned edit model loaded for sampling (batch norm folded, on the CPU): DDIM from noise drawn
 * from each patch's seed to the inpainted patch. The shipped weights come from the class path
 * ({@link #RESOURCE_FOLDER}, checked against the SHA-256 in its model.json); other weights (from
 * {@code liverlens train-edit}) from a file.
 */
public final class InpaintNetwork implements AutoCloseable {
    /** Where the shipped model lies on the class path. */
    public static final String RESOURCE_FOLDER = "/org/liverlens/core/inpaint/edit-model/";
    public static final String WEIGHTS = "edit-unet.params";
    public static final String MODEL_JSON = "model.json";
    /** DDIM steps per patch. */
    public static final int STEPS = 25;

    private final Model model;
    private final Block run;
    private final InpaintModel maths = new InpaintModel();
    private final String description;

    private InpaintNetwork(Model model, Block run, String description) {
        this.model = model;
        this.run = run;
        this.description = description;
    }

    /** What was loaded, for edit.json. */
    public String description() {
        return description;
    }

    /**
     * The shipped model. Missing from the build: exit 3 naming how to make one; weights that do not
     * match the SHA-256 of its model.json: an internal error (the build is broken).
     */
    public static InpaintNetwork shipped() {
        return shipped(RESOURCE_FOLDER);
    }

    /** The model in class-path folder {@code folder} (tests give a broken one). */
    static InpaintNetwork shipped(String folder) {
        JsonNode json;
        try (InputStream in = InpaintNetwork.class.getResourceAsStream(folder + MODEL_JSON)) {
            if (in == null) {
                throw new InvalidInputException("the learned edit model is not part of this build", null,
                        "train one with 'liverlens train-edit -o DIR' and give --weights DIR/" + WEIGHTS
                                + ", or use --backend classical");
            }
            json = new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Path tmp = null;
        try (InputStream in = InpaintNetwork.class.getResourceAsStream(folder + WEIGHTS)) {
            if (in == null) {
                throw new IllegalStateException("the learned edit model's " + WEIGHTS + " is missing from the build "
                        + "(its model.json is there): rebuild LiverLens");
            }
            tmp = Files.createTempFile("liverlens-edit-model", ".params");
            Files.copy(in, tmp, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            String sha = ModelPackage.sha256(tmp);
            String want = json.path("sha256").asText();
            if (!sha.equals(want)) {
                throw new IllegalStateException("the learned edit model's weights have SHA-256 " + sha + ", its model.json "
                        + "says " + want + ": the build is broken, rebuild LiverLens");
            }
            return load(tmp, "shipped " + json.path("name").asText() + " " + json.path("version").asText());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException e) {
                    // a temporary copy; the system cleans its temp folder
                }
            }
        }
    }

    /** Weights from {@code liverlens train-edit}; exit 3 when the file is missing or does not fit. */
    public static InpaintNetwork fromFile(Path weights) {
        if (!Files.isRegularFile(weights)) {
            throw new InvalidInputException("--weights: " + (Files.exists(weights) ? "not a file" : "no such file"),
                    weights, "give the " + WEIGHTS + " written by 'liverlens train-edit' (or a checkpoint of it)");
        }
        return load(weights, weights.toString());
    }

    private static InpaintNetwork load(Path file, String description) {
        UNet2d net = InpaintModel.network();
        String hint = "give weights written by 'liverlens train-edit' (" + WEIGHTS + " or a checkpoint edit-stepN.params)";
        UNetWeights.checkSize(file, InpaintModel.CHANNELS, 1, InpaintModel.WIDTHS, hint);
        return InferenceEngine.withDjlClassLoader(() -> {
            InferenceEngine engine = InferenceEngine.start(Device.CPU, note -> { });
            Model model = Model.newInstance("liverlens-edit-inpaint", engine.device(), InferenceEngine.PYTORCH);
            model.setBlock(net);
            Shape shape = new Shape(1, InpaintModel.CHANNELS, InpaintModel.PATCH, InpaintModel.PATCH);
            try {
                net.initialize(model.getNDManager(), DataType.FLOAT32, shape);
                UNetWeights.load(net, model.getNDManager(), file, hint);
                net.freezeParameters(true);
                return new InpaintNetwork(model, net.withBatchNormFolded(model.getNDManager(), shape), description);
            } catch (RuntimeException e) {
                model.close();
                throw e;
            }
        });
    }

    /**
     * One patch to inpaint: its HU (read outside the region), region, wanted lesion, attributes, pixel
     * size, noise seed; it is standardised by the liver around its region ({@link InpaintModel.Standard}).
     * A plain class, not a record: it carries arrays for one sampling call and is never compared.
     */
    public static final class Patch {
        private final float[] context;
        private final boolean[] region;
        private final boolean[] lesion;
        private final InpaintModel.Attributes attributes;
        private final InpaintModel.Standard standard;
        private final double pixelMm;
        private final long seed;

        public Patch(float[] hu, boolean[] region, boolean[] lesion, InpaintModel.Attributes attributes,
                     double pixelMm, long seed) {
            this.standard = InpaintModel.Standard.of(hu, region);
            this.context = new float[hu.length];
            for (int p = 0; p < hu.length; p++) {
                context[p] = standard.normalise(hu[p]);
            }
            this.region = region;
            this.lesion = lesion;
            this.attributes = attributes;
            this.pixelMm = pixelMm;
            this.seed = seed;
        }

        /** The standardised context. */
        float[] context() {
            return context;
        }

        /** The level and scale the patch was standardised by. */
        public InpaintModel.Standard standard() {
            return standard;
        }

        public boolean[] region() {
            return region;
        }

        public boolean[] lesion() {
            return lesion;
        }

        public InpaintModel.Attributes attributes() {
            return attributes;
        }

        public double pixelMm() {
            return pixelMm;
        }

        public long seed() {
            return seed;
        }
    }

    /** The inpainted patches in HU (every pixel; the caller keeps only the region's), one batch of DDIM. */
    public float[][] sample(List<Patch> patches, int steps) {
        int n = InpaintModel.PATCH * InpaintModel.PATCH;
        int b = patches.size();
        float[][] x = new float[b][];
        for (int i = 0; i < b; i++) {
            SplittableRandom rnd = new SplittableRandom(patches.get(i).seed());
            x[i] = new float[n];
            for (int p = 0; p < n; p++) {
                x[i][p] = (float) rnd.nextGaussian();
            }
        }
        float[][] x0 = new float[b][n];
        float[] in = new float[b * InpaintModel.CHANNELS * n];
        for (int s = steps; s >= 1; s--) {
            int t = s * InpaintModel.TIMESTEPS / steps;
            int tPrev = (s - 1) * InpaintModel.TIMESTEPS / steps;
            for (int i = 0; i < b; i++) {
                Patch q = patches.get(i);
                InpaintModel.input(x[i], q.context(), q.region(), q.lesion(), q.attributes(), q.standard(), q.pixelMm(),
                        t, in, i * InpaintModel.CHANNELS * n);
            }
            float[] v = forward(in, b);
            double ab = maths.alphaBar(t);
            double abPrev = maths.alphaBar(tPrev);
            double sa = Math.sqrt(ab);
            double sb = Math.sqrt(1 - ab);
            for (int i = 0; i < b; i++) {
                for (int p = 0; p < n; p++) {
                    double xt = x[i][p];
                    double pred = v[i * n + p];
                    double clean = Math.max(-InpaintModel.LIMIT, Math.min(InpaintModel.LIMIT, sa * xt - sb * pred));
                    double eps = (xt - sa * clean) / sb;
                    x0[i][p] = (float) clean;
                    x[i][p] = (float) (Math.sqrt(abPrev) * clean + Math.sqrt(1 - abPrev) * eps);
                }
            }
        }
        float[][] hu = new float[b][n];
        for (int i = 0; i < b; i++) {
            InpaintModel.Standard std = patches.get(i).standard();
            for (int p = 0; p < n; p++) {
                hu[i][p] = (float) std.toHu(x0[i][p]);
            }
        }
        return hu;
    }

    private float[] forward(float[] in, int b) {
        try (NDManager sub = model.getNDManager().newSubManager()) {
            NDArray x = sub.create(in, new Shape(b, InpaintModel.CHANNELS, InpaintModel.PATCH, InpaintModel.PATCH));
            NDArray out = run.forward(new ParameterStore(sub, false), new NDList(x), false).singletonOrThrow();
            return out.toFloatArray();
        }
    }

    @Override
    public void close() {
        model.close();
    }
}
