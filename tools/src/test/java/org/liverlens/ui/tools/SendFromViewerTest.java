package org.liverlens.ui.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.liverlens.ui.tools.EditingToolsTest.awaitIdle;
import static org.liverlens.ui.tools.EditingToolsTest.onEdt;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.liverlens.core.export.OrthancPeer;
import org.liverlens.core.export.PacsExport;
import org.liverlens.core.seg.SegReader;
import org.liverlens.core.service.OutboxExportService;
import org.liverlens.core.work.UserHome;
import org.liverlens.ui.Case0697;
import org.liverlens.ui.view.ViewerPanel;

/**
 * The viewer's Send tool against a real PACS: Debian's Orthanc on loopback ({@link OrthancPeer}),
 * configured as a node in the tests' LiverLens home as {@code liverlens nodes add} would. The SEG is
 * saved from the viewer's segmentation (Segments tab, Save as SEG) and sent through the panel and the
 * real {@link OutboxExportService}, as the viewer's tool does. No mocks.
 */
class SendFromViewerTest {
    @RegisterExtension
    static final OrthancPeer orthanc = OrthancPeer.perClass();

    @Test
    void aSegSavedInTheViewerIsSentToTheConfiguredPacsAndThePanelSaysSent(@TempDir Path tmp) throws Exception {
        String node = "viewer-send-" + ProcessHandle.current().pid();
        PacsExport config = new PacsExport(UserHome.fromEnvironment(), Map.of());
        config.config().add(orthanc.dimseNode(node), true);
        try {
            ViewerPanel panel = Case0697.panel();
            SendPanel send = onEdt(() -> new SendPanel(panel, OutboxExportService::new));
            Path file = tmp.resolve("reviewed.dcm");
            assertTrue(onEdt(() -> panel.segmentPanel().saveAs(file)));
            awaitIdle(panel);
            String sop = new SegReader().read(file).sopInstanceUid();

            assertTrue(onEdt(() -> send.send(node)), panel.tasks().message());
            awaitIdle(panel);
            assertEquals("Sent to " + node + ": 1 instance(s) confirmed", panel.tasks().message());
            assertTrue(orthanc.sopInstanceUids().contains(sop), "Orthanc's REST API lists the SEG " + sop + ": "
                    + orthanc.sopInstanceUids());
            assertTrue(new OutboxExportService().outbox().stream().noneMatch(j -> j.destination().equals(node)),
                    "the confirmed job left the outbox");
        } finally {
            config.config().remove(node);
        }
    }
}
