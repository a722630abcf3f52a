package org.liverlens.core.work;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The user folder follows LIVERLENS_HOME, then $HOME; what it holds of settings and logs is its owner's only. */
class UserHomeTest {
    @TempDir
    Path tmp;

    @Test
    void liverlensHomeComesFirstThenHomeThenUserHome() {
        assertEquals(Path.of("/a/b"), UserHome.fromEnvironment(Map.of("LIVERLENS_HOME", "/a/b", "HOME", "/x"), "/real").root());
        assertEquals(Path.of("/x/.liverlens"), UserHome.fromEnvironment(Map.of("HOME", "/x"), "/real").root());
        assertEquals(Path.of("/real/.liverlens"), UserHome.fromEnvironment(Map.of(), "/real").root());
    }

    @Test
    void thePropertyComesBeforeTheEnvironment() {
        String old = System.getProperty(UserHome.PROPERTY);
        try {
            System.setProperty(UserHome.PROPERTY, tmp.resolve("from-property").toString());
            assertEquals(tmp.resolve("from-property").toAbsolutePath(), UserHome.fromEnvironment().root());
        } finally {
            if (old == null) {
                System.clearProperty(UserHome.PROPERTY);
            } else {
                System.setProperty(UserHome.PROPERTY, old);
            }
        }
    }

    @Test
    void aChildProcessWithHomeSetWritesItsConfigThereAndPrivately() throws Exception {
        Path home = Files.createDirectories(tmp.resolve("home"));
        // a user folder an earlier version (or the model cache) made readable by others
        Files.createDirectories(home.resolve(".liverlens"), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwxr-xr-x")));
        // user.home as the JVM takes it from passwd, made a test folder too so that a failure never writes to the real one
        Path passwdHome = Files.createDirectories(tmp.resolve("passwd-home"));
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java, "-XX:TieredStopAtLevel=1", "-Duser.home=" + passwdHome,
                "-cp", System.getProperty("java.class.path"),
                "org.liverlens.core.cli.Main", "nodes", "add", "pacs", "--aet", "PACS", "--host", "127.0.0.1", "--port", "104"));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().remove("LIVERLENS_HOME");
        pb.environment().put("HOME", home.toString());
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(2, TimeUnit.MINUTES));
        assertEquals(0, p.exitValue(), output);

        Path config = home.resolve(".liverlens/config.json");
        assertTrue(Files.isRegularFile(config), output);
        assertFalse(Files.exists(passwdHome.resolve(".liverlens")), "HOME wins over user.home");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(config)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(config.getParent())));
    }

    @Test
    void privateFilesAreOwnerOnlyAndSharedResultsStayReadable() throws Exception {
        Path log = tmp.resolve("home/logs/last-error.log");
        AtomicFiles.writePrivateString(log, "details");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(log)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(log.getParent())));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(log.getParent().getParent())));

        Path result = tmp.resolve("out/findings.json");
        AtomicFiles.writeString(result, "{}");
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(result)));

        Path outbox = Files.createDirectories(tmp.resolve("old/outbox"));
        Files.setPosixFilePermissions(outbox, PosixFilePermissions.fromString("rwxr-xr-x"));
        AtomicFiles.privateFolder(outbox);
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(outbox)),
                "an outbox made by an earlier version is made private");
        assertFalse(PosixFilePermissions.toString(Files.getPosixFilePermissions(tmp.resolve("old"))).equals("rwx------"),
                "a parent that exists is not ours to change");
    }
}
