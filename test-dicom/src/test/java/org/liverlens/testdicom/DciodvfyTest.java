package org.liverlens.testdicom;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.liverlens.core.Dciodvfy;
import org.liverlens.core.work.Progress;

/** Our CT slices checked by an independent validator: dicom3tools' dciodvfy must report no errors. */
class DciodvfyTest {

    @ParameterizedTest
    @EnumSource(Phase.class)
    void dciodvfyReportsNoErrorsOnGeneratedSlices(Phase phase, @TempDir Path tmp) throws Exception {
        SyntheticCt.Params p = SyntheticCt.Params.defaults().withSize(72, 60, 5).withSpacing(5.5, 7.5).withPhase(phase)
                .withRandomLesions(1).withLesionDiameterRange(10, 25);
        new SyntheticCtWriter(2).write(new SyntheticCt(p), tmp.resolve("ct"), tmp.resolve("ground-truth"), Progress.NONE);
        for (String name : List.of("slice-0001.dcm", "slice-0003.dcm", "slice-0005.dcm")) {
            Dciodvfy.Report report = Dciodvfy.validate(tmp.resolve("ct").resolve(name));
            assertTrue(report.errors().isEmpty(), "dciodvfy found errors in " + name + " (" + phase + "):\n"
                    + report.output());
        }
    }
}
