package org.liverlens.core.cli;

import java.nio.file.Files;
import java.nio.file.Path;

import org.liverlens.core.work.InvalidInputException;

/**
 * Checks, before a command does its work, that it can write where it was told to: a command that
 * loads a CT and runs a network for a minute must not fail only then because {@code -o} names a
 * file, a folder, or a place it cannot write (exit 3, with the path, the option and what to do).
 */
final class OutputTarget {
    private OutputTarget() {
    }

    /**
     * {@code out} names a folder that receives {@code files}: an existing writable folder, or a path
     * whose nearest existing ancestor is a writable folder (it is created when the results are written).
     */
    static void folder(Path out, String option, String... files) {
        if (Files.exists(out)) {
            if (!Files.isDirectory(out)) {
                throw new InvalidInputException(option + " names an existing file; it must be a folder (it receives "
                        + String.join(", ", files) + ")", out, "give a new or existing folder, e.g. " + out + "-results");
            }
            if (!Files.isWritable(out)) {
                throw new InvalidInputException(option + " names a folder this user cannot write into", out,
                        "give a folder you can write to, or change its permissions");
            }
            for (String f : files) {
                if (Files.isDirectory(out.resolve(f))) {
                    throw new InvalidInputException(option + ": " + f + " inside the output folder is a folder, so the "
                            + "result cannot be written there", out.resolve(f), "remove it, or give another output folder");
                }
            }
            return;
        }
        creatable(out, option);
    }

    /**
     * {@code out} names a file to write (replaced when it exists): not a folder, and its folder exists
     * and is writable, or can be created. {@code example} is a file name for the hint.
     */
    static void file(Path out, String option, String example) {
        if (Files.isDirectory(out)) {
            throw new InvalidInputException(option + " names a folder; it must be a file", out,
                    "give a file name, e.g. " + out.resolve(example));
        }
        Path parent = out.toAbsolutePath().getParent();
        if (Files.isDirectory(parent)) {
            if (!Files.isWritable(parent)) {
                throw new InvalidInputException(option + ": this user cannot write into the folder " + parent, out,
                        "give a path in a folder you can write to");
            }
            return;
        }
        creatable(parent, option);
    }

    /** A folder to be made: the nearest existing path on its way (itself included) must be a writable folder. */
    private static void creatable(Path out, String option) {
        if (Files.isSymbolicLink(out)) {
            throw new InvalidInputException(option + " names a symbolic link whose target does not exist", out,
                    "give a folder or file path without a broken link");
        }
        Path ancestor = out.toAbsolutePath();
        while (ancestor != null && !Files.exists(ancestor)) {
            ancestor = ancestor.getParent();
        }
        if (ancestor == null) {
            throw new InvalidInputException(option + ": no part of this path exists", out, "give a path on this machine");
        }
        if (!Files.isDirectory(ancestor)) {
            throw new InvalidInputException(option + ": " + ancestor + " is a file, so nothing can be created under it", out,
                    "give a path whose folders are folders");
        }
        if (!Files.isWritable(ancestor)) {
            throw new InvalidInputException(option + ": this user cannot create anything in " + ancestor, out,
                    "give a path in a folder you can write to");
        }
    }
}
