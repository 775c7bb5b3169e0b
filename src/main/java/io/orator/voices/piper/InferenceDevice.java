package io.orator.voices.piper;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.engine.StandardCapabilities;
import java.util.Locale;

/** Where neural voices run: {@code auto} picks the GPU when the engine sees one. */
public enum InferenceDevice {
    AUTO, CPU, GPU;

    /**
     * @param value {@code auto}, {@code cpu} or {@code gpu}, in any case
     * @throws IllegalArgumentException for anything else
     */
    public static InferenceDevice parse(String value) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("inference device '" + value + "' is not auto, cpu or gpu", e);
        }
    }

    /**
     * @throws IllegalStateException when a GPU is required and {@code engine} has none it can use
     */
    Device resolve(Engine engine) {
        boolean gpu = engine.getGpuCount() > 0 && engine.hasCapability(StandardCapabilities.CUDA);
        return switch (this) {
            case CPU -> Device.cpu();
            case AUTO -> gpu ? Device.gpu() : Device.cpu();
            case GPU -> {
                if (!gpu) {
                    throw new IllegalStateException("no GPU usable by " + engine.getEngineName()
                            + " (device gpu is configured; auto or cpu would run on the CPU)");
                }
                yield Device.gpu();
            }
        };
    }
}
