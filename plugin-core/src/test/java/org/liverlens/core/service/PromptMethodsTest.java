package org.liverlens.core.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.liverlens.core.prompt.RegionCompetition;
import org.liverlens.core.work.ExitCodes;
import org.liverlens.core.work.InvalidInputException;

/** Prompt segmenters chosen by name: the classical one by default, unknown names and misplaced models refused. */
class PromptMethodsTest {
    @Test
    void theDefaultIsTheClassicalMethod() {
        assertInstanceOf(RegionCompetition.class, PromptMethods.byName(PromptMethods.DEFAULT, null));
    }

    @Test
    void anUnknownMethodIsRefusedNamingTheKnownOnes() {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> PromptMethods.byName("magic", null));
        assertEquals(ExitCodes.INVALID_INPUT, e.exitCode());
        assertTrue(e.getMessage().contains("magic") && e.hint().orElse("").contains("learned"), e.getMessage() + " / " + e.hint());
    }

    @Test
    void aPromptModelForTheClassicalMethodIsRefused() {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> PromptMethods.byName(PromptMethods.CLASSICAL, Path.of("/tmp/some-model")));
        assertTrue(e.getMessage().contains("--prompt-model"), e.getMessage());
    }

    @Test
    void aLearnedMethodWithAFolderThatIsNoPackageIsRefused() {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> PromptMethods.byName(PromptMethods.LEARNED, Path.of("/nonexistent-prompt-model")));
        assertTrue(e.getMessage().contains("model.json"), e.getMessage());
    }
}
