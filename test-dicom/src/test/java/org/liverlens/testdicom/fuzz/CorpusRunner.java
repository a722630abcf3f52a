package org.liverlens.testdicom.fuzz;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.liverlens.core.CliProcess;
import org.liverlens.core.cli.CliRun;
import org.liverlens.core.work.UserHome;
import org.liverlens.testdicom.segment.KnownLabelsSegmenter;

/**
 * Makes a case's input, runs its command line (in this JVM, or in a child JVM with a small heap for
 * resource bombs) and checks the invariants every bad input must keep:
 * <ul>
 * <li>the exit code is the expected one, and never 1 (a bug);
 * <li>the output holds every expected fragment (the file, the tag, what to do);
 * <li>no raw stack trace is printed, and no raw control character (a name from input is escaped);
 * <li>every input file keeps its SHA-256;
 * <li>no temporary or half-written file is left, and a failed command leaves no output at all;
 * <li>where an out-of-memory exit is expected, {@code last-error.log} exists;
 * <li>the user's real LiverLens home is left as it was: every run, in this JVM or a child, has the
 * case's own home ({@code home} beside {@code in}).
 * </ul>
 */
final class CorpusRunner {
    /** Heap of the child JVM for resource bombs: small enough that a bomb cannot hurt the machine. */
    static final String CHILD_HEAP = "-Xmx256m";

    private static final Pattern STACK_TRACE = Pattern.compile("(?m)^\\s+at [\\w$.]+\\(|Exception in thread|"
            + "^\\s*Caused by: ");
    /** C0 controls but newline and tab, DEL and C1 controls: never printed raw. */
    private static final Pattern RAW_CONTROL = Pattern.compile("[\\x00-\\x08\\x0b-\\x1f\\x7f-\\x9f]");
    private static final Pattern TEMPORARY = Pattern.compile("^\\..*\\.tmp$");

    private final FuzzInputs inputs;
    private final Path work;

    CorpusRunner(FuzzInputs inputs, Path work) {
        this.inputs = inputs;
        this.work = work;
    }

    /** Exit code and output of one run. */
    record Outcome(int exitCode, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    void check(FuzzCase c) throws Exception {
        Path dir = Files.createDirectories(work.resolve(c.name()));
        Path in = Files.createDirectories(dir.resolve("in"));
        Path out = dir.resolve("out");
        Path home = dir.resolve("home");
        c.maker().make(in, inputs);
        List<String> args = new ArrayList<>(List.of("--quiet"));
        for (String a : c.args()) {
            if (a.contains("{ct}") && !Files.exists(dir.resolve("ct"))) {
                inputs.copyCt(dir.resolve("ct"));
            }
            args.add(a.replace("{in}", in.toString()).replace("{out}", out.toString())
                    .replace("{ct}", dir.resolve("ct").toString()));
        }
        Map<Path, String> before = checksums(dir, out, home);
        Map<Path, String> realHomeBefore = stamps(realHome());

        Outcome o;
        if (c.childJvm()) {
            List<String> jvm = new ArrayList<>(List.of(CHILD_HEAP));
            jvm.addAll(c.jvmOptions());
            CliProcess.Result r = CliProcess.run(home, Map.of(), jvm, args.toArray(String[]::new));
            o = new Outcome(r.exitCode(), r.out(), r.err());
        } else {
            CliRun.Result r = CliRun.run(home, new KnownLabelsSegmenter(inputs.ct()), args.toArray(String[]::new));
            o = new Outcome(r.exitCode(), r.out(), r.err());
        }

        if (Boolean.getBoolean("fuzz.verbose")) {
            System.out.println("=== " + c.name() + ": liverlens " + String.join(" ", args) + "\n" + o);
        }
        List<String> violations = new ArrayList<>();
        if (o.exitCode() != c.expectedExit()) {
            violations.add("exit code " + o.exitCode() + ", expected " + c.expectedExit()
                    + (o.exitCode() == 1 ? " (1 means a bug: bad input must never give it)" : ""));
        }
        String text = o.out() + o.err();
        for (String f : c.fragments()) {
            String expected = f.replace("{in}", in.toString());
            if (!text.contains(expected)) {
                violations.add("the output does not contain \"" + expected + "\"");
            }
        }
        if (STACK_TRACE.matcher(text).find()) {
            violations.add("a raw stack trace was printed");
        }
        Matcher control = RAW_CONTROL.matcher(text);
        if (control.find()) {
            violations.add(String.format(Locale.ROOT, "a raw control character U+%04X was printed (names from input "
                    + "must be escaped)", (int) control.group().charAt(0)));
        }
        Map<Path, String> after = checksums(dir, out, home);
        for (Map.Entry<Path, String> e : before.entrySet()) {
            String now = after.get(e.getKey());
            if (!e.getValue().equals(now)) {
                violations.add("input file " + e.getKey() + (now == null ? " was removed" : " was altered"));
            }
        }
        Map<Path, String> realHomeAfter = stamps(realHome());
        if (!realHomeAfter.equals(realHomeBefore)) {
            violations.add("the user's real LiverLens home " + realHome() + " was written (a test must use its own): "
                    + changed(realHomeBefore, realHomeAfter));
        }
        for (Path f : FuzzInputs.filesUnder(dir)) {
            if (TEMPORARY.matcher(f.getFileName().toString()).matches()) {
                violations.add("temporary file left behind: " + f);
            }
        }
        if (o.exitCode() != 0 && !FuzzInputs.filesUnder(out).isEmpty()) {
            violations.add("the command failed but left output: " + FuzzInputs.filesUnder(out));
        }
        if (c.expectErrorLog() && !Files.isRegularFile(home.resolve("logs/last-error.log"))) {
            violations.add("no last-error.log in " + home.resolve("logs"));
        }
        if (!violations.isEmpty()) {
            fail(c.name() + " (liverlens " + String.join(" ", args) + "):\n  - " + String.join("\n  - ", violations)
                    + "\n" + o);
        }
    }

    /** The LiverLens home the environment names: the user's real one, which no case may write. */
    static Path realHome() {
        return UserHome.fromEnvironment(System.getenv(), System.getProperty("user.home")).root();
    }

    /** Size and modification time of every file under {@code root} (none when it does not exist). */
    private static Map<Path, String> stamps(Path root) throws IOException {
        Map<Path, String> stamps = new LinkedHashMap<>();
        for (Path f : FuzzInputs.filesUnder(root)) {
            stamps.put(f, Files.size(f) + " bytes, " + Files.getLastModifiedTime(f));
        }
        return stamps;
    }

    private static List<Path> changed(Map<Path, String> before, Map<Path, String> after) {
        Set<Path> all = new TreeSet<>(before.keySet());
        all.addAll(after.keySet());
        return all.stream().filter(f -> !Objects.equals(before.get(f), after.get(f))).toList();
    }

    /** SHA-256 of every input file of a case (all but the output and the LiverLens home). */
    private static Map<Path, String> checksums(Path dir, Path out, Path home) throws IOException {
        Map<Path, String> sums = new LinkedHashMap<>();
        for (Path f : FuzzInputs.filesUnder(dir)) {
            if (!f.startsWith(out) && !f.startsWith(home)) {
                sums.put(f, sha256(f));
            }
        }
        return sums;
    }

    private static String sha256(Path f) throws IOException {
        try (InputStream in = Files.newInputStream(f)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
