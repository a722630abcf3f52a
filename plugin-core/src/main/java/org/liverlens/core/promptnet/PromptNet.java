package org.liverlens.core.promptnet;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

import org.liverlens.core.segment.Device;
import org.liverlens.core.segment.InferenceEngine;
import org.liverlens.core.segment.PromptModelSpec;
import org.liverlens.core.segment.UNet2d;
import org.liverlens.core.segment.UNetWeights;
import org.liverlens.core.work.InvalidInputException;

/**
 * A 2.5D prompt network ({@link PromptModelSpec}, {@code 2.5D}) loaded for inference on the CPU,
 * batch norm folded: crops of {@link SliceCrop#CHANNELS} channels in, the lesion's probability
 * (sigmoid of the logit) out. The shipped one comes from the class path ({@link #RESOURCE_FOLDER},
 * checked like any package: model.json, SHA-256, weights size), another from a package folder.
 */
public final class PromptNet implements AutoCloseable {
    /** Where the shipped network lies on the class path. */
    public static final String RESOURCE_FOLDER = "/org/liverlens/core/promptnet/prompt-model/";
    public static final String WEIGHTS = "promptnet.params";
    public static final String MODEL_JSON = "model.json";

    private final PromptModelSpec spec;
    private final Model model;
    private final Block run;
    private final String description;

    private PromptNet(PromptModelSpec spec, Model model, Block run, String description) {
        this.spec = spec;
        this.model = model;
        this.run = run;
        this.description = description;
    }

    public PromptModelSpec spec() {
        return spec;
    }

    /** Name and version, for findings and logs. */
    public String description() {
        return description;
    }

    /** Whether this build holds the shipped network. */
    public static boolean shippedExists() {
        return PromptNet.class.getResource(RESOURCE_FOLDER + MODEL_JSON) != null;
    }

    /** The shipped network; exit 3 naming how to make one when this build has none. */
    public static PromptNet shipped() {
        if (!shippedExists()) {
            throw new InvalidInputException("the learned prompt network is not part of this build", null,
                    "train one with 'liverlens train-prompt -o DIR' and give --prompt-model DIR, or use --method classical");
        }
        Path tmp = null;
        try {
            tmp = Files.createTempDirectory("liverlens-prompt-model");
            for (String name : new String[] {MODEL_JSON, WEIGHTS}) {
                try (InputStream in = PromptNet.class.getResourceAsStream(RESOURCE_FOLDER + name)) {
                    if (in == null) {
                        throw new IllegalStateException("the learned prompt network's " + name + " is missing from "
                                + "the build: rebuild LiverLens");
                    }
                    Files.copy(in, tmp.resolve(name), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            PromptNet net = open(tmp);
            return new PromptNet(net.spec, net.model, net.run, "shipped " + net.description);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            deleteQuietly(tmp);
        }
    }

    /** The package in {@code folder} (model.json with its SHA-256s, the weights), checked before loading. */
    public static PromptNet open(Path folder) {
        PromptModelSpec spec = PromptModelSpec.open(folder);
        if (!PromptModelSpec.D2_5.equals(spec.dimensionality())) {
            throw new InvalidInputException("this prompt model is " + spec.dimensionality() + " (" + spec.architecture()
                    + "); LiverLens runs 2.5D prompt networks of its own architecture only", folder.resolve(MODEL_JSON),
                    "give a package written by 'liverlens train-prompt'");
        }
        Path weights = folder.resolve(spec.file());
        UNet2d net = new UNet2d(SliceCrop.CHANNELS, 1, spec.widths());
        int c = spec.cropVoxels()[0];
        Shape shape = new Shape(1, SliceCrop.CHANNELS, c, c);
        return InferenceEngine.withDjlClassLoader(() -> {
            InferenceEngine engine = InferenceEngine.start(Device.CPU, note -> { });
            Model model = Model.newInstance("liverlens-prompt-net", engine.device(), InferenceEngine.PYTORCH);
            model.setBlock(net);
            try {
                net.initialize(model.getNDManager(), DataType.FLOAT32, shape);
                UNetWeights.load(net, model.getNDManager(), weights, "give a package written by 'liverlens train-prompt'");
                net.freezeParameters(true);
                return new PromptNet(spec, model, net.withBatchNormFolded(model.getNDManager(), shape),
                        spec.name() + " " + spec.version());
            } catch (RuntimeException e) {
                model.close();
                throw e;
            }
        });
    }

    /** Lesion probabilities of {@code batch} crops (input laid out [batch, channels, size, size]). */
    public synchronized float[] probabilities(float[] input, int batch) {
        int c = spec.cropVoxels()[0];
        return InferenceEngine.withDjlClassLoader(() -> {
            try (NDManager sub = model.getNDManager().newSubManager()) {
                NDArray x = sub.create(input, new Shape(batch, SliceCrop.CHANNELS, c, c));
                NDArray out = run.forward(new ParameterStore(sub, false), new NDList(x), false).singletonOrThrow();
                return out.getNDArrayInternal().sigmoid().toFloatArray();
            }
        });
    }

    @Override
    public void close() {
        model.close();
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary copy; the system cleans its temp folder
        }
    }
}
