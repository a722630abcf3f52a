package org.liverlens.core.segment;

import java.nio.file.Path;
import java.util.List;

import org.liverlens.core.work.InvalidInputException;

/**
 * The real labelled CTs of the project's shared test data, split by licence, found through
 * {@link java.util.ServiceLoader}: the tools module provides them, because they name files of the
 * test data, which a product bundle must not. {@code train} mixes the training cases in and
 * {@code models evaluate} scores the evaluation cases.
 */
public interface ReferenceCases {

    /** Cases a shipped model may be trained on (their licence allows it). */
    List<LabelledCt> training(Path testData);

    /** Cases for evaluation only, never trained on. */
    List<LabelledCt> evaluation(Path testData);

    /** The provider on the class path, or an error (exit 3) saying that the tools module is missing. */
    static ReferenceCases find() {
        return java.util.ServiceLoader.load(ReferenceCases.class, ReferenceCases.class.getClassLoader()).findFirst()
                .orElseThrow(() -> new InvalidInputException(
                        "the real cases of the shared test data are not installed (they come with the tools module's "
                                + "jar, which is not on the class path)", null,
                        "run ./liverlens from the repository root, or use --no-real"));
    }
}
