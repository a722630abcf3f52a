package org.liverlens.core.segment;

import java.util.Locale;

/** Where inference runs: {@code auto} tries the GPU and falls back to the CPU, saying so. */
public enum Device {
    AUTO, CPU, GPU;

    /** Parses {@code auto|cpu|gpu} (any case). */
    public static Device parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("device must be auto, cpu or gpu, got '" + s + "'");
        }
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
