package org.liverlens.core.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.liverlens.core.CliProcess;
import org.liverlens.core.TestData;
import org.liverlens.core.export.ExportFixtures;
import org.liverlens.core.export.NodeConfig;
import org.liverlens.core.export.OrthancPeer;
import org.liverlens.core.export.PacsExport;
import org.liverlens.core.work.UserHome;
import org.liverlens.tools.orthanc.LocalOrthanc;

/** {@code liverlens send}, {@code outbox} and {@code nodes} as a user runs them: child processes, exit codes, messages. */
class SendCommandTest {
    @RegisterExtension
    static final OrthancPeer orthanc = OrthancPeer.perClass();

    @TempDir
    Path home;

    @TempDir
    Path tmp;

    private CliProcess.Result cli(String... args) throws Exception {
        return CliProcess.run(home, Map.of(), args);
    }

    /** The outbox as the next command will find it (read in this JVM: one child process less per look). */
    private List<PacsExport.JobSummary> outboxJobs() {
        return new PacsExport(new UserHome(home), Map.of()).list();
    }

    private static String[] args(List<Path> files, String... rest) {
        List<String> a = new ArrayList<>(List.of("send"));
        files.forEach(f -> a.add(f.toString()));
        a.addAll(List.of(rest));
        return a.toArray(String[]::new);
    }

    @Test
    void inputThatIsNotDicomExits3NamingItAndQueuesNothing() throws Exception {
        Path txt = ExportFixtures.notDicom(tmp);
        CliProcess.Result r = cli(args(List.of(ExportFixtures.seg(), txt), "--to", orthanc.dicomUri()));
        assertEquals(3, r.exitCode(), r.toString());
        assertTrue(r.err().contains(txt.toString()) && r.err().contains("not a DICOM file"), r.err());
        assertTrue(outboxJobs().isEmpty());
        assertTrue(orthanc.sopInstanceUids().isEmpty());
    }

    @Test
    void aPacsThatIsNotRunningExits4KeepsTheJobAndALaterFlushDeliversIt() throws Exception {
        int dicomPort = LocalOrthanc.freePort();
        assertEquals(0, cli("nodes", "add", "later", "--aet", LocalOrthanc.DEFAULT_AET, "--host", "127.0.0.1",
                "--port", String.valueOf(dicomPort)).exitCode());
        List<Path> files = ExportFixtures.ctSeries().subList(0, 5);
        CliProcess.Result r = cli(args(files, "--to", "later", "--retries", "1"));
        assertEquals(4, r.exitCode(), r.toString());
        assertTrue(r.err().contains("connection refused") && r.err().contains("stays queued")
                && r.err().contains("liverlens outbox flush"), r.err());
        List<PacsExport.JobSummary> jobs = outboxJobs();
        assertEquals(1, jobs.size());
        assertEquals(5, jobs.get(0).instances());
        assertEquals(0, jobs.get(0).confirmed());
        assertEquals(2, jobs.get(0).attempts(), "one retry after a back-off");
        assertTrue(jobs.get(0).lastError().contains("connection refused"));

        // The PACS starts where the node points; the queued job goes out on the next flush.
        try (OrthancPeer later = OrthancPeer.start(LocalOrthanc.Options.defaults().withPorts(dicomPort,
                LocalOrthanc.freePort()))) {
            CliProcess.Result flush = cli("outbox", "flush", "--verify");
            assertEquals(0, flush.exitCode(), flush.toString());
            assertTrue(flush.out().contains("5 stored") && flush.out().contains("verified with C-FIND"), flush.out());
            assertEquals(5, later.sopInstanceUids().size());
        }
        assertTrue(outboxJobs().isEmpty());
    }

    @Test
    void instancesThePacsRefusesExit5EachListedAndStayInTheOutbox() throws Exception {
        Path bad = ExportFixtures.withoutSeriesUid(tmp);
        List<Path> ct = ExportFixtures.ctSeries();
        CliProcess.Result r = cli(args(List.of(ct.get(0), bad, ct.get(1)), "--to", orthanc.dicomUri()));
        assertEquals(5, r.exitCode(), r.toString());
        String failedLine = r.out().lines().filter(l -> l.startsWith("FAILED")).findFirst().orElseThrow();
        assertTrue(failedLine.contains("no-series-uid.dcm") && failedLine.contains("0xA700"), r.out());
        assertEquals(2, r.out().lines().filter(l -> l.startsWith("stored")).count(), r.out());
        assertTrue(r.err().contains("1 of 3 instance(s) were not stored") && r.err().contains("no-series-uid.dcm"), r.err());
        assertEquals(2, orthanc.sopInstanceUids().size());
        List<PacsExport.JobSummary> jobs = outboxJobs();
        assertEquals(1, jobs.size());
        assertEquals(2, jobs.get(0).confirmed());
        assertEquals(1, jobs.get(0).failed());
        CliProcess.Result list = cli("outbox", "list");
        assertTrue(list.out().contains("3 instance(s)") && list.out().contains("2 confirmed, 1 failed"), list.out());

        CliProcess.Result refuse = cli("outbox", "clear");
        assertEquals(2, refuse.exitCode(), refuse.toString());
        assertTrue(refuse.err().contains("--yes"), refuse.err());
        assertEquals(0, cli("outbox", "clear", "--yes").exitCode());
        assertTrue(outboxJobs().isEmpty());
    }

    @Test
    void stowToAWrongPathExits4AndKeepsTheJob() throws Exception {
        CliProcess.Result r = cli("send", ExportFixtures.seg().toString(), "--to", orthanc.dicomWebUrl() + "/wrong",
                "--retries", "0");
        assertEquals(4, r.exitCode(), r.toString());
        assertTrue(r.err().contains("HTTP 404") && r.err().contains("base URL"), r.err());
        assertEquals(1, outboxJobs().size());
    }

    @Test
    void aFolderAndASegGoOutByStowRsVerifiedWithQidoAndTheOutboxEndsEmpty() throws Exception {
        Path folder = TestData.path("radcttaceomics/0697/31_EQP_Ax5.00mm");
        CliProcess.Result r = cli("send", folder.toString(), ExportFixtures.seg().toString(), "--to",
                orthanc.dicomWebUrl().toString(), "--verify", "--json");
        assertEquals(0, r.exitCode(), r.toString());
        JsonNode report = new ObjectMapper().readTree(r.out());
        int n = ExportFixtures.ctSeries().size() + 1;
        assertEquals(n, report.get("instances").asInt());
        assertEquals(n, report.get("stored").asInt());
        assertEquals("QIDO-RS", report.get("verification").asText());
        assertTrue(report.get("removedFromOutbox").asBoolean());
        assertEquals(n, orthanc.sopInstanceUids().size());
        assertTrue(outboxJobs().isEmpty());
        assertFalse(Files.list(home.resolve("outbox")).findAny().isPresent(), "nothing left behind in the outbox folder");
    }

    @Test
    void nodesAreAddedListedEchoedAndRemovedWithoutSecrets() throws Exception {
        assertEquals(0, cli("nodes", "add", "pacs", "--aet", orthanc.aet(), "--host", "127.0.0.1", "--port",
                String.valueOf(orthanc.dicomPort())).exitCode());
        assertEquals(0, cli("nodes", "add", "web", "--url", orthanc.dicomWebUrl().toString(), "--user-env", "PACS_USER",
                "--password-env", "PACS_PASSWORD").exitCode());
        CliProcess.Result list = cli("nodes", "list");
        assertTrue(list.out().contains("pacs") && list.out().contains(orthanc.aet() + "@127.0.0.1:" + orthanc.dicomPort())
                && list.out().contains("$PACS_USER"), list.out());
        CliProcess.Result echo = cli("nodes", "echo", "pacs");
        assertEquals(0, echo.exitCode(), echo.toString());
        assertTrue(echo.out().contains("C-ECHO"), echo.out());
        CliProcess.Result web = CliProcess.run(home, Map.of("PACS_USER", "u", "PACS_PASSWORD", "p"), "nodes", "echo", "web");
        assertEquals(0, web.exitCode(), web.toString());
        assertTrue(web.out().contains("QIDO-RS"), web.out());
        String config = Files.readString(home.resolve("config.json"));
        assertFalse(config.contains("\"u\"") || config.contains("\"p\""), config);

        assertEquals(3, cli("nodes", "add", "bad", "--url", "https://alice:pw@pacs.example.org/dicom-web").exitCode());
        assertEquals(2, cli("nodes", "add", "both", "--aet", "A", "--host", "h", "--port", "104", "--url", "https://h/x")
                .exitCode());
        assertEquals(0, cli("nodes", "remove", "web").exitCode());
        assertEquals(List.of("pacs"), new NodeConfig(new UserHome(home).config()).nodes().stream().map(n -> n.name()).toList());
    }
}
