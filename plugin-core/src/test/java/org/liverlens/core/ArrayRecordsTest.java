package org.liverlens.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.liverlens.core.work.UserHome;

/** The product's records compare and print arrays by content ({@link ArrayRecords}). */
class ArrayRecordsTest {
    @Test
    void noRecordOfTheCoreBundleComparesAnArrayByIdentity() {
        assertEquals(List.of(), ArrayRecords.withIdentityMethods(ArrayRecords.classesOf(UserHome.class)));
    }
}
