package org.liverlens.core.edit;

import org.liverlens.core.work.InvalidInputException;

/**
 * A counterfactual instruction that cannot be understood or cannot be carried out (exit code 3): a part
 * that is not understood (quoted, with what is supported), lesion 7 of 2, a lesion outside the liver.
 */
public final class InvalidEditException extends InvalidInputException {
    /** What every message about the language ends with. */
    public static final String SUPPORTED = "supported: 'remove lesion N', 'remove all lesions', "
            + "'add a SIZE mm|cm [hypodense|hyperdense|rim-enhancing|necrotic|N HU] lesion at I,J,K' (voxel), "
            + "'... at X,Y,Z mm' (patient LPS), '... near lesion N', 'grow lesion N by P%', 'shrink lesion N by P%', "
            + "joined with 'and' (docs/edit.md)";

    public InvalidEditException(String message) {
        super(message, null, SUPPORTED);
    }

    public InvalidEditException(String message, String hint) {
        super(message, null, hint);
    }
}
