package org.liverlens.ui.app;

import java.nio.file.Path;
import java.util.List;

/**
 * The command line of {@code liverlens view}, as the CLI passes it on after checking it:
 * {@code [DIR] [--seg SEG] [--compare DIR2] [--screenshot PNG]}.
 *
 * @param folder     null: start with an empty window and an "Open folder" button
 * @param seg        null for none
 * @param compare    null for none
 * @param screenshot null: show the window until it is closed
 */
public record ViewerArgs(Path folder, Path seg, Path compare, Path screenshot) {

    /** Parses the arguments; an unknown option is a usage error (the CLI never passes one). */
    public static ViewerArgs parse(List<String> args) {
        Path folder = null;
        Path seg = null;
        Path compare = null;
        Path screenshot = null;
        for (int a = 0; a < args.size(); a++) {
            String s = args.get(a);
            switch (s) {
                case "--seg" -> seg = Path.of(value(args, ++a, s));
                case "--compare" -> compare = Path.of(value(args, ++a, s));
                case "--screenshot" -> screenshot = Path.of(value(args, ++a, s));
                default -> {
                    if (s.startsWith("-") || folder != null) {
                        throw new IllegalArgumentException("unexpected viewer argument '" + s
                                + "': expected [DIR] [--seg SEG] [--compare DIR2] [--screenshot PNG]");
                    }
                    folder = Path.of(s);
                }
            }
        }
        return new ViewerArgs(folder, seg, compare, screenshot);
    }

    private static String value(List<String> args, int index, String option) {
        if (index >= args.size()) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args.get(index);
    }
}
