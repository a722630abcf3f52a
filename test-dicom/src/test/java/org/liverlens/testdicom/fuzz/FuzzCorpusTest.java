package org.liverlens.testdicom.fuzz;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fuzz corpus: every case of every family, run through the command line and checked against
 * the invariants of {@link CorpusRunner}. A new family is a class with {@code static
 * List<FuzzCase> cases()} and one factory method here.
 */
class FuzzCorpusTest {
    @TempDir
    static Path work;

    static CorpusRunner runner;

    @BeforeAll
    static void makeBaseInputs() {
        runner = new CorpusRunner(new FuzzInputs(work.resolve("base")), work);
    }

    @TestFactory
    Stream<DynamicTest> dicomHeaderDamage() {
        return run(DicomHeaderCases.cases());
    }

    @TestFactory
    Stream<DynamicTest> seriesDamage() {
        return run(SeriesCases.cases());
    }

    @TestFactory
    Stream<DynamicTest> labelMapDamage() {
        return run(LabelMapCases.cases());
    }

    @TestFactory
    Stream<DynamicTest> segGeometryDamage() {
        return run(SegGeometryCases.cases());
    }

    @TestFactory
    Stream<DynamicTest> modelPackageSizes() {
        return run(ModelPackageCases.cases());
    }

    @TestFactory
    Stream<DynamicTest> outboxDamage() {
        return run(OutboxCases.cases());
    }

    @TestFactory
    Stream<DynamicTest> controlCharactersInNames() {
        return run(PrintedNameCases.cases());
    }

    /**
     * A command run in this JVM writes the case's LiverLens home, not the user's real one: the JVM
     * cannot change its environment, so the harness names the home by a system property.
     */
    @Test
    void aCommandInThisJvmWritesTheCaseHomeNotTheRealOne() throws Exception {
        FuzzCase c = FuzzCase.named("home-of-an-in-process-command")
                .run("nodes", "add", "pacs", "--aet", "PACS", "--host", "127.0.0.1", "--port", "104").expect(0);
        runner.check(c);
        assertTrue(Files.isRegularFile(work.resolve(c.name()).resolve("home/config.json")),
                "nodes add did not write the case's home (the real home is " + CorpusRunner.realHome() + ")");
    }

    private static Stream<DynamicTest> run(List<FuzzCase> cases) {
        return cases.stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> runner.check(c)));
    }
}
