package org.liverlens.core.work;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/** Names from input print on one line, as they are unless they hold control or bidirectional characters. */
class PrintableTextTest {
    @Test
    void plainNamesPrintAsTheyAre() {
        assertEquals("/data/case 7/Ünïcode-名前\\x.dcm", PrintableText.escape(Path.of("/data/case 7/Ünïcode-名前\\x.dcm")));
    }

    @Test
    void controlCharactersAreWrittenInEscapeNotationAndBackslashesDoubled() {
        assertEquals("a\\nb\\rc\\td\\ee\\x00f\\x7Fg\\x85h\\\\i", PrintableText.escape("a\nb\rc\td\u001be\u0000f\u007fg\u0085h\\i"));
    }

    @Test
    void bidirectionalOverridesAndLineSeparatorsAreEscaped() {
        assertEquals("evil\\u202Egpj.exe\\u2028x\\u2066y", PrintableText.escape("evil\u202Egpj.exe\u2028x\u2066y"));
    }
}
