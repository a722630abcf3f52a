package org.liverlens.testdicom.fuzz;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One bad input and what LiverLens must do with it: how to make the input files, the command line,
 * the exit code, and fragments the message must contain (the file, the tag, what to do). The
 * invariants every case is checked against are in {@link CorpusRunner}.
 *
 * <p>Arguments may use {@code {in}} (the case's input folder, made by {@code maker}), {@code {out}}
 * (an output path that does not exist yet) and {@code {ct}} (a clean copy of the base CT, made on
 * demand).
 *
 * @param childJvm       run in a child JVM with a small heap ({@link CorpusRunner#CHILD_HEAP}):
 *                       for resource bombs, so that they are realistic and cannot take the test
 *                       JVM down
 * @param jvmOptions     further options of the child JVM (e.g. a tiny direct-memory limit)
 * @param expectErrorLog the command must leave {@code last-error.log} (an out-of-memory exit)
 */
record FuzzCase(String name, Maker maker, List<String> args, int expectedExit, List<String> fragments,
                boolean childJvm, List<String> jvmOptions, boolean expectErrorLog) {

    /** Makes the input files of a case in {@code in} (an empty folder). */
    @FunctionalInterface
    interface Maker {
        void make(Path in, FuzzInputs inputs) throws Exception;
    }

    FuzzCase {
        args = List.copyOf(args);
        fragments = List.copyOf(fragments);
        jvmOptions = List.copyOf(jvmOptions);
    }

    @Override
    public String toString() {
        return name;
    }

    /** Starts a case: {@code FuzzCase.named("x").make(...).run("info", "{in}").expect(3, "tag")}. */
    static Builder named(String name) {
        return new Builder(name);
    }

    /** Fluent construction; {@link #expect} ends it. */
    static final class Builder {
        private final String name;
        private Maker maker = (in, inputs) -> { };
        private List<String> args = List.of();
        private boolean childJvm;
        private List<String> jvmOptions = List.of();
        private boolean errorLog;

        private Builder(String name) {
            this.name = name;
        }

        Builder make(Maker m) {
            this.maker = m;
            return this;
        }

        Builder run(String... commandLine) {
            this.args = List.of(commandLine);
            return this;
        }

        /** Runs in a child JVM with a small heap (resource bombs). */
        Builder inChildJvm(String... options) {
            this.childJvm = true;
            this.jvmOptions = List.of(options);
            return this;
        }

        /** The run must write last-error.log (implies a child JVM, whose home is the case's). */
        Builder withErrorLog() {
            this.errorLog = true;
            this.childJvm = true;
            return this;
        }

        FuzzCase expect(int exit, String... fragments) {
            return new FuzzCase(name, maker, args, exit, new ArrayList<>(List.of(fragments)), childJvm, jvmOptions,
                    errorLog);
        }
    }
}
