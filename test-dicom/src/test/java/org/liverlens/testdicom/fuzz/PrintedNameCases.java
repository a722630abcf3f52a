package org.liverlens.testdicom.fuzz;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Names from input that hold control characters (issue 13 item 4): a newline could start a forged
 * report line ("stored … Success"), an ESC could drive the terminal. Whatever LiverLens prints of
 * such a name is escaped ({@code \n}, {@code \e}); {@link CorpusRunner} checks for every case that
 * no raw control character reaches stdout or stderr.
 */
final class PrintedNameCases {
    /** A name part with a newline that starts a would-be forged line, and an ESC sequence. */
    static final String FORGED = "\n\u001b[1mstored Success";
    /** {@link #FORGED} as LiverLens prints it. */
    static final String ESCAPED = "\\n\\e[1mstored Success";

    private PrintedNameCases() {
    }

    static List<FuzzCase> cases() {
        return List.of(
                FuzzCase.named("control-characters-in-a-damaged-slice-name").make((in, inputs) -> {
                    Path ct = inputs.copyCt(in.resolve("ct"));
                    Path named = Files.move(FuzzInputs.slice(ct, 6), ct.resolve("slice-0006" + FORGED + ".dcm"));
                    FuzzInputs.truncate(named, 4000);
                }).run("segment", "{in}/ct", "-o", "{out}", "--allow-gaps")
                        .expect(0, "note: skipped {in}/ct/slice-0006" + ESCAPED + ".dcm: "),
                FuzzCase.named("control-characters-in-loaded-names").make((in, inputs) -> {
                    Path ct = inputs.copyCt(in.resolve("ct" + FORGED));
                    Files.move(FuzzInputs.slice(ct, 6), ct.resolve("slice-0006" + FORGED + ".dcm"));
                    inputs.copySeg(in.resolve("seg" + FORGED + ".dcm"));
                }).run("seg", "export", "{in}/seg" + FORGED + ".dcm", "--ct", "{in}/ct" + FORGED,
                                "-o", "{out}/labels" + FORGED + ".nrrd")
                        .expect(0, "{in}/seg" + ESCAPED + ".dcm (", "wrote ", "labels" + ESCAPED + ".nrrd"),
                FuzzCase.named("control-characters-in-a-ct-folder-name").make((in, inputs) ->
                        inputs.copyCt(in.resolve("ct" + FORGED)))
                        .run("segment", "{in}/ct" + FORGED, "-o", "{out}")
                        .expect(0, "{in}/ct" + ESCAPED));
    }
}
