package org.liverlens.core.work;

/**
 * Text from outside (a file name, a DICOM value, a PACS's answer) made safe to print on one line of
 * a report: a name holding a newline must not start a line of its own (it could forge a
 * "stored … Success" line), an ESC must not reach the terminal, and a right-to-left override must
 * not reorder what follows. Such characters are written in C escape notation: {@code \n},
 * {@code \r}, {@code \t}, {@code \e}, {@code \xNN} for the other C0 and C1 controls and DEL,
 * {@code \}{@code uNNNN} for bidirectional and line-separator format characters. Text without any
 * of them prints as it is; text with them also has its backslashes doubled, so that the escaped
 * form reads back unambiguously.
 */
public record PrintableText(String raw) {

    public PrintableText {
        raw = raw == null ? "null" : raw;
    }

    /** The printable form of {@code value}'s string (a {@link java.nio.file.Path}, a name, a message). */
    public static PrintableText of(Object value) {
        return new PrintableText(String.valueOf(value));
    }

    /** Shorthand for {@code of(value).toString()}. */
    public static String escape(Object value) {
        return of(value).toString();
    }

    /**
     * {@code out.printf} in the root locale with every argument that is not a number or a boolean
     * printed through this type: for report lines that mix names from input with figures.
     */
    public static void printf(java.io.PrintWriter out, String format, Object... args) {
        Object[] safe = new Object[args.length];
        for (int i = 0; i < args.length; i++) {
            Object a = args[i];
            safe[i] = a == null || a instanceof Number || a instanceof Boolean ? a : of(a);
        }
        out.printf(java.util.Locale.ROOT, format, safe);
    }

    /** Whether the text holds a character that is escaped when printed. */
    public boolean needsEscaping() {
        return raw.codePoints().anyMatch(PrintableText::unsafe);
    }

    @Override
    public String toString() {
        if (!needsEscaping()) {
            return raw;
        }
        StringBuilder sb = new StringBuilder(raw.length() + 16);
        raw.codePoints().forEach(c -> {
            switch (c) {
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case 0x1b -> sb.append("\\e");
                default -> {
                    if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
                        sb.append(String.format("\\x%02X", c));
                    } else if (unsafe(c)) {
                        sb.append(String.format("\\u%04X", c));
                    } else {
                        sb.appendCodePoint(c);
                    }
                }
            }
        });
        return sb.toString();
    }

    /** C0 and C1 controls, DEL, the bidirectional embeddings, overrides, isolates and marks, and the Unicode line separators. */
    private static boolean unsafe(int c) {
        return c < 0x20 || (c >= 0x7f && c <= 0x9f)
                || c == 0x061c || c == 0x200e || c == 0x200f
                || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069)
                || c == 0x2028 || c == 0x2029;
    }
}
