package org.liverlens.core.segment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.liverlens.core.volume.VolumeGeometry;
import org.liverlens.core.work.AtomicFiles;
import org.liverlens.core.work.ExitCodes;
import org.liverlens.core.work.InvalidInputException;
import org.liverlens.core.work.UserHome;

/**
 * What {@code model.json} may declare (docs/models.md): every size, spacing and name is bounded
 * when the package is opened, before any array is allocated; wrong types, unknown fields,
 * duplicate labels, 3D networks and files that are links are refused with the field and the range.
 */
class ModelPackageLimitsTest {
    @TempDir
    Path tmp;

    private UserHome home() {
        return new UserHome(tmp.resolve("home"));
    }

    /** The tiny package with {@code change} applied to its model.json. */
    private Path tinyWith(Consumer<ObjectNode> change) throws IOException {
        Path pkg = TinyModels.write(tmp.resolve("tiny"));
        ObjectNode j = (ObjectNode) new ObjectMapper().readTree(pkg.resolve("model.json").toFile());
        change.accept(j);
        AtomicFiles.writeString(pkg.resolve("model.json"), DefaultModel.toText(j));
        return pkg;
    }

    private InvalidInputException refused(Path pkg) {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> ModelPackage.open(pkg, home()));
        assertEquals(ExitCodes.INVALID_INPUT, e.exitCode());
        return e;
    }

    private static ObjectNode section(ObjectNode j, String name) {
        return (ObjectNode) j.get(name);
    }

    @Test
    void aPatchOf65536IsRefusedWithTheFieldTheValueAndTheRange() throws IOException {
        Path pkg = tinyWith(j -> section(j, "inference").putArray("patch").add(65536).add(65536));
        InvalidInputException e = refused(pkg);
        assertTrue(e.getMessage().contains("inference.patch[0] is 65536, allowed 1…1024"), e.getMessage());
        assertTrue(e.userMessage().contains("set inference.patch[0] within 1…1024 in model.json"), e.userMessage());
    }

    @Test
    void aBatchOf100000IsRefused() throws IOException {
        InvalidInputException e = refused(tinyWith(j -> section(j, "inference").put("batchSize", 100000)));
        assertTrue(e.getMessage().contains("inference.batchSize is 100000, allowed 1…256"), e.getMessage());
    }

    @Test
    void widthsOf100000AreRefused() throws IOException {
        InvalidInputException e = refused(tinyWith(j -> section(j, "network").putArray("widths").add(100000).add(100000)));
        assertTrue(e.getMessage().contains("network.widths[0] is 100000, allowed 1…1024"), e.getMessage());
    }

    @Test
    void aBatchSizeOfZeroIsRefusedNotSilentlyRaisedToOne() throws IOException {
        InvalidInputException e = refused(tinyWith(j -> section(j, "inference").put("batchSize", 0)));
        assertTrue(e.getMessage().contains("inference.batchSize is 0, allowed 1…256"), e.getMessage());
    }

    @Test
    void sizesWithinTheirRangesThatNoMachineCanHoldAreRefusedByTheMemoryCheck() throws IOException {
        Path pkg = tinyWith(j -> {
            section(j, "inference").putArray("patch").add(1024).add(1024);
            section(j, "inference").put("batchSize", 256);
            ArrayNode w = section(j, "network").putArray("widths");
            for (int l = 0; l < 8; l++) {
                w.add(1024);
            }
        });
        InvalidInputException e = refused(pkg);
        assertTrue(e.getMessage().contains("needs") && e.getMessage().contains("batch of 256 patches of 1024 × 1024"),
                e.getMessage());
        assertTrue(e.userMessage().contains("lower inference.batchSize"), e.userMessage());
    }

    @Test
    void aModelGridTooLargeForTheHeapIsRefusedBeforeResampling() throws IOException {
        ModelSpec spec = ModelPackage.open(TinyModels.write(tmp.resolve("tiny")), home()).spec();
        VolumeGeometry ct = VolumeGeometry.axial(new int[] {512, 512, 100}, new double[3], new double[] {0.8, 0.8, 2});
        // what a 0.0001 mm spacing would have made of a 410 mm field of view, had it been allowed
        VolumeGeometry huge = VolumeGeometry.axial(new int[] {40_000, 40_000, 100}, new double[3],
                new double[] {0.01, 0.01, 2});
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> ModelLimits.checkGrid(huge, ct, spec, tmp.resolve("model.json")));
        assertTrue(e.getMessage().contains("40000 × 40000 × 100 voxels"), e.getMessage());
        ModelLimits.checkGrid(ModelInput.grid(ct, spec.input()), ct, spec, tmp.resolve("model.json"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.0001", "0", "-2", "1e9", "\"NaN\"", "\"2\"", "true"})
    void anAbsurdSpacingIsRefused(String value) throws IOException {
        Path pkg = tinyWith(j -> {
            try {
                section(j, "input").putArray("spacingMm").add(new ObjectMapper().readTree(value)).add(4.0).addNull();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        InvalidInputException e = refused(pkg);
        assertTrue(e.getMessage().contains("input.spacingMm[0]"), e.getMessage());
    }

    @Test
    void aThreeDimensionalModelIsRefusedWhenOpenedSayingWhatRuns() throws IOException {
        Path pkg = tinyWith(j -> {
            section(j, "input").put("dimensionality", "3D");
            section(j, "inference").putArray("patch").add(16).add(16).add(16);
        });
        InvalidInputException e = refused(pkg);
        assertTrue(e.getMessage().contains("'3D'") && e.getMessage().contains("runs 2D and 2.5D models only"),
                e.getMessage());
    }

    @Test
    void aNumberWrittenAsTextIsRefused() throws IOException {
        InvalidInputException e = refused(tinyWith(j -> section(j, "inference").put("batchSize", "8")));
        assertTrue(e.getMessage().contains("inference.batchSize must be an integer, got \"8\""), e.getMessage());
    }

    @Test
    void aMisspeltFieldIsRefusedInsteadOfFallingBackToItsDefault() throws IOException {
        InvalidInputException e = refused(tinyWith(j -> section(j, "inference").put("batchsize", 2)));
        assertTrue(e.getMessage().contains("unknown field(s) [batchsize] in inference"), e.getMessage());
    }

    @Test
    void aMisspeltSectionIsRefused() throws IOException {
        InvalidInputException e = refused(tinyWith(j -> j.set("postProcess", j.remove("postprocess"))));
        assertTrue(e.getMessage().contains("unknown field(s) [postProcess] in model.json"), e.getMessage());
    }

    @Test
    void aFieldGivenTwiceIsRefused() throws IOException {
        Path pkg = TinyModels.write(tmp.resolve("tiny"));
        String text = Files.readString(pkg.resolve("model.json"));
        Files.writeString(pkg.resolve("model.json"), text.replaceFirst("\"batchSize\"\\s*:\\s*4,", "\"batchSize\": 4, \"batchSize\": 256,"));
        InvalidInputException e = refused(pkg);
        assertTrue(e.getMessage().contains("Duplicate field 'batchSize'"), e.getMessage());
    }

    @Test
    void twoLabelsWithOneValueAreRefused() throws IOException {
        InvalidInputException e = refused(tinyWith(j -> ((ObjectNode) j.get("labels").get(2)).put("value", 1)));
        assertTrue(e.getMessage().contains("labels[2].value 1 is also the value of label 'liver'"), e.getMessage());
    }

    @Test
    void twoLabelsWithOneNameAreRefused() throws IOException {
        InvalidInputException e = refused(tinyWith(j -> ((ObjectNode) j.get("labels").get(2)).put("name", "Liver")));
        assertTrue(e.getMessage().contains("labels[2].name 'Liver' is used twice"), e.getMessage());
    }

    @Test
    void aMirrorAxisA2dNetworkDoesNotHaveIsRefused() throws IOException {
        // axis 2 of a 2D batch [N, C, H, W] would have flipped the channels: a silently wrong result
        InvalidInputException e = refused(tinyWith(j -> section(j, "inference").putArray("mirrorAxes").add(2)));
        assertTrue(e.getMessage().contains("inference.mirrorAxes[0] is 2, allowed 0…1"), e.getMessage());
    }

    @Test
    void aColourComponentAbove255IsRefused() throws IOException {
        InvalidInputException e = refused(tinyWith(j -> ((ObjectNode) j.get("labels").get(1)).putArray("colour")
                .add(300).add(0).add(0)));
        assertTrue(e.getMessage().contains("labels[1].colour[0] is 300, allowed 0…255"), e.getMessage());
    }

    @Test
    void aNameThatWouldLeaveTheModelsFolderOnInstallIsRefused() throws IOException {
        Path pkg = tinyWith(j -> j.put("name", "../../escaped"));
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> ModelPackage.install(pkg, home()));
        assertTrue(e.getMessage().contains("name is '../../escaped'"), e.getMessage());
        assertFalse(Files.exists(tmp.resolve("escaped-0.0.1")));
    }

    @Test
    void aTaskWithALineBreakIsRefused() throws IOException {
        InvalidInputException e = refused(tinyWith(j -> j.put("task", "liver\nstored 1.2.3 Success")));
        assertTrue(e.getMessage().contains("task holds a control character (U+000A"), e.getMessage());
    }

    @Test
    void aModelForAnotherModalityIsRefused() throws IOException {
        InvalidInputException e = refused(tinyWith(j -> j.put("modality", "MR")));
        assertTrue(e.getMessage().contains("LiverLens segments CT series only"), e.getMessage());
    }

    @Test
    void aWeightsFileThatIsASymbolicLinkIsRefused() throws IOException {
        Path pkg = TinyModels.write(tmp.resolve("tiny"));
        Path elsewhere = Files.move(pkg.resolve("tiny.params"), tmp.resolve("elsewhere.params"));
        Files.createSymbolicLink(pkg.resolve("tiny.params"), elsewhere);
        InvalidInputException e = refused(pkg);
        assertTrue(e.getMessage().contains("tiny.params is a symbolic link"), e.getMessage());
    }

    @Test
    void anOversizedModelJsonIsRefusedBeforeItIsParsed() throws IOException {
        Path pkg = tinyWith(j -> j.put("licence", "x".repeat((int) ModelLimits.MAX_MODEL_JSON_BYTES)));
        InvalidInputException e = refused(pkg);
        assertTrue(e.getMessage().contains("model.json has") && e.getMessage().contains("allowed at most"), e.getMessage());
    }

    @Test
    void aZipHoldingTwoFilesOfOneNameIsRefused() throws IOException {
        Path pkg = TinyModels.write(tmp.resolve("tiny"));
        Path zip = tmp.resolve("twice.zip");
        try (java.util.zip.ZipOutputStream z = new java.util.zip.ZipOutputStream(Files.newOutputStream(zip))) {
            for (String entry : new String[] {"a/model.json", "a/tiny.params", "b/tiny.params"}) {
                z.putNextEntry(new java.util.zip.ZipEntry(entry));
                z.write(Files.readAllBytes(pkg.resolve(Path.of(entry).getFileName())));
                z.closeEntry();
            }
        }
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> ModelPackage.open(zip, home()));
        assertTrue(e.getMessage().contains("two files named tiny.params"), e.getMessage());
    }
}
