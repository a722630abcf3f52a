package org.liverlens.core.segment;

/**
 * Identity of a model package as written into findings.json and the SEG's algorithm
 * identification: name, version and the SHA-256 of its weights (of {@code model.json}'s first
 * weight file; hex, lower case).
 */
public record ModelInfo(String name, String version, String sha256) {
    public ModelInfo {
        if (name == null || name.isBlank() || version == null || version.isBlank()) {
            throw new IllegalArgumentException("a model needs a name and a version");
        }
    }
}
