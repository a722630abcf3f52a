package org.liverlens.core.dicom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.liverlens.core.Peers;
import org.liverlens.core.TestData;
import org.liverlens.core.volume.HuVolume;

/**
 * JPEG-LS is decoded through GDCM: the same HU as pydicom's reading of the uncompressed twin (and of
 * the JPEG-LS file itself where pydicom has a JPEG-LS handler), and a clear refusal when GDCM's JNI
 * library is missing. The twin identity itself is in {@link TransferSyntaxDecodingTest}.
 */
class JpegLsDecodingTest {

    @ParameterizedTest
    @ValueSource(strings = {"ct_128", "ct_512"})
    void jpegLsMatchesPydicomReadingOfTheUncompressedTwin(String family) throws Exception {
        Path jpegLs = TestData.path("derived/" + family + "_jpegls_lossless.dcm");
        Path twin = TestData.path("derived/" + family + "_explicit_le.dcm");
        HuVolume ours = Volumes.load(jpegLs);
        JsonNode ref = Peers.pydicom("/org/liverlens/core/dicom/pydicom_hu_digest.py", twin.toString(), jpegLs.toString());
        JsonNode twinRef = ref.get(twin.toString());
        assertTrue(twinRef.has("sha256"), "pydicom could not read the uncompressed twin: " + twinRef);
        assertEquals(twinRef.get("sum").asLong(), Volumes.sum(ours));
        assertEquals(twinRef.get("sha256").asText(), sha256(ours.slice(0)));
        JsonNode direct = ref.get(jpegLs.toString());
        if (direct.has("sha256")) { // pydicom with a JPEG-LS handler (python3-gdcm) read the file itself
            assertEquals(direct.get("sha256").asText(), sha256(ours.slice(0)));
        }
    }

    @Test
    void missingGdcmLibraryRefusesJpegLsWithWhatToInstall() throws Exception {
        // A JVM that cannot find libgdcmjni.so: the scan must name the package, not fail in the decoder.
        Path file = TestData.path("derived/ct_128_jpegls_lossless.dcm");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(List.of(java.toString(), "-Djava.library.path=/nonexistent",
                "-cp", System.getProperty("java.class.path"), "org.liverlens.core.cli.Main", "--quiet", "info",
                file.toString())).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), out);
        assertTrue(out.contains("libgdcm-java") && out.contains("sudo apt-get install"), out);
        assertTrue(out.contains("dcmdjpls"), out);
        assertFalse(out.contains("HU -896"), "pixels were decoded without GDCM?\n" + out);
    }

    private static String sha256(short[] hu) throws Exception {
        ByteBuffer bytes = ByteBuffer.allocate(hu.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asShortBuffer().put(hu);
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes.array()));
    }
}
