package org.liverlens.core.segment;

import java.nio.file.Path;
import java.util.Set;

import org.liverlens.core.work.InvalidInputException;

/** The network architectures LiverLens can run, and the check that a package names one of them. */
final class ModelRuntimes {
    /** A TorchScript file run by DJL's PyTorch engine. */
    static final String TORCHSCRIPT = "torchscript";
    static final Set<String> KNOWN = Set.of(UNet2d.ARCHITECTURE, TORCHSCRIPT);

    private ModelRuntimes() {
    }

    static void checkArchitecture(ModelSpec spec, Path where) {
        String arch = spec.network().architecture();
        if (!KNOWN.contains(arch)) {
            throw new InvalidInputException("bad model package: unknown network architecture '" + arch + "'", where,
                    "this LiverLens runs " + String.join(", ", KNOWN.stream().sorted().toList())
                            + "; export other networks to TorchScript (docs/models.md)");
        }
        if (arch.equals(UNet2d.ARCHITECTURE)) {
            if (spec.network().widths().length < 2) {
                throw new InvalidInputException("bad model package: network.widths needs at least 2 levels for " + arch,
                        where, null);
            }
            if (spec.input().dimensionality() == ModelSpec.Dimensionality.D3) {
                throw new InvalidInputException("bad model package: " + arch + " is a 2D network, input says 3D", where, null);
            }
            int div = 1 << (spec.network().widths().length - 1);
            for (int p : spec.inference().patch()) {
                if (p % div != 0) {
                    throw new InvalidInputException("bad model package: patch size " + p + " is not a multiple of " + div,
                            where, null);
                }
            }
        }
    }
}
