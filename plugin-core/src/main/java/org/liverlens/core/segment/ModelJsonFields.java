package org.liverlens.core.segment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

import org.liverlens.core.work.InvalidInputException;

/**
 * Strict, typed reading of {@code model.json} fields: a field has the JSON type the format says
 * (a string {@code "4"} is not a number, {@code true} is not 1), lies in its allowed range, and
 * objects hold no field the format does not know (a misspelt {@code "batchsize"} would otherwise
 * silently fall back to its default). Every refusal names the field by its path
 * ({@code inference.batchSize}), the value found and the range allowed.
 */
final class ModelJsonFields {
    /** The section of docs/models.md that lists every field's range. */
    static final String DOCS = "docs/models.md, 'What a model package may declare'";

    private final Path where;

    ModelJsonFields(Path where) {
        this.where = where;
    }

    /** A refusal of the package: {@code message} says what is wrong. */
    InvalidInputException bad(String message) {
        return new InvalidInputException("bad model package: " + message, where, "see " + DOCS);
    }

    /** A refusal of a value outside its range, with what to do. */
    InvalidInputException outOfRange(String path, Object found, String allowed) {
        return new InvalidInputException("bad model package: " + path + " is " + shown(found) + ", allowed " + allowed,
                where, "set " + path + " within " + allowed + " in model.json (" + DOCS + ")");
    }

    /** Refuses fields of {@code object} that are not in {@code known}. */
    void onlyKnown(JsonNode object, String path, Set<String> known) {
        List<String> unknown = new ArrayList<>();
        object.fieldNames().forEachRemaining(f -> {
            if (!known.contains(f)) {
                unknown.add(f);
            }
        });
        if (!unknown.isEmpty()) {
            String in = path.isEmpty() ? "model.json" : path;
            throw new InvalidInputException("bad model package: unknown field(s) " + shown(unknown) + " in " + in
                    + "; the fields are " + new TreeSet<>(known), where,
                    "correct the spelling (names are case-sensitive) or remove them (" + DOCS + ")");
        }
    }

    /** A required object. */
    ObjectNode object(JsonNode parent, String field, String path) {
        JsonNode v = parent.get(field);
        if (!(v instanceof ObjectNode o)) {
            throw bad(path + " must be an object" + found(v));
        }
        return o;
    }

    /** A required string of 1…{@code maxChars} characters without control characters. */
    String text(JsonNode parent, String field, String path, int maxChars) {
        JsonNode v = parent.get(field);
        if (v == null || !v.isTextual() || v.asText().isBlank()) {
            throw bad(path + " must be a non-empty string" + found(v));
        }
        return checkedText(v.asText(), path, maxChars);
    }

    /** An optional string (as {@link #text}), or {@code otherwise}. */
    String text(JsonNode parent, String field, String path, int maxChars, String otherwise) {
        return parent.get(field) == null ? otherwise : text(parent, field, path, maxChars);
    }

    /** {@code s} when it has at most {@code maxChars} characters and no control character. */
    String checkedText(String s, String path, int maxChars) {
        if (s.length() > maxChars) {
            throw outOfRange(path, s.length() + " characters long", "at most " + maxChars + " characters");
        }
        for (int i = 0; i < s.length(); i++) {
            if (Character.isISOControl(s.charAt(i))) {
                throw bad(path + " holds a control character (U+" + String.format(Locale.ROOT, "%04X", (int) s.charAt(i))
                        + " at position " + i + "): names are printed in reports, and a line break could forge one");
            }
        }
        return s;
    }

    /** A required integer in [{@code min}, {@code max}]. */
    int integer(JsonNode parent, String field, String path, int min, int max) {
        JsonNode v = parent.get(field);
        if (v == null || !v.isIntegralNumber()) {
            throw bad(path + " must be an integer" + found(v));
        }
        if (!v.canConvertToLong() || v.asLong() < min || v.asLong() > max) {
            throw outOfRange(path, v, min + "…" + max);
        }
        return v.asInt();
    }

    /** An optional integer (as {@link #integer}), or {@code otherwise}. */
    int integer(JsonNode parent, String field, String path, int min, int max, int otherwise) {
        return parent.get(field) == null ? otherwise : integer(parent, field, path, min, max);
    }

    /** A required finite number in [{@code min}, {@code max}]. */
    double number(JsonNode parent, String field, String path, double min, double max) {
        return number(parent.get(field), path, min, max);
    }

    /** An optional number (as {@link #number}), or {@code otherwise}. */
    double number(JsonNode parent, String field, String path, double min, double max, double otherwise) {
        return parent.get(field) == null ? otherwise : number(parent, field, path, min, max);
    }

    /** A finite number in [{@code min}, {@code max}]. */
    double number(JsonNode v, String path, double min, double max) {
        if (v == null || !v.isNumber()) {
            throw bad(path + " must be a number" + found(v));
        }
        double d = v.asDouble();
        if (!Double.isFinite(d) || d < min || d > max) {
            throw outOfRange(path, v, range(min, max));
        }
        return d;
    }

    /** An optional boolean, or {@code otherwise}. */
    boolean bool(JsonNode parent, String field, String path, boolean otherwise) {
        JsonNode v = parent.get(field);
        if (v == null) {
            return otherwise;
        }
        if (!v.isBoolean()) {
            throw bad(path + " must be true or false" + found(v));
        }
        return v.asBoolean();
    }

    /** An array of {@code minLength}…{@code maxLength} integers, each in [{@code min}, {@code max}]. */
    int[] ints(JsonNode v, String path, int minLength, int maxLength, int min, int max) {
        if (v == null || !v.isArray()) {
            throw bad(path + " must be an array of integers" + found(v));
        }
        if (v.size() < minLength || v.size() > maxLength) {
            throw outOfRange(path, v.size() + " values long",
                    minLength == maxLength ? minLength + " values" : minLength + "…" + maxLength + " values");
        }
        int[] out = new int[v.size()];
        for (int i = 0; i < out.length; i++) {
            JsonNode e = v.get(i);
            String at = path + "[" + i + "]";
            if (!e.isIntegralNumber()) {
                throw bad(at + " must be an integer" + found(e));
            }
            if (!e.canConvertToLong() || e.asLong() < min || e.asLong() > max) {
                throw outOfRange(at, e, min + "…" + max);
            }
            out[i] = e.asInt();
        }
        return out;
    }

    static String range(double min, double max) {
        return plain(min) + "…" + plain(max);
    }

    private static String plain(double d) {
        return java.math.BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
    }

    private static String found(JsonNode v) {
        return v == null || v.isMissingNode() ? " (it is missing)" : ", got " + shown(v);
    }

    /** A value for a message, cut to 60 characters and with control characters escaped. */
    static String shown(Object value) {
        String s = String.valueOf(value);
        StringBuilder b = new StringBuilder();
        int i = 0;
        for (; i < s.length() && b.length() < 60; i++) {
            char c = s.charAt(i);
            b.append(Character.isISOControl(c) ? String.format(Locale.ROOT, "\\u%04x", (int) c) : String.valueOf(c));
        }
        return i < s.length() ? b + "…" : b.toString();
    }
}
