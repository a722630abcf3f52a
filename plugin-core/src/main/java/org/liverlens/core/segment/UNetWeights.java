package org.liverlens.core.segment;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import org.liverlens.core.work.InvalidInputException;

/**
 * A {@link UNet2d} weights file (DJL's parameter format) checked against the network it is meant
 * for: its size before anything is allocated, and every parameter's shape when loaded (DJL
 * replaces each array with the stored one without comparing shapes). Used for a package's
 * weights, for {@code train --resume} and for the learned edit model.
 */
public final class UNetWeights {
    /**
     * Bytes of header a DJL parameter file holds per stored tensor besides its float32 values (magic,
     * version, name, data type, shape): 127 for our U-Net; the bounds leave room on both sides.
     */
    static final int MIN_HEADER_BYTES_PER_TENSOR = 64;
    static final int MAX_HEADER_BYTES_PER_TENSOR = 256;

    private UNetWeights() {
    }

    /**
     * Refuses a file too small or too large for the parameters of a U-Net with these dimensions:
     * another architecture's file, other widths, or a truncated file.
     *
     * @param whatToDo the hint when it does not fit
     */
    public static void checkSize(Path file, int inChannels, int classes, int[] widths, String whatToDo) {
        long parameters = UNet2d.parameterCount(inChannels, classes, widths);
        long tensors = UNet2d.parameterTensors(widths.length);
        long least = parameters * Float.BYTES + tensors * MIN_HEADER_BYTES_PER_TENSOR;
        long most = parameters * Float.BYTES + tensors * MAX_HEADER_BYTES_PER_TENSOR;
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            throw new InvalidInputException("cannot read the weights file: " + e.getMessage(), file, whatToDo, e);
        }
        if (size < least || size > most) {
            throw new InvalidInputException(String.format(java.util.Locale.ROOT, "the weights do not fit %s with %d "
                    + "input channel(s), %d classes and widths %s: its %,d parameters in %,d tensors take %,d…%,d bytes, "
                    + "the file has %,d", UNet2d.ARCHITECTURE, inChannels, classes, Arrays.toString(widths), parameters,
                    tensors, least, most, size), file, whatToDo);
        }
    }

    /**
     * Loads {@code file} into {@code net}, which must be initialised: every stored parameter must have
     * the shape the network gave it, and nothing may follow the last one.
     *
     * @throws InvalidInputException naming the file and the first parameter that does not fit
     */
    public static void load(UNet2d net, NDManager manager, Path file, String whatToDo) {
        Map<String, Shape> expected = new LinkedHashMap<>();
        net.getParameters().forEach(p -> expected.put(p.getKey(), p.getValue().getArray().getShape()));
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            net.loadParameters(manager, in);
            net.getParameters().forEach(p -> {
                Shape got = p.getValue().getArray().getShape();
                if (!got.equals(expected.get(p.getKey()))) {
                    throw new IllegalStateException(p.getKey() + " is " + got + ", the network needs " + expected.get(p.getKey()));
                }
            });
            if (in.read() != -1) {
                throw new IllegalStateException("the file holds more parameters than the network has");
            }
        } catch (IOException | MalformedModelException | RuntimeException e) {
            throw new InvalidInputException("the weights do not fit " + UNet2d.ARCHITECTURE + " with widths "
                    + Arrays.toString(net.widths()) + " (" + e.getMessage() + ")", file, whatToDo, e);
        } catch (OutOfMemoryError e) {
            // DJL allocates each stored array at the size its header declares, before the shapes are compared
            throw new InvalidInputException("the weights file declares a parameter too large for memory; "
                    + UNet2d.ARCHITECTURE + " with widths " + Arrays.toString(net.widths()) + " has none that large",
                    file, whatToDo, e);
        }
    }
}
