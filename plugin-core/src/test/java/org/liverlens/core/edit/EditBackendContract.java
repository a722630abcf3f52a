package org.liverlens.core.edit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.liverlens.core.volume.BitMask;

/**
 * The guarantees every edit backend keeps, on {@link EditPhantom}: voxels outside the edit region
 * bit-identical, the original untouched, the same voxels for the same seed, resize and insertion
 * where asked, and the same refusals. Each backend's test class extends this one.
 */
abstract class EditBackendContract {
    final EditParser parser = new EditParser();

    /** The backend under test. */
    abstract EditBackend backend();

    EditResult run(EditPhantom p, String instruction, long seed) {
        return backend().apply(p.scene(), parser.parse(instruction), seed);
    }

    @Test
    void everyVoxelOutsideTheEditRegionIsBitIdentical() {
        EditPhantom p = new EditPhantom(1);
        EditResult r = run(p, "remove lesion 1 and grow lesion 2 by 20% and add a 8 mm hypodense lesion at 80,50,8", 7);
        long outsideDiffering = 0;
        long changed = 0;
        for (int k = 0; k < EditPhantom.SIZE[2]; k++) {
            short[] a = p.ct.slice(k);
            short[] b = r.edited().slice(k);
            for (int q = 0; q < a.length; q++) {
                if (a[q] != b[q]) {
                    changed++;
                    if (!r.region().getIndex(k, q)) {
                        outsideDiffering++;
                    }
                    assertTrue(r.changed().getIndex(k, q));
                }
            }
        }
        assertEquals(0, outsideDiffering);
        assertEquals(changed, r.changed().count());
        assertTrue(changed > 1000, changed + " voxels changed");
        assertEquals(3, r.stats().size());
    }

    @Test
    void theOriginalVolumeIsNotTouched() {
        EditPhantom p = new EditPhantom(1);
        EditPhantom same = new EditPhantom(1);
        run(p, "remove all lesions", 3);
        for (int k = 0; k < EditPhantom.SIZE[2]; k++) {
            assertTrue(java.util.Arrays.equals(same.ct.slice(k), p.ct.slice(k)), "slice " + k);
        }
    }

    @Test
    void theSameSeedGivesTheSameVoxelsAndAnotherSeedOtherNoise() {
        EditPhantom p = new EditPhantom(1);
        String instruction = "remove lesion 1 and add a 10 mm rim-enhancing lesion at 80,50,8";
        EditResult a = run(p, instruction, 11);
        EditResult b = run(p, instruction, 11);
        EditResult c = run(p, instruction, 12);
        boolean differs = false;
        for (int k = 0; k < EditPhantom.SIZE[2]; k++) {
            assertTrue(java.util.Arrays.equals(a.edited().slice(k), b.edited().slice(k)), "slice " + k);
            differs |= !java.util.Arrays.equals(a.edited().slice(k), c.edited().slice(k));
        }
        assertTrue(differs);
    }

    @Test
    void shrinkingMakesTheLesionSmallerAndGrowingLarger() {
        EditPhantom p = new EditPhantom(4);
        long before = p.lesions.get(0).count();
        EditResult shrunk = run(p, "shrink lesion 1 by 50%", 1);
        EditResult grown = run(p, "grow lesion 1 by 30%", 1);
        long small = shrunk.lesionsAfter().get(0).count();
        long large = grown.lesionsAfter().get(0).count();
        assertTrue(small < 0.3 * before && small > 0.05 * before, small + " of " + before);
        assertTrue(large > 1.8 * before && large < 2.6 * before, large + " of " + before);
    }

    @Test
    void aLesionNumberBeyondTheSegIsRefused() {
        EditPhantom p = new EditPhantom(1);
        InvalidEditException e = assertThrows(InvalidEditException.class, () -> run(p, "remove lesion 7", 1));
        assertTrue(e.getMessage().contains("lesion 7") && e.getMessage().contains("2 lesions"), e.getMessage());
    }

    @Test
    void aLesionOutsideTheLiverIsRefused() {
        EditPhantom p = new EditPhantom(1);
        InvalidEditException e = assertThrows(InvalidEditException.class,
                () -> run(p, "add a 10 mm lesion at 5,5,8", 1));
        assertTrue(e.getMessage().contains("not in the liver"), e.getMessage());
        // centre inside, but most of it out (the liver's edge, where the heart would be)
        InvalidEditException edge = assertThrows(InvalidEditException.class,
                () -> run(p, "add a 30 mm lesion at 80,17,8", 1));
        assertTrue(edge.getMessage().contains("outside the liver"), edge.getMessage());
    }

    @Test
    void anInsertionNearALesionLandsInTheLiverBesideIt() {
        EditPhantom p = new EditPhantom(1);
        EditResult r = run(p, "add a 8 mm hyperdense lesion near lesion 2", 1);
        BitMask added = r.lesionsAfter().get(2);
        assertTrue(added.count() > 20);
        for (int k = 0; k < EditPhantom.SIZE[2]; k++) {
            for (int q = 0; q < EditPhantom.SIZE[0] * EditPhantom.SIZE[1]; q++) {
                if (added.getIndex(k, q)) {
                    assertTrue(p.liver.getIndex(k, q));
                    assertFalse(p.lesions.get(1).getIndex(k, q));
                }
            }
        }
    }

    @Test
    void aLesionRemovedTwiceIsRefused() {
        EditPhantom p = new EditPhantom(1);
        assertThrows(InvalidEditException.class, () -> run(p, "remove lesion 1 and grow lesion 1 by 10%", 1));
    }
}
