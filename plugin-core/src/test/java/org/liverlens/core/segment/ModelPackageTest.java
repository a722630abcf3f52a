package org.liverlens.core.segment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.liverlens.core.work.ExitCodes;
import org.liverlens.core.work.InvalidInputException;
import org.liverlens.core.work.UserHome;

class ModelPackageTest {
    @TempDir
    Path tmp;

    private UserHome home() {
        return new UserHome(tmp.resolve("home"));
    }

    private ObjectNode json(Path pkg) throws IOException {
        return (ObjectNode) new ObjectMapper().readTree(pkg.resolve("model.json").toFile());
    }

    private void write(Path pkg, ObjectNode json) {
        org.liverlens.core.work.AtomicFiles.writeString(pkg.resolve("model.json"), DefaultModel.toText(json));
    }

    @Test
    void twoReadsOfOnePackageGiveEqualSpecs() throws IOException {
        Path pkg = TinyModels.write(tmp.resolve("tiny"));
        ModelSpec a = ModelPackage.open(pkg, home()).spec();
        ModelSpec b = ModelPackage.open(pkg, home()).spec();
        assertEquals(a.inference(), b.inference(), "patch and mirror axes compare by value");
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
    }

    @Test
    void aValidPackageOpensWithItsIdentity() throws IOException {
        Path pkg = TinyModels.write(tmp.resolve("tiny"));
        ModelPackage p = ModelPackage.open(pkg, home());
        assertEquals("tiny-test-model", p.spec().name());
        assertEquals(ModelPackage.sha256(pkg.resolve("tiny.params")), p.spec().info().sha256());
        assertEquals(3, p.spec().input().channels());
    }

    @Test
    void aChangedWeightFileIsRefusedBeforeLoading() throws IOException {
        Path pkg = TinyModels.write(tmp.resolve("tiny"));
        byte[] w = Files.readAllBytes(pkg.resolve("tiny.params"));
        w[w.length - 1] ^= 1;
        Files.write(pkg.resolve("tiny.params"), w);
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> ModelPackage.open(pkg, home()));
        assertEquals(ExitCodes.INVALID_INPUT, e.exitCode());
        assertTrue(e.getMessage().contains("SHA-256 of tiny.params is"), e.getMessage());
    }

    @Test
    void aMissingWeightFileIsNamed() throws IOException {
        Path pkg = TinyModels.write(tmp.resolve("tiny"));
        Files.delete(pkg.resolve("tiny.params"));
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> ModelPackage.open(pkg, home()));
        assertTrue(e.getMessage().contains("tiny.params is missing"), e.getMessage());
    }

    @Test
    void anUnknownArchitectureIsRefused() throws IOException {
        Path pkg = TinyModels.write(tmp.resolve("tiny"));
        ObjectNode j = json(pkg);
        ((ObjectNode) j.get("network")).put("architecture", "swin-unetr");
        write(pkg, j);
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> ModelPackage.open(pkg, home()));
        assertTrue(e.getMessage().contains("unknown network architecture 'swin-unetr'"), e.getMessage());
    }

    @Test
    void aPackageWithoutLicenceIsRefused() throws IOException {
        Path pkg = TinyModels.write(tmp.resolve("tiny"));
        ObjectNode j = json(pkg);
        j.remove("licence");
        write(pkg, j);
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> ModelPackage.open(pkg, home()));
        assertTrue(e.getMessage().contains("'licence' is missing"), e.getMessage());
    }

    @Test
    void weightsOfAnotherShapeAreRefusedWhenOpened() throws IOException {
        Path pkg = TinyModels.write(tmp.resolve("tiny"));
        ObjectNode j = json(pkg);
        ((ObjectNode) j.get("network")).putArray("widths").add(4).add(8);
        write(pkg, j);
        // the file's size already shows it (before any array is allocated); shapes are compared again when loaded
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> ModelPackage.open(pkg, home()));
        assertTrue(e.getMessage().contains("weights do not fit"), e.getMessage());
    }

    @Test
    void installCopiesAVerifiedPackageAndResolveFindsItByName() throws IOException {
        Path pkg = TinyModels.write(tmp.resolve("tiny"));
        ModelPackage installed = ModelPackage.install(pkg, home());
        assertEquals(home().models().resolve("tiny-test-model-0.0.1"), installed.folder());
        assertEquals(installed.folder(), ModelPackage.resolve("tiny-test-model-0.0.1", home()).folder());
        assertEquals(1, ModelPackage.installed(home()).size());
    }

    @Test
    void aZipPackageIsUnpackedAndVerified() throws IOException {
        Path pkg = TinyModels.write(tmp.resolve("tiny"));
        Path zip = tmp.resolve("tiny.zip");
        try (java.util.zip.ZipOutputStream z = new java.util.zip.ZipOutputStream(Files.newOutputStream(zip))) {
            for (String f : new String[] {"model.json", "tiny.params"}) {
                z.putNextEntry(new java.util.zip.ZipEntry("tiny/" + f));
                z.write(Files.readAllBytes(pkg.resolve(f)));
                z.closeEntry();
            }
        }
        assertEquals("tiny-test-model", ModelPackage.open(zip, home()).spec().name());
    }

    @Test
    void defaultModelIsUnpackedAgainWhenOnlyItsModelJsonChanges() throws Exception {
        ModelPackage p = ModelPackage.defaultModel(home());
        byte[] json;
        try (var in = ModelPackage.class.getResourceAsStream(DefaultModel.RESOURCE_FOLDER + "model.json")) {
            json = in.readAllBytes();
        }
        String hash = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(json));
        // an older unpacked copy (same weights, older post-processing) must not be taken for this one
        assertTrue(p.folder().getFileName().toString().endsWith("-" + hash.substring(0, 8)),
                "the cache folder names the model.json it holds: " + p.folder());
        assertNotNull(p.spec().postProcess().lesionRules(), "the default model asks for the lesion rules");
    }
}
