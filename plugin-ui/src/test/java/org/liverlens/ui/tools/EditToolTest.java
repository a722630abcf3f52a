package org.liverlens.ui.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.liverlens.core.TestData;
import org.liverlens.core.dicom.ScanResult;
import org.liverlens.core.seg.Segment;
import org.liverlens.core.seg.SegReader;
import org.liverlens.core.seg.SegmentSet;
import org.liverlens.core.service.CounterfactualEditService;
import org.liverlens.core.service.DicomSeriesService;
import org.liverlens.core.work.Cancellation;
import org.liverlens.core.work.Progress;
import org.liverlens.ui.view.DerivedSeries;
import org.liverlens.ui.view.SegmentLayer;
import org.liverlens.ui.view.ViewerPanel;

/**
 * The edit tool with the real counterfactual edit service (classical backend) on radcttaceomics 0697:
 * its tumour SEG is shown and its manual liver SEG added as a segment, so the scene needs no model.
 */
class EditToolTest {
    static final Path LIVER = TestData.path("radcttaceomics/0697/31_EQP_Ax5.00mm_ManualROI_Liver.dcm");

    private static ViewerPanel panelWithLiver() throws Exception {
        ViewerPanel panel = EditingToolsTest.panel();
        SegReader reader = new SegReader();
        SegmentSet liver = reader.mapOnto(reader.read(LIVER), panel.data().loaded().stack()).segments();
        Segment s = liver.segments().get(0);
        EditingToolsTest.onEdt(() -> {
            panel.segmentation().add(new SegmentLayer(s.withNumber(panel.segmentation().nextNumber()), 0xdd8265,
                    false, liver.asBinary(s.number()), null));
            return null;
        });
        return panel;
    }

    @Test
    void removingALesionWritesACounterfactualThatOpensBesideTheOriginalWithItsMarking(@TempDir Path tmp)
            throws Exception {
        ViewerPanel panel = panelWithLiver();
        AtomicReference<Path> compared = new AtomicReference<>();
        panel.setComparer(compared::set);
        EditPanel tool = EditingToolsTest.onEdt(() -> new EditPanel(panel, CounterfactualEditService::new));
        EditingToolsTest.onEdt(() -> {
            tool.setInstruction("remove lesion 1");
            tool.setOutput(tmp.resolve("cf"));
            return tool.start();
        });
        EditingToolsTest.awaitIdle(panel);

        Path series = compared.get();
        assertNotNull(series, "the counterfactual opens beside the original: " + panel.tasks().message());
        assertTrue(Files.isDirectory(series));
        ScanResult scan = new DicomSeriesService().scan(series, Progress.NONE, Cancellation.NONE);
        var header = scan.series().get(0).first();
        assertNotNull(DerivedSeries.marking(header), "the derived series is marked: " + header.seriesDescription());
        assertNull(DerivedSeries.marking(panel.data().loaded().stack().first()), "the original is not");
        int[] c = panel.state().crosshair(); // the tumour's centroid
        var derived = new DicomSeriesService().load(scan.series().get(0).primaryStack().orElseThrow(),
                org.liverlens.core.dicom.LoadOptions.STRICT, Progress.NONE, Cancellation.NONE).volume();
        assertNotEquals(panel.data().loaded().volume().get(c[0], c[1], c[2]), derived.get(c[0], c[1], c[2]),
                "the lesion's voxels changed");
        assertEquals(panel.data().loaded().volume().get(5, 5, c[2]), derived.get(5, 5, c[2]), "far ones did not");
    }

    @Test
    void anInstructionThatIsNotUnderstoodIsAMessageAndWritesNothing(@TempDir Path tmp) throws Exception {
        ViewerPanel panel = panelWithLiver();
        AtomicReference<Path> compared = new AtomicReference<>();
        panel.setComparer(compared::set);
        EditPanel tool = EditingToolsTest.onEdt(() -> new EditPanel(panel, CounterfactualEditService::new));
        EditingToolsTest.onEdt(() -> {
            tool.setInstruction("paint the spleen blue");
            tool.setOutput(tmp.resolve("cf"));
            return tool.start();
        });
        EditingToolsTest.awaitIdle(panel);
        assertNull(compared.get());
        assertTrue(Files.notExists(tmp.resolve("cf")), "nothing written");
        assertTrue(panel.tasks().message().startsWith("Edit \u201cpaint the spleen blue\u201d: "),
                panel.tasks().message());
    }
}
