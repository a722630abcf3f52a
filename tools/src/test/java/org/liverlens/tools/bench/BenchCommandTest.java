package org.liverlens.tools.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.liverlens.core.cli.CliRun;
import org.liverlens.core.segment.ReferenceCases;
import org.liverlens.tools.cases.RealCases;

/**
 * With the tools jar on the class path, the CLI finds {@code bench} through ServiceLoader with the
 * sub-commands and options it had inside the core, and {@code train}/{@code models evaluate} find
 * the real cases.
 */
class BenchCommandTest {
    /** Sub-command → options, as {@code bench} had them in org.liverlens.core (commit 6e002b2). */
    private static final Map<String, List<String>> OPTIONS = Map.of(
            "load", List.of("DIR", "--runs", "--warmup", "--cold-runs", "--no-peer", "--json"),
            "seg", List.of("CT_DIR", "--segments", "--runs", "--warmup", "--no-peer", "--json"),
            "send", List.of("CT_DIR", "SEG", "--runs", "--warmup", "--cold-runs", "--json"),
            "segment", List.of("DIR", "--model", "--runs", "--no-peer", "--no-glibc", "--json"),
            "prompt", List.of("--sizes", "--runs", "--warmup", "--json"),
            "edit", List.of("--slices", "--runs", "--warmup", "--json"),
            "edit-eval", List.of("--cases", "--seed", "--json", "--no-patches"),
            "lesions", List.of("PKG", "--cache", "--cached-only", "--variant", "--features", "--detail"));

    @Test
    void benchListsItsFiveBenchmarks() {
        CliRun.Result r = CliRun.run(null, "bench", "--help");
        assertEquals(0, r.exitCode(), r.out() + r.err());
        assertTrue(r.out().startsWith("Usage: liverlens bench [-hV] [--allow-gaps] [--debug] [--progress] [--quiet]"),
                r.out());
        for (String sub : OPTIONS.keySet()) {
            assertTrue(r.out().contains("\n  " + sub + " "), sub + " in\n" + r.out());
        }
    }

    @Test
    void everyBenchmarkKeepsItsOptions() {
        OPTIONS.forEach((sub, options) -> {
            CliRun.Result r = CliRun.run(null, "bench", sub, "--help");
            assertEquals(0, r.exitCode(), r.out() + r.err());
            for (String o : options) {
                assertTrue(r.out().contains(o), "bench " + sub + " " + o + " in\n" + r.out());
            }
        });
    }

    @Test
    void benchRefusesAMissingFolderAsBadInputNotAsMissingTools() {
        CliRun.Result r = CliRun.run(null, "bench", "load", "--no-peer", "--cold-runs", "0", "--runs", "1", "--warmup",
                "0", "/no/such/folder");
        assertEquals(3, r.exitCode(), r.out() + r.err());
        assertTrue(!r.err().contains("not installed"), r.err());
    }

    @Test
    void realCasesAreFoundThroughServiceLoader() {
        assertInstanceOf(RealCases.class, ReferenceCases.find());
    }

    @Test
    void editEvalPrintsItsSummaryAsOneLineOfJsonWithoutArrayIdentities() throws Exception {
        CliRun.Result r = CliRun.run(null, "bench", "edit-eval", "--cases", "1", "--no-model", "--no-patches", "--quiet");
        assertEquals(0, r.exitCode(), r.out() + r.err());
        String last = r.out().strip().lines().reduce((a, b) -> b).orElseThrow();
        assertTrue(last.startsWith("summary: {"), last);
        assertTrue(!last.contains("[D@") && !last.contains("[I@"), last);
        com.fasterxml.jackson.databind.JsonNode j = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(last.substring("summary: ".length()));
        assertEquals(1, j.get("cases").asInt(), last);
    }

    @Test
    void benchPromptReportsClickAndCorrectionLatencies() throws Exception {
        CliRun.Result r = CliRun.run(null, "bench", "prompt", "--sizes", "30", "--runs", "1", "--warmup", "0", "--json");
        assertEquals(0, r.exitCode(), r.out() + r.err());
        com.fasterxml.jackson.databind.JsonNode j = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.out());
        assertTrue(j.get("click 30 mm").get("medianMs").asDouble() > 0, r.out());
        assertTrue(j.get("click 30 mm").get("dice").asDouble() > 0.5, r.out());
        assertTrue(j.get("correction on 30 mm").get("negative").get("medianMs").asDouble() > 0, r.out());
        assertTrue(j.get("correction on 30 mm").get("positive").get("p95Ms").asDouble() > 0, r.out());
    }
}
