package org.liverlens.core.edit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.liverlens.core.work.ExitCodes;

/** The instruction language of docs/edit.md and CLI.md, and its errors. */
class EditParserTest {
    private final EditParser parser = new EditParser();

    @Test
    void everyExampleOfTheCliReferenceParses() {
        assertEquals(new EditInstruction.RemoveLesion(2, "remove lesion 2"), only("remove lesion 2"));
        assertInstanceOf(EditInstruction.RemoveAllLesions.class, only("remove all lesions"));
        assertEquals(new EditInstruction.AddLesion(15, EditInstruction.Appearance.of(
                        EditInstruction.Appearance.Kind.HYPODENSE), new EditInstruction.Location.Voxel(120, 200, 40),
                        "add a 15 mm hypodense lesion at 120,200,40"),
                only("add a 15 mm hypodense lesion at 120,200,40"));
        EditInstruction.AddLesion near = (EditInstruction.AddLesion) only("add a 2 cm hyperdense lesion near lesion 1");
        assertEquals(20, near.diameterMm());
        assertEquals(EditInstruction.Appearance.Kind.HYPERDENSE, near.appearance().kind());
        assertEquals(new EditInstruction.Location.NearLesion(1), near.location());
        assertEquals(new EditInstruction.ResizeLesion(1, 20, "grow lesion 1 by 20%"), only("grow lesion 1 by 20%"));
        assertEquals(new EditInstruction.ResizeLesion(3, -50, "shrink lesion 3 by 50%"), only("shrink lesion 3 by 50%"));
    }

    @Test
    void huValuesMillimetrePointsAndOtherAppearancesParse() {
        EditInstruction.AddLesion a = (EditInstruction.AddLesion) only("Add a 12mm 40 HU lesion at -60.5, 20, -110 mm.");
        assertEquals(EditInstruction.Appearance.huValue(40), a.appearance());
        assertEquals(new EditInstruction.Location.Mm(-60.5, 20, -110), a.location());
        assertEquals(EditInstruction.Appearance.Kind.RIM_ENHANCING,
                ((EditInstruction.AddLesion) only("add a 3 cm rim-enhancing lesion at 1,2,3")).appearance().kind());
        assertEquals(EditInstruction.Appearance.Kind.NECROTIC,
                ((EditInstruction.AddLesion) only("add a 30 mm necrotic lesion near lesion 2")).appearance().kind());
    }

    @Test
    void partsJoinedWithAndApplyInOrder() {
        List<EditInstruction> edits = parser.parse("remove lesion 2 and grow lesion 1 by 10% and add a 1 cm lesion "
                + "near lesion 1").edits();
        assertEquals(3, edits.size());
        assertInstanceOf(EditInstruction.RemoveLesion.class, edits.get(0));
        assertInstanceOf(EditInstruction.ResizeLesion.class, edits.get(1));
        assertInstanceOf(EditInstruction.AddLesion.class, edits.get(2));
    }

    @Test
    void aPartNotUnderstoodIsQuotedWithWhatIsSupported() {
        InvalidEditException e = assertThrows(InvalidEditException.class,
                () -> parser.parse("remove lesion 2 and paint the liver blue"));
        assertTrue(e.getMessage().contains("'paint the liver blue'"), e.getMessage());
        assertTrue(e.userMessage().contains("remove lesion N") && e.userMessage().contains("grow lesion N by P%"),
                e.userMessage());
        assertEquals(ExitCodes.INVALID_INPUT, e.exitCode());
    }

    @Test
    void anInsertionWithoutSizeSaysSo() {
        InvalidEditException e = assertThrows(InvalidEditException.class,
                () -> parser.parse("add a hypodense lesion at 1,2,3"));
        assertTrue(e.getMessage().contains("needs a size"), e.getMessage());
    }

    @Test
    void impossibleValuesAreRefused() {
        assertThrows(InvalidEditException.class, () -> parser.parse("remove lesion 0"));
        assertThrows(InvalidEditException.class, () -> parser.parse("shrink lesion 1 by 100%"));
        assertThrows(InvalidEditException.class, () -> parser.parse("add a 2 mm lesion at 1,2,3"));
        assertThrows(InvalidEditException.class, () -> parser.parse("add a 20 mm lesion at 1.5,2,3"));
        assertThrows(InvalidEditException.class, () -> parser.parse("add a 20 mm purple lesion at 1,2,3"));
        assertThrows(InvalidEditException.class, () -> parser.parse("  "));
    }

    private EditInstruction only(String text) {
        List<EditInstruction> edits = parser.parse(text).edits();
        assertEquals(1, edits.size());
        return edits.get(0);
    }
}
