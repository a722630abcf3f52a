package org.liverlens.testdicom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.liverlens.core.work.Progress;

class ReproducibilityTest {
    private static final SyntheticCt.Params SMALL = SyntheticCt.Params.defaults()
            .withSize(96, 80, 10).withSpacing(4, 8).withRandomLesions(2).withLesionDiameterRange(10, 30);

    @Test
    void sameSeedGivesByteIdenticalFiles(@TempDir Path tmp) throws IOException {
        new SyntheticCtWriter(2).write(new SyntheticCt(SMALL), tmp.resolve("a/ct"), tmp.resolve("a/ground-truth"),
                Progress.NONE);
        new SyntheticCtWriter(2).write(new SyntheticCt(SMALL), tmp.resolve("b/ct"), tmp.resolve("b/ground-truth"),
                Progress.NONE);
        List<Path> a = files(tmp.resolve("a"));
        List<Path> b = files(tmp.resolve("b"));
        assertEquals(a.stream().map(p -> tmp.resolve("a").relativize(p)).collect(Collectors.toList()),
                b.stream().map(p -> tmp.resolve("b").relativize(p)).collect(Collectors.toList()));
        assertEquals(10 + 3, a.size(), "10 slices, two NRRDs and truth.json");
        for (int i = 0; i < a.size(); i++) {
            assertArrayEquals(Files.readAllBytes(a.get(i)), Files.readAllBytes(b.get(i)), "differs: " + a.get(i));
        }
    }

    @Test
    void renderingDoesNotDependOnThreadCountOrOrder() {
        SyntheticCt ct = new SyntheticCt(SMALL);
        SyntheticCt.SliceBuffers b = ct.newBuffers();
        short[][] forward = new short[SMALL.slices()][];
        for (int k = 0; k < SMALL.slices(); k++) {
            ct.renderSlice(k, b);
            forward[k] = b.hu.clone();
        }
        // a fresh instance, slices in reverse order, buffers reused across slices
        SyntheticCt again = new SyntheticCt(SMALL);
        for (int k = SMALL.slices() - 1; k >= 0; k--) {
            again.renderSlice(k, b);
            assertArrayEquals(forward[k], b.hu, "slice " + k);
        }
    }

    @Test
    void blockCullingChangesNoByte() {
        for (long seed : new long[] {1, 20261127, 99}) {
            SyntheticCt.Params p = SyntheticCt.Params.defaults().withSeed(seed).withSize(128, 112, 8).withSpacing(3, 25)
                    .withRandomLesions(3).withLesionDiameterRange(8, 40);
            SyntheticCt fast = new SyntheticCt(p);
            SyntheticCt exhaustive = new SyntheticCt(p);
            exhaustive.blockCulling = false;
            SyntheticCt.SliceBuffers a = fast.newBuffers();
            SyntheticCt.SliceBuffers b = fast.newBuffers();
            for (int k = 0; k < p.slices(); k++) {
                fast.renderSlice(k, a);
                exhaustive.renderSlice(k, b);
                assertArrayEquals(b.hu, a.hu, "HU of slice " + k + ", seed " + seed);
                assertArrayEquals(b.labels, a.labels, "labels of slice " + k + ", seed " + seed);
                assertArrayEquals(b.lesionIds, a.lesionIds, "lesion ids of slice " + k + ", seed " + seed);
            }
        }
    }

    @Test
    void differentSeedGivesDifferentPixelsAndUids() {
        SyntheticCt a = new SyntheticCt(SMALL);
        SyntheticCt c = new SyntheticCt(SMALL.withSeed(SMALL.seed() + 1));
        SyntheticCt.SliceBuffers ba = a.newBuffers();
        SyntheticCt.SliceBuffers bc = c.newBuffers();
        a.renderSlice(5, ba);
        c.renderSlice(5, bc);
        assertFalse(Arrays.equals(ba.hu, bc.hu));
        assertFalse(new SeriesUids(SMALL).series().equals(new SeriesUids(SMALL.withSeed(SMALL.seed() + 1)).series()));
    }

    @Test
    void phasesOfOneSeedShareStudyAndFrameOfReferenceButNotSeries() {
        SeriesUids pv = new SeriesUids(SMALL);
        SeriesUids art = new SeriesUids(SMALL.withPhase(Phase.ARTERIAL));
        assertEquals(pv.study(), art.study());
        assertEquals(pv.frameOfReference(), art.frameOfReference());
        assertFalse(pv.series().equals(art.series()));
        assertFalse(pv.instance(0).equals(pv.instance(1)));
    }

    private static List<Path> files(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).sorted().collect(Collectors.toList());
        }
    }
}
