package org.liverlens.core;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.RecordComponent;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * Finds records with an array component that keep the generated {@code equals}, {@code hashCode}
 * or {@code toString}: those compare arrays by identity (two equal measurements are not equal) and
 * print {@code [D@1b6d3586} (issue 13 item 16). Such a record must override the three over the
 * array contents, or be a plain class with a reason in its Javadoc.
 *
 * <p>The generated methods are found in the class file: the compiler implements them with an
 * {@code invokedynamic} whose descriptor takes the record itself ({@code (LX;Ljava/lang/Object;)Z}
 * for equals), while a hand-written {@code equals} has the descriptor {@code (Ljava/lang/Object;)Z}
 * only. Reflection cannot tell the two apart.
 */
public final class ArrayRecords {
    private ArrayRecords() {
    }

    /** The compiled-classes folder (or jar) that {@code type} was loaded from. */
    public static Path classesOf(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** "Name: equals, hashCode" for every record under {@code classes} that keeps a generated method. */
    public static List<String> withIdentityMethods(Path classes) {
        List<String> found = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(classes)) {
            for (Path f : walk.filter(p -> p.toString().endsWith(".class")).sorted().toList()) {
                String internal = classes.relativize(f).toString().replace('\\', '/').replaceAll("\\.class$", "");
                Class<?> c = Class.forName(internal.replace('/', '.'), false, ArrayRecords.class.getClassLoader());
                if (!c.isRecord() || Arrays.stream(c.getRecordComponents()).map(RecordComponent::getType)
                        .noneMatch(Class::isArray)) {
                    continue;
                }
                String bytes = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
                List<String> generated = new ArrayList<>();
                String self = "(L" + internal + ";";
                if (bytes.contains(self + "Ljava/lang/Object;)Z")) {
                    generated.add("equals");
                }
                if (bytes.contains(self + ")I")) {
                    generated.add("hashCode");
                }
                if (bytes.contains(self + ")Ljava/lang/String;")) {
                    generated.add("toString");
                }
                if (!generated.isEmpty()) {
                    found.add(c.getName() + ": " + String.join(", ", generated));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
        return found;
    }
}
