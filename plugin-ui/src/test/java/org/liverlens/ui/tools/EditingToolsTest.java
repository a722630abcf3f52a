package org.liverlens.ui.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.event.InputEvent;
import java.awt.event.MouseEvent;
import java.awt.geom.Point2D;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import javax.swing.SwingUtilities;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.liverlens.core.prompt.RegionCompetition;
import org.liverlens.core.Dciodvfy;
import org.liverlens.core.cli.CliRun;
import org.liverlens.core.dicom.LoadOptions;
import org.liverlens.core.seg.SegDocument;
import org.liverlens.core.seg.SegReader;
import org.liverlens.core.segment.ModelInfo;
import org.liverlens.core.segment.SegmentationResult;
import org.liverlens.core.segment.SegmenterOptions;
import org.liverlens.core.service.ClassicalPromptService;
import org.liverlens.core.service.OutboxExportService;
import org.liverlens.core.service.SegmentationService;
import org.liverlens.core.volume.BitMask;
import org.liverlens.core.volume.HuVolume;
import org.liverlens.core.volume.LabelVolume;
import org.liverlens.core.work.Cancellation;
import org.liverlens.core.work.Progress;
import org.liverlens.ui.Case0697;
import org.liverlens.ui.view.Plane;
import org.liverlens.ui.view.SegmentLayer;
import org.liverlens.ui.view.SliceView;
import org.liverlens.ui.view.ViewerData;
import org.liverlens.ui.view.ViewerPanel;

/**
 * Drives the editing tools through the real viewer components (off screen) on radcttaceomics case
 * 0697 with its manual tumour SEG: the lesion tool with the real classical prompt service, save,
 * send through the real outbox, and auto segment with a segmentation service of known labels (the
 * model is not what is tested here; FelixSegmentationIT and the CLI tests run it).
 */
class EditingToolsTest {
    static ViewerData data;

    @BeforeAll
    static void load() {
        data = Case0697.data();
    }

    static ViewerPanel panel() throws Exception {
        return Case0697.panel();
    }

    static <T> T onEdt(Callable<T> c) throws Exception {
        Object[] r = new Object[1];
        Exception[] e = new Exception[1];
        SwingUtilities.invokeAndWait(() -> {
            try {
                r[0] = c.call();
            } catch (Exception x) {
                e[0] = x;
            }
        });
        if (e[0] != null) {
            throw e[0];
        }
        @SuppressWarnings("unchecked")
        T t = (T) r[0];
        return t;
    }

    /** Waits until the task bar's work is done and its result applied (bounded, so a hang fails). */
    static void awaitIdle(ViewerPanel panel) throws Exception {
        for (int i = 0; i < 1200; i++) {
            if (!onEdt(() -> panel.tasks().busy())) {
                onEdt(() -> null); // let done() run
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the task did not end: " + panel.tasks().message());
    }

    static void leftClick(SliceView view, Point2D at, int modifiers) throws Exception {
        int x = (int) at.getX();
        int y = (int) at.getY();
        SwingUtilities.invokeAndWait(() -> {
            view.dispatchEvent(new MouseEvent(view, MouseEvent.MOUSE_PRESSED, 0, InputEvent.BUTTON1_DOWN_MASK | modifiers,
                    x, y, 1, false, MouseEvent.BUTTON1));
            view.dispatchEvent(new MouseEvent(view, MouseEvent.MOUSE_RELEASED, 0, modifiers, x, y, 1, false,
                    MouseEvent.BUTTON1));
        });
    }

    /** The lesion tool on {@code panel} with the real classical prompt service, its click mode on. */
    static LesionPanel activeLesionTool(ViewerPanel panel) throws Exception {
        return onEdt(() -> {
            LesionPanel tool = new LesionPanel(panel, ClassicalPromptService::new);
            tool.setActive(true);
            return tool;
        });
    }

    @Test
    void aClickWithTheLesionToolAddsASegmentAndUndoRemovesItRedoBringsItBack() throws Exception {
        ViewerPanel panel = panel();
        LesionPanel tool = activeLesionTool(panel);
        SliceView axial = panel.view(Plane.AXIAL);
        int[] crosshair = panel.state().crosshair(); // the tumour's centroid on its RECIST slice
        leftClick(axial, axial.screenOf(crosshair), 0);
        awaitIdle(panel);

        assertEquals(2, panel.segmentation().layers().size(), panel.tasks().message());
        SegmentLayer added = panel.segmentation().layers().get(1);
        BitMask tumour = data.layers().get(0).mask();
        assertTrue(added.mask().dice(tumour) > 0.3, "the clicked lesion overlaps the manual tumour: Dice "
                + added.mask().dice(tumour));
        assertNotNull(added.lesion(), "the new lesion is measured");
        assertEquals(RegionCompetition.ALGORITHM, added.segment().algorithmName(), "its SEG names the method");
        assertEquals(added.number(), tool.lesionNumber(), "further clicks correct it");

        onEdt(() -> panel.segmentation().undo());
        assertEquals(1, panel.segmentation().layers().size(), "undo removes the lesion");
        onEdt(() -> panel.segmentation().redo());
        assertEquals(2, panel.segmentation().layers().size(), "redo brings it back");
        assertEquals(added.mask(), panel.segmentation().layers().get(1).mask());
    }

    @Test
    void theViewJumpsToTheAddedLesionsRecistSliceAndDrawsItsCalipers() throws Exception {
        ViewerPanel panel = panel();
        LesionPanel tool = activeLesionTool(panel);
        SliceView axial = panel.view(Plane.AXIAL);
        int[] c = panel.state().crosshair(); // the manual tumour's centroid on its RECIST slice
        onEdt(() -> {
            panel.state().setCrosshair(c[0], c[1], c[2] + 1); // a slice of the tumour that is not its RECIST slice
            return null;
        });
        int[] clicked = panel.state().crosshair();
        leftClick(axial, axial.screenOf(clicked), 0);
        awaitIdle(panel);

        SegmentLayer added = panel.segmentation().layer(tool.lesionNumber());
        assertNotNull(added, panel.tasks().message());
        var recist = added.lesion().recist();
        assertNotEquals(clicked[2], recist.slice(), "the click lies off the lesion's RECIST slice (test premise)");
        int[] now = panel.state().crosshair();
        assertEquals(recist.slice(), now[2], "the views jump to the lesion's RECIST slice");
        assertEquals(Math.round(added.lesion().centroidVoxel()[0]), now[0], "the crosshair at its centroid");
        assertEquals(Math.round(added.lesion().centroidVoxel()[1]), now[1]);
        assertSame(added.lesion(), axial.calipers(), "its calipers are drawn");
        int row = panel.segmentPanel().table().getSelectedRow();
        assertEquals(added.number(), (Integer) panel.segmentPanel().table().getValueAt(row, 3),
                "its row is selected, as if the user had clicked it");
    }

    @Test
    void aCtrlClickOnTheAddedLesionTakesPartOfItAwayAndUndoGivesItBack() throws Exception {
        ViewerPanel panel = panel();
        LesionPanel tool = activeLesionTool(panel);
        SliceView axial = panel.view(Plane.AXIAL);
        leftClick(axial, axial.screenOf(panel.state().crosshair()), 0);
        awaitIdle(panel);
        SegmentLayer added = panel.segmentation().layer(tool.lesionNumber());
        assertNotNull(added, panel.tasks().message());
        BitMask before = added.mask();
        long voxels = before.count();
        int[] c = panel.state().crosshair(); // the new lesion's centroid on its RECIST slice
        int edge = c[0];
        while (before.get(edge + 1, c[1], c[2])) {
            edge++;
        }
        int[] negative = {c[0] + (edge - c[0]) * 2 / 3, c[1], c[2]}; // inside it, towards its edge
        leftClick(axial, axial.screenOf(negative), InputEvent.CTRL_DOWN_MASK);
        awaitIdle(panel);
        long after = panel.segmentation().layer(added.number()).mask().count();
        assertTrue(after < voxels, "the Ctrl+click removed part of the lesion: " + voxels + " -> " + after + "; "
                + panel.tasks().message());
        assertTrue(after > 0, "and kept the rest");
        assertSame(added.lesion(), axial.calipers(), "the calipers are the corrected lesion's");
        onEdt(() -> panel.segmentation().undo());
        assertEquals(voxels, panel.segmentation().layer(added.number()).mask().count(), "undo gives it back");
        assertSame(added.lesion(), axial.calipers(), "and its calipers");
        onEdt(() -> panel.segmentation().undo());
        assertEquals(null, axial.calipers(), "undoing the lesion takes its calipers away");
    }

    /**
     * A LiverLens SEG holds the liver without its lesions: a click on a lesion segment is inside the
     * liver, as {@code liverlens prompt --seg} takes it (it was refused as "outside the liver mask").
     */
    @Test
    void aClickOnALesionSegmentOfALiverLensSegIsInsideTheLiver() throws Exception {
        ViewerPanel panel = panel();
        AutoSegmentPanel auto = onEdt(() -> new AutoSegmentPanel(panel, KnownLabels::new));
        assertTrue(onEdt(auto::start)); // the liver box without the tumour, and the tumour as "Lesion 1"
        awaitIdle(panel);
        assertEquals(3, panel.segmentation().layers().size(), panel.tasks().message());
        onEdt(() -> {
            panel.segmentation().remove(1); // only the liver and its lesion segment, as segment writes them
            return null;
        });
        LesionPanel tool = activeLesionTool(panel);
        SliceView axial = panel.view(Plane.AXIAL);
        leftClick(axial, axial.screenOf(panel.state().crosshair()), 0);
        awaitIdle(panel);
        assertEquals(3, panel.segmentation().layers().size(), panel.tasks().message());
        assertNotNull(panel.segmentation().layer(tool.lesionNumber()), panel.tasks().message());
    }

    @Test
    void aCtrlClickBeforeAnyLesionSaysWhatToDo() throws Exception {
        ViewerPanel panel = panel();
        activeLesionTool(panel);
        SliceView axial = panel.view(Plane.AXIAL);
        leftClick(axial, axial.screenOf(panel.state().crosshair()), InputEvent.CTRL_DOWN_MASK);
        assertEquals(1, panel.segmentation().layers().size());
        assertTrue(panel.tasks().message().contains("first click inside the lesion"), panel.tasks().message());
    }

    @Test
    void saveWritesAValidSegThatSegInfoReads(@TempDir Path tmp) throws Exception {
        ViewerPanel panel = panel();
        onEdt(() -> {
            panel.segmentation().rename(1, "Tumour reviewed");
            return null;
        });
        Path file = tmp.resolve("reviewed.dcm");
        assertTrue(onEdt(() -> panel.segmentPanel().saveAs(file)));
        awaitIdle(panel);

        assertTrue(Files.isRegularFile(file), panel.tasks().message());
        assertFalse(panel.segmentation().modified());
        assertEquals(file, panel.segmentation().savedFile());
        SegDocument doc = new SegReader().read(file);
        assertEquals(1, doc.segments().size());
        assertEquals("Tumour reviewed", doc.segments().get(0).label());
        CliRun.Result info = CliRun.run(null, "seg", "info", file.toString());
        assertEquals(0, info.exitCode(), info.err());
        assertTrue(info.out().contains("Tumour reviewed"), info.out());
        // The CT's study and series UIDs have illegal roots (test-data README): those errors are the source's.
        String study = data.loaded().stack().first().studyInstanceUid();
        String series = data.loaded().stack().first().seriesInstanceUid();
        Dciodvfy.Report report = Dciodvfy.validate(file);
        List<String> ours = report.errors().stream().filter(e -> !(e.contains("Illegal root for UID")
                && (e.endsWith("<" + study + ">") || e.endsWith("<" + series + ">")))).toList();
        assertEquals(List.of(), ours, report.output());
    }

    @Test
    void sendWithoutASavedSegSaysToSaveFirst() throws Exception {
        ViewerPanel panel = panel();
        SendPanel send = onEdt(() -> new SendPanel(panel, OutboxExportService::new));
        assertFalse(onEdt(() -> send.send("dicom://ORTHANC@127.0.0.1:9")));
        assertTrue(panel.tasks().message().contains("Save the segments first"), panel.tasks().message());
    }

    @Test
    void aSegSentToAPacsThatDoesNotAnswerWaitsInTheOutboxAndTheListShowsIt(@TempDir Path tmp) throws Exception {
        ViewerPanel panel = panel();
        OutboxExportService export = new OutboxExportService();
        SendPanel send = onEdt(() -> new SendPanel(panel, () -> export));
        Path file = tmp.resolve("seg.dcm");
        onEdt(() -> panel.segmentPanel().saveAs(file));
        awaitIdle(panel);
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort(); // closed again: nothing answers there
        }
        String destination = "dicom://NOBODY@127.0.0.1:" + port;
        assertTrue(onEdt(() -> send.send(destination)));
        awaitIdle(panel);
        assertTrue(panel.tasks().message().contains("did not answer"), panel.tasks().message());
        assertTrue(panel.tasks().message().contains("waits in the outbox"), panel.tasks().message());
        String sop = new SegReader().read(file).sopInstanceUid();
        assertTrue(export.outbox().stream().anyMatch(j -> j.destination().equals(destination)),
                "the job is queued for " + destination);
        for (int i = 0; i < 100 && send.outboxLines().stream().noneMatch(l -> l.contains(destination)); i++) {
            Thread.sleep(100); // the list is read on a worker after the send
        }
        assertTrue(send.outboxLines().stream().anyMatch(l -> l.contains(destination) && l.contains("queued")),
                send.outboxLines() + " (SEG " + sop + ")");
        export.outbox().stream().filter(j -> j.destination().equals(destination))
                .forEach(j -> new org.liverlens.core.export.PacsExport(org.liverlens.core.work.UserHome.fromEnvironment(),
                        Map.of()).clear(List.of(j.id())));
    }

    /** Known labels: the tumour of the manual SEG as label 2 inside a box of liver (label 1) around it. */
    static class KnownLabels implements SegmentationService {
        @Override
        public SegmentationResult segment(HuVolume ct, SegmenterOptions options, Progress progress,
                                          Cancellation cancel) {
            BitMask tumour = data.layers().get(0).mask();
            int[] box = tumour.boundingBox();
            LabelVolume labels = new LabelVolume(ct.geometry());
            for (int k = box[2]; k <= box[5]; k++) {
                for (int j = box[1] - 10; j <= box[4] + 10; j++) {
                    for (int i = box[0] - 10; i <= box[3] + 10; i++) {
                        labels.set(i, j, k, tumour.get(i, j, k) ? 2 : 1);
                    }
                }
            }
            return new SegmentationResult(labels, new ModelInfo("known labels", "1", null), Map.of());
        }

        @Override
        public SegmentationResult segment(Path folder, String seriesUid, LoadOptions load, SegmenterOptions options,
                                          Progress progress, Cancellation cancel) {
            throw new UnsupportedOperationException("the viewer segments the loaded volume");
        }
    }

    @Test
    void autoSegmentAddsTheLiverAndItsLesionsAsOneEdit() throws Exception {
        ViewerPanel panel = panel();
        AutoSegmentPanel tool = onEdt(() -> new AutoSegmentPanel(panel, KnownLabels::new));
        assertTrue(onEdt(tool::start));
        awaitIdle(panel);
        List<SegmentLayer> layers = panel.segmentation().layers();
        assertEquals(List.of("Liver", "Lesion 1"), layers.stream().map(SegmentLayer::label).toList().subList(1, 3),
                panel.tasks().message());
        assertEquals(List.of(1, 2, 3), layers.stream().map(SegmentLayer::number).toList());
        assertNotNull(layers.get(2).lesion(), "the lesion is measured");
        onEdt(() -> panel.segmentation().undo());
        assertEquals(1, panel.segmentation().layers().size(), "one undo takes the whole result back");
    }

    @Test
    void cancellingAutoSegmentAddsNothing() throws Exception {
        ViewerPanel panel = panel();
        SegmentationService waitsForCancel = new KnownLabels() {
            @Override
            public SegmentationResult segment(HuVolume ct, SegmenterOptions options, Progress progress,
                                              Cancellation cancel) {
                progress.begin("Segmenting", 100);
                while (true) {
                    cancel.check();
                    Thread.onSpinWait();
                }
            }
        };
        AutoSegmentPanel tool = onEdt(() -> new AutoSegmentPanel(panel, () -> waitsForCancel));
        assertTrue(onEdt(tool::start));
        assertTrue(onEdt(() -> panel.tasks().busy()), "the work runs off the event thread");
        onEdt(() -> {
            panel.tasks().cancel();
            return null;
        });
        awaitIdle(panel);
        assertEquals(1, panel.segmentation().layers().size());
        assertTrue(panel.tasks().message().endsWith("cancelled"), panel.tasks().message());
    }
}
