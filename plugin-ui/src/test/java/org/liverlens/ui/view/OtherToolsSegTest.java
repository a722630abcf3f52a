package org.liverlens.ui.view;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Dimension;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import javax.swing.SwingUtilities;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.liverlens.core.TestData;
import org.liverlens.core.measure.SegmentColours;
import org.liverlens.core.seg.Codes;
import org.liverlens.core.seg.Segment;
import org.liverlens.core.seg.SegReader;
import org.liverlens.core.seg.SegWriter;
import org.liverlens.core.seg.SegWriterOptions;
import org.liverlens.core.service.DicomSeriesService;
import org.liverlens.core.volume.BitMask;
import org.liverlens.core.volume.VolumeGeometry;
import org.liverlens.core.work.Cancellation;
import org.liverlens.core.work.Progress;
import org.liverlens.ui.Case0697;
import org.liverlens.ui.app.Screenshot;
import org.liverlens.ui.edit.EditHistory;
import org.liverlens.ui.edit.Segmentation;

/**
 * SEGs written by other tools open in the viewer and every segment is drawn, in its colour, in the
 * axial view through it (off screen). The radcttaceomics manual SEG (highdicom, red in CIELab) is
 * {@code ViewerPanelTest.segmentShowsInItsRecommendedColourAtTheLesionInTheAxialView}.
 */
class OtherToolsSegTest {

    /**
     * highdicom's CT SEG on pydicom's CT_small (one slice). Its multi-frame CT SEGs reference
     * dicomdirtests' CT2, four slices with a 202 mm gap, which the viewer refuses as {@code segment}
     * does (the gap, not the SEG: exit 3 naming it).
     */
    @Test
    void highdicomsSegIsDrawnOnTheCtItReferences() throws Exception {
        List<SegmentLayer> layers = everySegmentIsDrawnInItsColour(TestData.path("pydicom-data/CT_small.dcm"),
                TestData.path("highdicom/seg_image_ct_binary_single_frame.dcm")).layers();
        assertEquals(1, layers.size());
        assertEquals(1832, layers.get(0).mask().count(), "the pixels highdicom's README gives");
    }

    @Test
    void dcmqisLiverSegWithItsOldSnomedCodesIsDrawnAsLiver() throws Exception {
        ViewerData data = everySegmentIsDrawnInItsColour(TestData.path("dcmqi/data/segmentations/ct-3slice"),
                TestData.path("dcmqi/data/segmentations/liver.dcm"));
        List<SegmentLayer> layers = data.layers();
        assertEquals(1, layers.size());
        assertTrue(Codes.isLiver(layers.get(0).segment()), "SRT T-62000 is the liver");
        assertArrayEquals(SegOverlay.centroid(layers.get(0).mask()), data.startVoxel(),
                "with no lesion segment the viewer starts on the centre of the largest segment");
    }

    /** Weasis hides SEGs of more than 400 frames (its issue #680); the viewer has no frame limit. */
    @Test
    void aSegOfOverAThousandFramesIsDrawn(@TempDir Path tmp) throws Exception {
        ViewerData ct = ViewerData.load(new DicomSeriesService(), Case0697.CT, null, Progress.NONE, Cancellation.NONE);
        VolumeGeometry g = ct.loaded().volume().geometry();
        List<SegmentLayer> boxes = new ArrayList<>();
        for (int n = 1; n <= 24; n++) { // 24 segments on every one of the 44 slices: 1056 frames
            BitMask box = new BitMask(g);
            int i0 = 60 + (n - 1) % 6 * 64;
            int j0 = 120 + (n - 1) / 6 * 64;
            for (int k = 0; k < g.slices(); k++) {
                for (int j = j0; j < j0 + 40; j++) {
                    for (int i = i0; i < i0 + 40; i++) {
                        box.set(i, j, k, true);
                    }
                }
            }
            int[] rgb = SegmentColours.lesion(n);
            boxes.add(new SegmentLayer(Segment.manual(n, "Box " + n, Codes.MORPHOLOGICALLY_ALTERED_STRUCTURE,
                    Codes.NEOPLASM, null), (rgb[0] << 16) | (rgb[1] << 8) | rgb[2], false, box, null));
        }
        Path seg = tmp.resolve("boxes.dcm");
        new SegWriter().write(new Segmentation(g, boxes, EditHistory.DEFAULT_BUDGET_BYTES).toSegmentSet(),
                ct.loaded().stack(), SegWriterOptions.defaults(), seg);
        assertTrue(new SegReader().read(seg).numberOfFrames() > 1000, "frames: "
                + new SegReader().read(seg).numberOfFrames());
        assertEquals(24, everySegmentIsDrawnInItsColour(Case0697.CT, seg).layers().size());
    }

    /** Opens the CT with the SEG and, on the axial slice through each segment's centroid, finds its colour. */
    private static ViewerData everySegmentIsDrawnInItsColour(Path ct, Path seg) throws Exception {
        ViewerData data = ViewerData.load(new DicomSeriesService(), ct, seg, Progress.NONE, Cancellation.NONE);
        ViewerPanel[] panel = new ViewerPanel[1];
        SwingUtilities.invokeAndWait(() -> {
            panel[0] = new ViewerPanel(data);
            Screenshot.render(panel[0], new Dimension(1400, 860));
        });
        SliceView axial = panel[0].view(Plane.AXIAL);
        for (SegmentLayer layer : data.layers()) {
            int[] c = SegOverlay.centroid(layer.mask());
            BufferedImage[] shot = new BufferedImage[1];
            SwingUtilities.invokeAndWait(() -> {
                panel[0].state().setCrosshair(c[0], c[1], c[2]);
                shot[0] = axial.snapshot();
            });
            int n = 0;
            for (int y = 0; y < shot[0].getHeight(); y++) {
                for (int x = 0; x < shot[0].getWidth(); x++) {
                    n += (shot[0].getRGB(x, y) & 0xffffff) == layer.rgb() ? 1 : 0;
                }
            }
            assertTrue(n >= 4, "segment " + layer.number() + " \"" + layer.label() + "\" of " + seg.getFileName()
                    + " is drawn in its colour on slice " + c[2] + ": " + n + " pixels");
        }
        return data;
    }
}
