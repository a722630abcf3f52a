package org.liverlens.core.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.pixelmed.dicom.SOPClass;
import com.pixelmed.network.Association;
import com.pixelmed.network.PresentationContext;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.liverlens.tools.orthanc.LocalOrthanc;
import org.liverlens.core.dicom.TransferSyntaxes;
import org.liverlens.core.work.Cancellation;
import org.liverlens.core.work.PacsUnavailableException;

/** PixelMed's network quirks behind one adapter, against Orthanc and against a PACS that misbehaves. */
class PixelMedNetworkTest {
    @RegisterExtension
    static final OrthancPeer orthanc = OrthancPeer.perClass();

    private static final PixelMedNetwork.Timeouts SHORT = new PixelMedNetwork.Timeouts(Duration.ofMillis(800),
            Duration.ofSeconds(1));

    private static LinkedList<PresentationContext> verification() {
        return new LinkedList<>(List.of(new PresentationContext((byte) 1, SOPClass.Verification,
                new LinkedList<>(List.of(TransferSyntaxes.IMPLICIT_LE)))));
    }

    @Test
    void aRejectedAssociationIsATypedErrorWithResultSourceAndReason() {
        PacsNode.Dimse stranger = orthanc.dimseNode("orthanc", "STRANGER", orthanc.dicomPort());
        AssociationRejectedException e = assertThrows(AssociationRejectedException.class,
                () -> new DimseClient(stranger).echo());
        assertEquals(AssociationRejectedException.RESULT_PERMANENT, e.result());
        assertEquals(AssociationRejectedException.SOURCE_SERVICE_USER, e.source());
        assertEquals(AssociationRejectedException.REASON_CALLING_AET_NOT_RECOGNIZED, e.reason());
        assertFalse(e.isTransient());
        assertTrue(e.hint().orElseThrow().contains("STRANGER"), e.hint().orElseThrow());

        PacsNode.Dimse wrongCalled = new PacsNode.Dimse("orthanc", "NOT-ORTHANC", "127.0.0.1", orthanc.dicomPort(),
                OrthancPeer.CALLING_AET, false);
        AssociationRejectedException called = assertThrows(AssociationRejectedException.class,
                () -> new PixelMedNetwork(wrongCalled, SHORT).open(verification()));
        assertEquals(AssociationRejectedException.REASON_CALLED_AET_NOT_RECOGNIZED, called.reason());
        assertTrue(called.hint().orElseThrow().contains("--aet"), called.hint().orElseThrow());
    }

    @Test
    void aPacsThatAcceptsTcpButNeverAnswersTimesOut() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            PacsNode.Dimse node = orthanc.dimseNode("silent", OrthancPeer.CALLING_AET, silent.getLocalPort());
            PacsUnavailableException e = assertThrows(PacsUnavailableException.class,
                    () -> new DimseClient(node, SHORT).store(ExportFixtures.read(List.of(ExportFixtures.seg())), r -> { },
                            Cancellation.NONE));
            assertTrue(e.isTransient());
            assertTrue(e.getMessage().contains("no answer from PACS 'silent'") && e.getMessage().contains("within 800 ms"),
                    e.getMessage());
        }
    }

    @Test
    void anAssociationThatOpensAfterTheConnectTimeoutIsClosedNotLeftOpen() throws Exception {
        try (LoopbackRelay late = LoopbackRelay.delayingFirstReply(orthanc.dicomPort(), Duration.ofMillis(1500))) {
            PacsNode.Dimse node = orthanc.dimseNode("late", OrthancPeer.CALLING_AET, late.port());
            PacsUnavailableException e = assertThrows(PacsUnavailableException.class,
                    () -> new PixelMedNetwork(node, SHORT).open(verification()));
            assertTrue(e.getMessage().contains("within 800 ms"), e.getMessage());
            assertTrue(late.clientClosed.await(30, TimeUnit.SECONDS), "the association that opened late was closed");
        }
    }

    @Test
    void aPacsThatStopsAnsweringDuringCStoreTimesOutInsteadOfHanging() throws Exception {
        try (LoopbackRelay mute = LoopbackRelay.silentAfterFirstReply(orthanc.dicomPort())) {
            PacsNode.Dimse node = orthanc.dimseNode("mute", OrthancPeer.CALLING_AET, mute.port());
            PacsUnavailableException e = assertThrows(PacsUnavailableException.class,
                    () -> new DimseClient(node, new PixelMedNetwork.Timeouts(Duration.ofSeconds(10), Duration.ofSeconds(1)))
                            .store(ExportFixtures.read(List.of(ExportFixtures.seg())), r -> { }, Cancellation.NONE));
            assertTrue(e.isTransient());
            assertTrue(e.getMessage().contains("did not answer within 1 s during C-STORE"), e.getMessage());
        }
    }

    @Test
    void socketTuningThatCannotBeAppliedWarnsOnTheScopedLogger() {
        List<LogRecord> records = new ArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord r) {
                records.add(r);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger log = Logger.getLogger(PixelMedNetwork.LOGGER);
        log.addHandler(capture);
        try {
            Association a = new PixelMedNetwork(orthanc.dimseNode("orthanc"), SHORT).open(verification());
            PixelMedNetwork.abort(a); // its socket is closed now: nothing can be set on it
            assertFalse(PixelMedNetwork.tune(a, Duration.ofSeconds(1)));
        } finally {
            log.removeHandler(capture);
        }
        assertEquals(1, records.size());
        assertEquals(Level.WARNING, records.get(0).getLevel());
        assertTrue(records.get(0).getMessage().contains("cannot set a read time-out"), records.get(0).getMessage());
    }

    @Test
    void aRefusedCFindSaysThePacsRefusedTheQueryNotThatItIsDown() throws Exception {
        try (OrthancPeer refusing = OrthancPeer.start(LocalOrthanc.Options.defaults()
                .withLua("function IncomingFindRequestFilter(query, origin)\n  return false\nend\n"))) {
            PacsUnavailableException e = assertThrows(PacsUnavailableException.class,
                    () -> new DimseClient(refusing.dimseNode("orthanc")).instancesIn("1.2.3", "1.2.3.4"));
            assertTrue(e.getMessage().contains("refused the C-FIND"), e.getMessage());
            assertFalse(e.hint().orElse("").contains("running"), e.hint().orElse(""));
            assertFalse(e.isTransient());
        }
    }
}
