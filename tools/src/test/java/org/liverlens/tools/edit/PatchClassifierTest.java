package org.liverlens.tools.edit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.liverlens.core.edit.EditBackend;
import org.liverlens.core.edit.EditRequest;
import org.liverlens.core.edit.EditResult;
import org.liverlens.core.edit.EditScene;
import org.liverlens.core.volume.BitMask;
import org.liverlens.core.volume.HuVolume;
import org.liverlens.core.volume.VolumeGeometry;

/**
 * The edited-vs-native patch classifier tells a crude fill (the lesion painted with the flat mean of the
 * parenchyma around it) from native parenchyma almost perfectly, and cannot tell native parenchyma from
 * native parenchyma (AUC near 0.5): the two ends of the scale its AUC for a real backend is read on.
 */
class PatchClassifierTest {
    private static final int CASES = 8;

    @Test
    void aFlatMeanFillIsToldFromNativeParenchyma() {
        List<PatchClassifier.CasePatches> cases = new ArrayList<>();
        for (long seed = 7000; seed < 7000 + CASES; seed++) {
            FillPatches.Sample s = FillPatches.sample(EditEvaluation.scene(seed), new FlatFill(), seed);
            cases.add(new PatchClassifier.CasePatches(s.edited(), s.nativePatches()));
        }
        PatchClassifier.Auc auc = PatchClassifier.evaluate(cases, 1);
        System.out.println("flat fill: " + auc);
        assertTrue(auc.auc() > 0.95, "AUC " + auc);
        assertTrue(auc.edited() > 50 && auc.nativePatches() > 50, "patches " + auc);
    }

    /**
     * Two independent draws of native patches (the same shapes placed at random in the same livers),
     * labelled as if one were edited: four repeats, their mean AUC within 0.08 of 0.5 and none above 0.7
     * (one repeat of eight cases spreads about ±0.06; a classifier scored on its own training cases
     * would sit well above 0.5).
     */
    @Test
    void nativeParenchymaCannotBeToldFromNativeParenchyma() {
        List<EditScene> scenes = new ArrayList<>();
        for (long seed = 7000; seed < 7000 + CASES; seed++) {
            scenes.add(EditEvaluation.scene(seed));
        }
        double sum = 0;
        for (int repeat = 1; repeat <= 4; repeat++) {
            List<PatchClassifier.CasePatches> cases = new ArrayList<>();
            for (int c = 0; c < CASES; c++) {
                long seed = 7000 + c + repeat * 1000L;
                FillPatches.Sample a = FillPatches.sample(scenes.get(c), new FlatFill(), seed);
                FillPatches.Sample b = FillPatches.sample(scenes.get(c), new FlatFill(), seed + 500);
                cases.add(new PatchClassifier.CasePatches(a.nativePatches(), b.nativePatches()));
            }
            PatchClassifier.Auc auc = PatchClassifier.evaluate(cases, repeat);
            System.out.println("native vs native, repeat " + repeat + ": " + auc);
            assertTrue(auc.auc() < 0.7, "repeat " + repeat + ": AUC " + auc);
            sum += auc.auc();
        }
        assertTrue(Math.abs(sum / 4 - 0.5) < 0.08, "mean AUC " + sum / 4);
    }

    @Test
    void aucCountsTiesAsHalfAWin() {
        List<double[][]> scores = List.<double[][]>of(new double[][] {{1, 2, 3}, {0, 2, 5}});
        // pairs won by the edited score: 1>0; 2>0, 2=2 (half); 3>0, 3>2 -> 4.5 of 9
        assertEquals(4.5 / 9, PatchClassifier.auc(scores, new int[] {0}), 1e-12);
    }

    /** The crude fill: each lesion and its 1-voxel in-plane margin in the liver take the parenchyma's flat mean. */
    private static final class FlatFill implements EditBackend {
        @Override
        public String name() {
            return "flat";
        }

        @Override
        public EditResult apply(EditScene scene, EditRequest request, long seed) {
            int n = Integer.parseInt(request.instruction().replaceAll("\\D+", ""));
            BitMask lesion = scene.lesions().get(n - 1);
            HuVolume ct = scene.ct();
            VolumeGeometry g = ct.geometry();
            BitMask region = new BitMask(g);
            BitMask all = new BitMask(g);
            scene.lesions().forEach(all::addAll);
            double sum = 0;
            long count = 0;
            int[] box = lesion.boundingBox();
            for (int k = box[2]; k <= box[5]; k++) {
                for (int j = Math.max(0, box[1] - 8); j <= Math.min(g.rows() - 1, box[4] + 8); j++) {
                    for (int i = Math.max(0, box[0] - 8); i <= Math.min(g.columns() - 1, box[3] + 8); i++) {
                        if (near(lesion, i, j, k)) {
                            if (lesion.get(i, j, k) || (scene.liver().get(i, j, k) && !all.get(i, j, k))) {
                                region.set(i, j, k, true);
                            }
                        } else if (scene.liver().get(i, j, k) && !all.get(i, j, k)) {
                            sum += ct.get(i, j, k);
                            count++;
                        }
                    }
                }
            }
            HuVolume out = org.liverlens.core.edit.ClassicalBackend.copyOf(ct);
            short mean = (short) Math.round(sum / count);
            for (int k = 0; k < g.slices(); k++) {
                for (int p = 0; p < g.columns() * g.rows(); p++) {
                    if (region.getIndex(k, p)) {
                        out.slice(k)[p] = mean;
                    }
                }
            }
            return new EditResult(request, name(), seed, out, region, region, List.of(), List.of());
        }

        private static boolean near(BitMask m, int i, int j, int k) {
            for (int dj = -1; dj <= 1; dj++) {
                for (int di = -1; di <= 1; di++) {
                    if (m.geometry().contains(i + di, j + dj, k) && m.get(i + di, j + dj, k)) {
                        return true;
                    }
                }
            }
            return false;
        }
    }
}
