package org.liverlens.core.export;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;

/**
 * What went wrong in a JSON file of ours (config.json, job.json, state.json), in one line: Jackson's
 * own message spans lines and names its internal switches, which a user cannot act on.
 */
final class JsonErrors {
    private JsonErrors() {
    }

    /** The parser's finding and where, e.g. "Unexpected end-of-input (line 76, column 13)". */
    static String describe(Exception e) {
        if (e instanceof JsonProcessingException j) {
            JsonLocation at = j.getLocation();
            return j.getOriginalMessage().lines().findFirst().orElse("not valid JSON")
                    + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")");
        }
        return String.valueOf(e.getMessage());
    }
}
