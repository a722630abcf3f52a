package org.liverlens.testdicom;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.liverlens.core.ArrayRecords;

/** The generator's records compare and print arrays by content ({@link ArrayRecords}). */
class GeneratorRecordsTest {
    @Test
    void noRecordOfTheGeneratorComparesAnArrayByIdentity() {
        assertEquals(List.of(), ArrayRecords.withIdentityMethods(ArrayRecords.classesOf(SyntheticCt.class)));
    }
}
