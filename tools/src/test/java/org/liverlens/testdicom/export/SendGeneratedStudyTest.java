package org.liverlens.testdicom.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.liverlens.core.export.OrthancPeer;
import org.liverlens.core.export.OutboxSender;
import org.liverlens.core.export.PacsExport;
import org.liverlens.core.export.SendReport;
import org.liverlens.core.work.Cancellation;
import org.liverlens.core.work.Progress;
import org.liverlens.core.work.UserHome;

/** A generated CT series and its SEG reach Orthanc by C-STORE and by STOW-RS, verified, and leave the outbox. */
class SendGeneratedStudyTest {
    @RegisterExtension
    static final OrthancPeer orthanc = OrthancPeer.perClass();

    @TempDir
    static Path data;

    private static GeneratedStudy study;

    @TempDir
    Path home;

    @BeforeAll
    static void start() throws Exception {
        study = GeneratedStudy.write(data, 41, 96, 96, 24);
    }

    private SendReport send(String destination) {
        PacsExport export = new PacsExport(new UserHome(home), Map.of());
        SendReport r = export.send(List.of(study.ctFolder(), study.seg()), destination,
                OutboxSender.Options.defaults().withVerify(true), Progress.NONE, Cancellation.NONE);
        assertTrue(export.list().isEmpty(), "the outbox ends empty");
        return r;
    }

    private static void assertDelivered(SendReport r, String verification) {
        assertNull(r.unavailable());
        assertEquals(25, r.instances().size());
        assertEquals(25, r.count(SendReport.State.SENT), r.instances().toString());
        assertEquals(verification, r.verification());
        assertTrue(r.removed());
        assertEquals(25, orthanc.sopInstanceUids().size());
    }

    @Test
    void byCStoreVerifiedWithCFind() {
        assertDelivered(send(orthanc.dicomUri()), "C-FIND");
    }

    @Test
    void byStowRsVerifiedWithQido() {
        assertDelivered(send(orthanc.dicomWebUrl().toString()), "QIDO-RS");
    }
}
