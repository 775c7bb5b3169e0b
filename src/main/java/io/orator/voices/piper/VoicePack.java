package io.orator.voices.piper;

import java.nio.file.Path;
import java.util.Optional;

/**
 * One Piper voice pack found in the voices directory: a model file and its JSON config, or the
 * reason it cannot be used.
 */
public final class VoicePack {

    /** The model file's format, which decides the engine that runs it. */
    public enum Format {
        /** {@code NAME.onnx}, run by ONNX Runtime. */
        ONNX(".onnx"),
        /** {@code NAME.pt}, TorchScript run by PyTorch. */
        TORCHSCRIPT(".pt");

        final String extension;

        Format(String extension) {
            this.extension = extension;
        }
    }

    private final String name;
    private final Format format;
    private final Path modelFile;
    private final PiperConfig config;
    private final String problem;

    private VoicePack(String name, Format format, Path modelFile, PiperConfig config, String problem) {
        this.name = name;
        this.format = format;
        this.modelFile = modelFile;
        this.config = config;
        this.problem = problem;
    }

    static VoicePack usable(String name, Format format, Path modelFile, PiperConfig config) {
        return new VoicePack(name, format, modelFile, config, null);
    }

    static VoicePack unusable(String name, Format format, Path modelFile, String problem) {
        return new VoicePack(name, format, modelFile, null, problem);
    }

    /** The file name without its extension; the voice id, or its part before {@code #speaker}. */
    public String name() {
        return name;
    }

    public Format format() {
        return format;
    }

    public Path modelFile() {
        return modelFile;
    }

    /** Why this pack cannot be used, or empty when it can be loaded. */
    public Optional<String> problem() {
        return Optional.ofNullable(problem);
    }

    /** The parsed config; present exactly when there is no problem. */
    PiperConfig config() {
        return config;
    }

    @Override
    public String toString() {
        return name + format.extension + (problem == null ? "" : " (unusable: " + problem + ")");
    }
}
