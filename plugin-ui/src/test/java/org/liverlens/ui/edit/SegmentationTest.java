package org.liverlens.ui.edit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.liverlens.core.seg.Codes;
import org.liverlens.core.seg.Segment;
import org.liverlens.core.seg.SegmentSet;
import org.liverlens.core.volume.BitMask;
import org.liverlens.ui.view.SegmentLayer;

class SegmentationTest {

    static SegmentLayer lesion(int number, BitMask mask) {
        return new SegmentLayer(Segment.manual(number, "Lesion " + number, Codes.MORPHOLOGICALLY_ALTERED_STRUCTURE,
                Codes.NEOPLASM, null), 0xff0000, false, mask, null);
    }

    static Segmentation empty(long budget) {
        return new Segmentation(MaskDiffTest.GRID, List.of(), budget);
    }

    @Test
    void undoRemovesAnAddedSegmentAndRedoBringsBackItsVoxels() {
        Segmentation s = empty(EditHistory.DEFAULT_BUDGET_BYTES);
        BitMask ball = MaskDiffTest.ball(100, 100, 50, 8);
        s.add(lesion(1, ball));
        assertTrue(s.undo());
        assertTrue(s.layers().isEmpty(), "undo removes the segment");
        assertTrue(s.redo());
        assertEquals(1, s.layers().size());
        assertEquals(MaskDiffTest.ball(100, 100, 50, 8), s.layer(1).mask(), "redo restores every voxel");
        assertEquals("Lesion 1", s.layer(1).label());
    }

    @Test
    void aDeletedSegmentComesBackInItsPlaceOnUndo() {
        Segmentation s = empty(EditHistory.DEFAULT_BUDGET_BYTES);
        s.add(lesion(1, MaskDiffTest.ball(100, 100, 50, 4)));
        s.add(lesion(2, MaskDiffTest.ball(200, 100, 50, 6)));
        s.add(lesion(3, MaskDiffTest.ball(300, 100, 50, 4)));
        s.remove(2);
        assertEquals(List.of(1, 3), s.layers().stream().map(SegmentLayer::number).toList());
        s.undo();
        assertEquals(List.of(1, 2, 3), s.layers().stream().map(SegmentLayer::number).toList());
        assertEquals(MaskDiffTest.ball(200, 100, 50, 6), s.layer(2).mask());
    }

    @Test
    void renameIsUndone() {
        Segmentation s = empty(EditHistory.DEFAULT_BUDGET_BYTES);
        s.add(lesion(1, MaskDiffTest.ball(100, 100, 50, 4)));
        s.rename(1, "Segment IV metastasis");
        assertEquals("Segment IV metastasis", s.layer(1).label());
        s.undo();
        assertEquals("Lesion 1", s.layer(1).label());
    }

    @Test
    void aMaskChangeIsUndoneAndRedoneInPlace() {
        Segmentation s = empty(EditHistory.DEFAULT_BUDGET_BYTES);
        s.add(lesion(1, MaskDiffTest.ball(100, 100, 50, 6)));
        s.changeMask(1, MaskDiffTest.ball(104, 100, 50, 9), null, "grow");
        assertEquals(MaskDiffTest.ball(104, 100, 50, 9), s.layer(1).mask());
        s.undo();
        assertEquals(MaskDiffTest.ball(100, 100, 50, 6), s.layer(1).mask());
        s.redo();
        assertEquals(MaskDiffTest.ball(104, 100, 50, 9), s.layer(1).mask());
    }

    @Test
    void aNewEditDropsWhatCouldBeRedone() {
        Segmentation s = empty(EditHistory.DEFAULT_BUDGET_BYTES);
        s.add(lesion(1, MaskDiffTest.ball(100, 100, 50, 4)));
        s.undo();
        s.add(lesion(2, MaskDiffTest.ball(200, 100, 50, 4)));
        assertFalse(s.redo());
        assertEquals(List.of(2), s.layers().stream().map(SegmentLayer::number).toList());
    }

    @Test
    void theHistoryForgetsItsOldestEditsPastItsMemoryBudget() {
        // balls moved along k only: each diff has the same words, so the same size
        long oneEdit = MaskDiff.of(MaskDiffTest.ball(100, 100, 35, 30)).bytes() + 64;
        Segmentation s = empty(oneEdit * 3 + oneEdit / 2); // room for three such edits
        for (int n = 1; n <= 10; n++) {
            s.add(lesion(n, MaskDiffTest.ball(100, 100, 35 * n, 30)));
        }
        assertEquals(3, s.history().undoDepth(), "three edits kept");
        assertTrue(s.history().bytes() <= s.history().budgetBytes(), "within the budget: " + s.history().bytes());
        int undone = 0;
        while (s.undo()) {
            undone++;
        }
        assertEquals(3, undone);
        assertEquals(7, s.layers().size(), "the seven oldest additions can no longer be undone");
    }

    @Test
    void theNewestEditIsKeptWhateverItsSize() {
        Segmentation s = empty(1);
        s.add(lesion(1, MaskDiffTest.ball(100, 100, 50, 10)));
        assertTrue(s.undo());
        assertNull(s.layer(1));
    }

    @Test
    void theSavedSetIsNumberedFromOneWithoutGaps() {
        Segmentation s = empty(EditHistory.DEFAULT_BUDGET_BYTES);
        s.add(lesion(1, MaskDiffTest.ball(100, 100, 50, 4)));
        s.add(lesion(2, MaskDiffTest.ball(200, 100, 50, 6)));
        s.add(lesion(3, MaskDiffTest.ball(300, 100, 50, 4)));
        s.remove(1);
        SegmentSet set = s.toSegmentSet();
        assertEquals(List.of(1, 2), set.segments().stream().map(Segment::number).toList());
        assertEquals(MaskDiffTest.ball(200, 100, 50, 6), set.mask(1));
        assertEquals("Lesion 2", set.segment(1).label());
    }

    @Test
    void editsMarkTheSegmentsModifiedUntilSaved() {
        Segmentation s = empty(EditHistory.DEFAULT_BUDGET_BYTES);
        assertFalse(s.modified());
        s.add(lesion(1, MaskDiffTest.ball(100, 100, 50, 4)));
        assertTrue(s.modified());
        s.saved(java.nio.file.Path.of("seg.dcm"));
        assertFalse(s.modified());
        s.undo();
        assertTrue(s.modified(), "undoing a saved edit differs from the file");
    }
}
