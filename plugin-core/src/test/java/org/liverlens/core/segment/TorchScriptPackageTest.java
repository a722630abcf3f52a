package org.liverlens.core.segment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.liverlens.core.work.AtomicFiles;
import org.liverlens.core.work.ExitCodes;
import org.liverlens.core.work.InvalidInputException;

/**
 * A TorchScript package whose network does not take the input its model.json describes (other
 * channels) or does not keep the patch size is refused when it is opened for segmenting (exit 3,
 * naming model.json), not by an engine error (exit 1) half-way through a CT. The networks are
 * traced by PyTorch itself (Debian's python3-torch), the peer that writes such files.
 */
class TorchScriptPackageTest {
    private static final Path PYTHON = Path.of("/usr/bin/python3");

    @TempDir
    Path tmp;

    /** A package running a one-convolution TorchScript network: {@code inChannels} in, 3 out, {@code stride}. */
    private Path torchScriptPackage(int inChannels, int stride) throws IOException, InterruptedException {
        Path pkg = TinyModels.write(tmp.resolve("ts"));
        Path pt = pkg.resolve("net.pt");
        Process p = new ProcessBuilder(PYTHON.toString(), "-c", String.join("\n",
                "import sys, torch",
                "torch.manual_seed(0)",
                "net = torch.nn.Conv2d(" + inChannels + ", 3, 3, stride=" + stride + ", padding=1)",
                "torch.jit.trace(net, torch.zeros(1, " + inChannels + ", 16, 16)).save(sys.argv[1])"), pt.toString())
                .redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes());
        Assumptions.assumeTrue(p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0 && Files.exists(pt),
                "python3-torch could not trace a network: " + log);
        ObjectNode j = (ObjectNode) new ObjectMapper().readTree(pkg.resolve("model.json").toFile());
        ObjectNode network = (ObjectNode) j.get("network");
        network.put("architecture", "torchscript").put("file", "net.pt").remove("widths");
        j.putObject("files").put("net.pt", ModelPackage.sha256(pt));
        Files.delete(pkg.resolve("tiny.params"));
        AtomicFiles.writeString(pkg.resolve("model.json"), DefaultModel.toText(j));
        return pkg;
    }

    private static boolean hasTorch() {
        try {
            Process p = new ProcessBuilder(PYTHON.toString(), "-c", "import torch").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    private InvalidInputException refusedWhenOpened(Path pkg) {
        ModelPackage p = ModelPackage.open(pkg, new org.liverlens.core.work.UserHome(tmp.resolve("home")));
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> ModelSegmenter.open(p, new SegmenterOptions(null, Device.CPU, false, m -> { })));
        assertEquals(ExitCodes.INVALID_INPUT, e.exitCode());
        assertEquals(pkg.resolve("model.json"), e.file().orElseThrow());
        return e;
    }

    @Test
    void aNetworkForOtherChannelsIsRefusedWhenOpened() throws Exception {
        Assumptions.assumeTrue(hasTorch(), "needs Debian's python3-torch");
        // model.json: 2.5D with one context slice on each side, 3 channels; the network takes 5
        InvalidInputException e = refusedWhenOpened(torchScriptPackage(5, 1));
        assertTrue(e.getMessage().contains("the network does not run on an input of (1, 3, 16, 16)"), e.getMessage());
        assertTrue(e.getMessage().contains("channels"), e.getMessage());
    }

    @Test
    void aNetworkThatHalvesThePatchIsRefusedWhenOpened() throws Exception {
        Assumptions.assumeTrue(hasTorch(), "needs Debian's python3-torch");
        InvalidInputException e = refusedWhenOpened(torchScriptPackage(3, 2));
        assertTrue(e.getMessage().contains("gives (1, 3, 8, 8), LiverLens needs (1, 3, 16, 16)"), e.getMessage());
    }

    @Test
    void aMatchingNetworkOpens() throws Exception {
        Assumptions.assumeTrue(hasTorch(), "needs Debian's python3-torch");
        Path pkg = torchScriptPackage(3, 1);
        ModelPackage p = ModelPackage.open(pkg, new org.liverlens.core.work.UserHome(tmp.resolve("home")));
        try (ModelSegmenter s = ModelSegmenter.open(p, new SegmenterOptions(null, Device.CPU, false, m -> { }))) {
            assertEquals("tiny-test-model", s.model().name());
        }
    }
}
