package org.liverlens.core.edit;

import java.util.List;

/** A parsed counterfactual instruction: the text as given and its edits, applied in order. */
public record EditRequest(String instruction, List<EditInstruction> edits) {
    public EditRequest {
        if (instruction == null || edits == null || edits.isEmpty()) {
            throw new IllegalArgumentException("an instruction with at least one edit is required");
        }
        edits = List.copyOf(edits);
    }
}
