package org.liverlens.testdicom;

import java.nio.file.Path;
import java.util.List;

import org.liverlens.core.cli.DemoData;
import org.liverlens.core.work.Progress;

/**
 * The embedded data set of {@code liverlens demo}: seed 20261127, 512 × 512 × 120 voxels of
 * 0.75 × 0.75 × 2.5 mm, portal venous phase, noise 12 HU, three lesions (a 32 mm and a 12 mm
 * hypodense one, an 18 mm hyperdense one) placed by the seed. The DICOM series goes to the given
 * folder, the ground truth to {@code ../ground-truth} beside it.
 */
public final class DefaultDemoData implements DemoData {
    /** The demo case's seed. */
    public static final long SEED = 20261127L;

    /** The parameters of the demo case. */
    public static SyntheticCt.Params params() {
        return SyntheticCt.Params.defaults()
                .withSeed(SEED)
                .withSize(512, 512, 120)
                .withSpacing(0.75, 2.5)
                .withPhase(Phase.PORTAL_VENOUS)
                .withNoise(12, true)
                .withLesions(List.of(
                        LesionSpec.random(LesionType.HYPODENSE, 32),
                        LesionSpec.random(LesionType.HYPERDENSE, 18),
                        LesionSpec.random(LesionType.HYPODENSE, 12)))
                .withPatient("SYNTHETIC^LIVER^DEMO", "LLSYN-DEMO");
    }

    @Override
    public String writeDefaultSeries(Path folder, Progress progress) {
        SyntheticCt ct = new SyntheticCt(params());
        Path groundTruth = groundTruthFolder(folder);
        new SyntheticCtWriter().write(ct, folder, groundTruth, progress);
        return ct.describe() + "; ground truth in " + groundTruth;
    }

    /** Where the ground truth of a series written to {@code dicomFolder} goes. */
    public static Path groundTruthFolder(Path dicomFolder) {
        Path abs = dicomFolder.toAbsolutePath().normalize();
        Path parent = abs.getParent();
        return parent == null ? abs.resolve("ground-truth") : parent.resolve("ground-truth");
    }
}
