package org.liverlens.testdicom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.liverlens.core.volume.HuVolume;
import org.liverlens.core.volume.LabelVolume;
import org.liverlens.core.volume.VolumeGeometry;

/** The training cases' lesions come from plugin-core's synth, pasted into the rendered liver. */
class SyntheticTrainingLesionsTest {

    private static final SyntheticCt.Params PARAMS = SyntheticCt.Params.defaults().withSeed(5)
            .withSize(160, 160, 40).withSpacing(2.5, 5).withRandomLesions(3).withLesionDiameterRange(10, 40);

    private record Rendered(HuVolume hu, LabelVolume labels) {
    }

    private static Rendered render() {
        SyntheticCt ct = new SyntheticCt(PARAMS.withRandomLesions(0));
        HuVolume hu = HuVolume.allocate(ct.geometry(), (short) 0);
        LabelVolume labels = new LabelVolume(ct.geometry());
        SyntheticTrainingCases.render(ct, hu, labels);
        return new Rendered(hu, labels);
    }

    @Test
    void pastedLesionsAreLabelledOnLiverVoxelsAndRepeatForTheSeed() {
        Rendered before = render();
        Rendered a = render();
        Rendered b = render();
        int placed = SyntheticTrainingCases.pasteLesions(a.hu(), a.labels(), PARAMS, 5);
        SyntheticTrainingCases.pasteLesions(b.hu(), b.labels(), PARAMS, 5);
        assertEquals(3, placed);
        long lesion = 0;
        double lesionSum = 0;
        VolumeGeometry g = a.hu().geometry();
        for (int k = 0; k < g.slices(); k++) {
            assertArrayEquals(a.hu().slice(k), b.hu().slice(k), "slice " + k + " differs for the same seed");
            assertArrayEquals(a.labels().slice(k), b.labels().slice(k));
            short[] was = before.labels().slice(k);
            short[] now = a.labels().slice(k);
            for (int q = 0; q < now.length; q++) {
                if (now[q] == Label.LIVER_LESION.value()) {
                    assertEquals(Label.LIVER.value(), was[q], "lesion label off the liver at slice " + k);
                    lesion++;
                    lesionSum += a.hu().slice(k)[q] - before.hu().slice(k)[q];
                } else if (was[q] != Label.LIVER.value()) {
                    assertEquals(before.hu().slice(k)[q], a.hu().slice(k)[q], "changed outside the liver");
                }
            }
        }
        assertTrue(lesion > 50, "only " + lesion + " lesion voxels");
        assertTrue(Math.abs(lesionSum / lesion) > 5, "lesions differ from the liver by " + lesionSum / lesion + " HU");
    }
}
