package org.liverlens.core.edit;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses a plain-text counterfactual instruction into typed edits. The language (docs/edit.md):
 * {@code remove lesion N}, {@code remove all lesions}, {@code add a SIZE mm|cm [APPEARANCE] lesion at
 * I,J,K | at X,Y,Z mm | near lesion N}, {@code grow|shrink lesion N by P%}, joined with {@code and}.
 * Case, extra spaces and a final full stop do not matter. A part that is not understood is quoted in
 * the error, with the supported forms.
 */
public final class EditParser {
    private static final String NUMBER = "[-+]?(?:\\d+(?:\\.\\d*)?|\\.\\d+)";
    private static final Pattern JOIN = Pattern.compile("\\s*(?:,\\s*)?\\band\\b\\s*|\\s*;\\s*");
    private static final Pattern REMOVE_ONE = Pattern.compile("(?:remove|delete|erase)\\s+lesion\\s+#?(\\d+)");
    private static final Pattern REMOVE_ALL = Pattern.compile(
            "(?:remove|delete|erase)\\s+(?:all(?:\\s+(?:the\\s+)?lesions)?|every\\s+lesion)");
    private static final Pattern RESIZE = Pattern.compile(
            "(grow|enlarge|shrink|reduce)\\s+lesion\\s+#?(\\d+)\\s+by\\s+(" + NUMBER + ")\\s*(?:%|percent)");
    private static final Pattern ADD = Pattern.compile("(?:add|insert)\\s+(?:(?:a|an|one)\\s+)?(" + NUMBER
            + ")\\s*(mm|cm)\\s+(?:((?:(?!\\blesion\\b).)+?)\\s+)?lesion\\s+(.+)");
    private static final Pattern AT = Pattern.compile("at\\s+(" + NUMBER + ")\\s*,\\s*(" + NUMBER + ")\\s*,\\s*("
            + NUMBER + ")\\s*(mm)?");
    private static final Pattern NEAR = Pattern.compile("(?:near|next\\s+to|beside)\\s+lesion\\s+#?(\\d+)");
    private static final Pattern HU = Pattern.compile("(?:of\\s+)?(" + NUMBER + ")\\s*hu");

    /** Parses {@code instruction}; throws {@link InvalidEditException} quoting what is not understood. */
    public EditRequest parse(String instruction) {
        if (instruction == null || instruction.isBlank()) {
            throw new InvalidEditException("the instruction is empty");
        }
        String normal = instruction.strip().replaceAll("\\s+", " ").replaceAll("[.!]+$", "").toLowerCase(Locale.ROOT);
        List<EditInstruction> edits = new ArrayList<>();
        for (String part : JOIN.split(normal)) {
            if (part.isBlank()) {
                throw new InvalidEditException("an empty part between 'and's in '" + instruction.strip() + "'");
            }
            edits.add(parsePart(part.strip(), instruction.strip()));
        }
        return new EditRequest(instruction.strip(), edits);
    }

    private static EditInstruction parsePart(String part, String whole) {
        Matcher m = REMOVE_ONE.matcher(part);
        if (m.matches()) {
            return new EditInstruction.RemoveLesion(lesionNumber(m.group(1), part), part);
        }
        if (REMOVE_ALL.matcher(part).matches()) {
            return new EditInstruction.RemoveAllLesions(part);
        }
        m = RESIZE.matcher(part);
        if (m.matches()) {
            double percent = Double.parseDouble(m.group(3));
            if (percent <= 0) {
                throw new InvalidEditException("'" + part + "': give a positive percentage ('grow' and 'shrink' say "
                        + "the direction)");
            }
            boolean grow = m.group(1).equals("grow") || m.group(1).equals("enlarge");
            return new EditInstruction.ResizeLesion(lesionNumber(m.group(2), part), grow ? percent : -percent, part);
        }
        m = ADD.matcher(part);
        if (m.matches()) {
            double size = Double.parseDouble(m.group(1)) * (m.group(2).equals("cm") ? 10 : 1);
            EditInstruction.Appearance appearance = appearance(m.group(3), part);
            EditInstruction.Location location = location(m.group(4), part);
            return new EditInstruction.AddLesion(size, appearance, location, part);
        }
        throw new InvalidEditException("could not understand '" + part + "'" + (part.equals(whole.toLowerCase(Locale.ROOT))
                ? "" : " in '" + whole + "'") + hintFor(part));
    }

    /** A more precise pointer when the part starts like a known form. */
    private static String hintFor(String part) {
        if (part.startsWith("add") || part.startsWith("insert")) {
            if (!part.matches(".*\\d\\s*(mm|cm)\\b.*")) {
                return ": an insertion needs a size such as '15 mm' or '2 cm' before 'lesion'";
            }
            return ": an insertion reads 'add a SIZE mm|cm [appearance] lesion at I,J,K | at X,Y,Z mm | near lesion N'";
        }
        if (part.startsWith("grow") || part.startsWith("shrink") || part.startsWith("enlarge")
                || part.startsWith("reduce")) {
            return ": a resize reads 'grow lesion N by P%' or 'shrink lesion N by P%'";
        }
        if (part.startsWith("remove") || part.startsWith("delete") || part.startsWith("erase")) {
            return ": a removal reads 'remove lesion N' or 'remove all lesions'";
        }
        return "";
    }

    private static int lesionNumber(String digits, String part) {
        try {
            return Integer.parseInt(digits);
        } catch (NumberFormatException e) {
            throw new InvalidEditException("lesion number '" + digits + "' in '" + part + "' is too large");
        }
    }

    private static EditInstruction.Appearance appearance(String words, String part) {
        if (words == null || words.isBlank()) {
            return EditInstruction.Appearance.of(EditInstruction.Appearance.Kind.HYPODENSE);
        }
        String w = words.strip();
        Matcher hu = HU.matcher(w);
        if (hu.matches()) {
            return EditInstruction.Appearance.huValue(Double.parseDouble(hu.group(1)));
        }
        switch (w.replace(' ', '-')) {
            case "hypodense", "hypoattenuating", "low-density" -> {
                return EditInstruction.Appearance.of(EditInstruction.Appearance.Kind.HYPODENSE);
            }
            case "hyperdense", "hyperattenuating", "high-density", "hypervascular" -> {
                return EditInstruction.Appearance.of(EditInstruction.Appearance.Kind.HYPERDENSE);
            }
            case "rim-enhancing", "ring-enhancing" -> {
                return EditInstruction.Appearance.of(EditInstruction.Appearance.Kind.RIM_ENHANCING);
            }
            case "necrotic" -> {
                return EditInstruction.Appearance.of(EditInstruction.Appearance.Kind.NECROTIC);
            }
            default -> throw new InvalidEditException("could not understand the appearance '" + w + "' in '" + part
                    + "': use hypodense, hyperdense, rim-enhancing, necrotic or a value such as '40 HU'");
        }
    }

    private static EditInstruction.Location location(String words, String part) {
        Matcher at = AT.matcher(words);
        if (at.matches()) {
            double x = Double.parseDouble(at.group(1));
            double y = Double.parseDouble(at.group(2));
            double z = Double.parseDouble(at.group(3));
            if (at.group(4) != null) {
                return new EditInstruction.Location.Mm(x, y, z);
            }
            if (x != Math.rint(x) || y != Math.rint(y) || z != Math.rint(z) || Math.abs(x) > 1e6 || Math.abs(y) > 1e6
                    || Math.abs(z) > 1e6) {
                throw new InvalidEditException("'" + words + "' in '" + part + "': voxel indices are whole numbers; "
                        + "add 'mm' after a point in patient millimetres");
            }
            return new EditInstruction.Location.Voxel((int) x, (int) y, (int) z);
        }
        Matcher near = NEAR.matcher(words);
        if (near.matches()) {
            return new EditInstruction.Location.NearLesion(lesionNumber(near.group(1), part));
        }
        throw new InvalidEditException("could not understand the location '" + words + "' in '" + part + "': use 'at "
                + "I,J,K' (voxel indices), 'at X,Y,Z mm' (patient LPS) or 'near lesion N'");
    }
}
