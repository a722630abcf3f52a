package org.liverlens.tools.edit;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.liverlens.core.edit.EditBackend;
import org.liverlens.core.edit.EditParser;
import org.liverlens.core.edit.EditResult;
import org.liverlens.core.edit.EditScene;
import org.liverlens.core.volume.BitMask;
import org.liverlens.core.volume.HuVolume;
import org.liverlens.core.volume.VolumeGeometry;

/**
 * Edited and native parenchyma patches of one scene, as texture feature vectors ({@link PatchFeatures}):
 * every lesion is removed on its own ("remove lesion N"), and each axial slice of its fill region
 * with at least {@link #MIN_PIXELS} voxels is one edited patch, measured on the edited CT; each edited
 * patch gets one native twin: the same shape moved to a random place of the original liver (any slice)
 * that lies on liver only, at least {@link #CLEAR_VOXELS} voxels in-plane from every lesion. Same shape,
 * same features: only the content differs.
 */
final class FillPatches {
    static final int MIN_PIXELS = 12;
    static final int CLEAR_VOXELS = 3;

    /** Feature vectors of the edited patches and of their native twins (those that found a place). */
    record Sample(List<double[]> edited, List<double[]> nativePatches) {
    }

    private FillPatches() {
    }

    static Sample sample(EditScene scene, EditBackend backend, long seed) {
        HuVolume hu = scene.ct();
        VolumeGeometry g = hu.geometry();
        BitMask forbidden = grown(scene.lesions(), g);
        BitMask nativeContext = new BitMask(g);
        nativeContext.addAll(scene.liver());
        BitMask lesions = new BitMask(g);
        for (BitMask m : scene.lesions()) {
            lesions.addAll(m);
        }
        List<double[]> edited = new ArrayList<>();
        List<double[]> natives = new ArrayList<>();
        SplittableRandom rnd = new SplittableRandom(seed ^ 0x5DEECE66DL);
        int cols = g.columns();
        for (int n = 1; n <= scene.lesions().size(); n++) {
            EditResult r = backend.apply(scene, new EditParser().parse("remove lesion " + n), seed * 31 + n);
            for (int k = 0; k < g.slices(); k++) {
                if (r.region().countSlice(k) < MIN_PIXELS) {
                    continue;
                }
                List<Integer> shape = new ArrayList<>();
                for (int p = 0; p < cols * g.rows(); p++) {
                    if (r.region().getIndex(k, p)) {
                        shape.add(p);
                    }
                }
                int[] px = shape.stream().mapToInt(Integer::intValue).toArray();
                edited.add(PatchFeatures.of(r.edited(), k, px, scene.liver(), lesions));
                int[] twin = place(px, k, scene.liver(), forbidden, rnd);
                if (twin != null) {
                    natives.add(PatchFeatures.of(hu, twin[0], java.util.Arrays.copyOfRange(twin, 1, twin.length),
                            scene.liver(), lesions));
                }
            }
        }
        return new Sample(edited, natives);
    }

    /** {slice, pixels...} of the shape moved to a random clean liver place, or null after 400 tries. */
    static int[] place(int[] px, int k0, BitMask liver, BitMask forbidden, SplittableRandom rnd) {
        VolumeGeometry g = liver.geometry();
        int cols = g.columns();
        int[] lb = liver.boundingBox();
        int ci = px[0] % cols;
        int cj = px[0] / cols;
        for (int t = 0; t < 400; t++) {
            int k = lb[2] + rnd.nextInt(lb[5] - lb[2] + 1);
            int di = lb[0] + rnd.nextInt(lb[3] - lb[0] + 1) - ci;
            int dj = lb[1] + rnd.nextInt(lb[4] - lb[1] + 1) - cj;
            int[] out = new int[px.length + 1];
            out[0] = k;
            boolean ok = true;
            for (int q = 0; q < px.length && ok; q++) {
                int i = px[q] % cols + di;
                int j = px[q] / cols + dj;
                ok = g.contains(i, j, k) && liver.get(i, j, k) && !forbidden.get(i, j, k);
                out[q + 1] = j * cols + i;
            }
            if (ok) {
                return out;
            }
        }
        return null;
    }

    /** The lesions grown by {@link #CLEAR_VOXELS} voxels in-plane (square). */
    static BitMask grown(List<BitMask> lesions, VolumeGeometry g) {
        BitMask out = new BitMask(g);
        int r = CLEAR_VOXELS;
        for (BitMask m : lesions) {
            for (int k = 0; k < g.slices(); k++) {
                if (m.isSliceEmpty(k)) {
                    continue;
                }
                for (int j = 0; j < g.rows(); j++) {
                    for (int i = 0; i < g.columns(); i++) {
                        if (!m.get(i, j, k)) {
                            continue;
                        }
                        for (int dj = -r; dj <= r; dj++) {
                            for (int di = -r; di <= r; di++) {
                                if (g.contains(i + di, j + dj, k)) {
                                    out.set(i + di, j + dj, k, true);
                                }
                            }
                        }
                    }
                }
            }
        }
        return out;
    }
}
