package io.orator.voices.piper;

import io.orator.voices.piper.VoicePack.Format;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Finds the Piper voice packs in a directory: {@code NAME.onnx} with {@code NAME.onnx.json}, and
 * {@code NAME.pt} with {@code NAME.pt.json} or else {@code NAME.onnx.json}. A pack that cannot be
 * used is listed with its reason; nothing in one pack stops the scan of the others.
 */
public final class VoicePacks {

    private static final String JSON = ".json";

    private VoicePacks() {
    }

    /**
     * Scans {@code directory} (not its subdirectories). A missing directory holds no packs.
     *
     * @return every pack found, in file name order; when both {@code NAME.pt} and {@code NAME.onnx}
     *         exist, the TorchScript one is used and the ONNX one is listed as unusable, since one
     *         name is one voice
     * @throws IOException when the directory exists but cannot be listed
     */
    public static List<VoicePack> scan(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        Set<String> files = new TreeSet<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
            for (Path entry : entries) {
                String fileName = entry.getFileName().toString();
                if (!fileName.startsWith(".") && Files.isRegularFile(entry)) {
                    files.add(fileName);
                }
            }
        }
        List<VoicePack> found = new ArrayList<>();
        for (String fileName : files) {
            Format format = formatOf(fileName);
            if (format != null) {
                String name = stem(fileName);
                Path model = directory.resolve(fileName);
                if (format == Format.ONNX && files.contains(name + Format.TORCHSCRIPT.extension)) {
                    found.add(VoicePack.unusable(name, format, model, name + Format.TORCHSCRIPT.extension
                            + " is used for this name; rename one of the two models to use both"));
                } else {
                    found.add(pack(directory, name, format, files));
                }
            } else if (fileName.endsWith(JSON)) {
                orphan(directory, fileName, files).ifPresent(found::add);
            }
        }
        return List.copyOf(found);
    }

    /** A config whose model is missing is reported, so a half-copied pack does not vanish silently. */
    private static Optional<VoicePack> orphan(Path directory, String configName, Set<String> files) {
        String modelName = configName.substring(0, configName.length() - JSON.length());
        Format format = formatOf(modelName);
        if (format == null || files.contains(modelName)
                || format == Format.ONNX && files.contains(stem(modelName) + Format.TORCHSCRIPT.extension)) {
            return Optional.empty();
        }
        return Optional.of(VoicePack.unusable(stem(modelName), format, directory.resolve(modelName),
                "model file " + modelName + " is missing beside " + configName));
    }

    private static Format formatOf(String fileName) {
        for (Format format : Format.values()) {
            if (fileName.endsWith(format.extension)) {
                return format;
            }
        }
        return null;
    }

    private static VoicePack pack(Path directory, String name, Format format, Set<String> files) {
        Path model = directory.resolve(name + format.extension);
        if (name.isBlank() || name.contains("#")) {
            return VoicePack.unusable(name, format, model, "a voice pack name must be non-empty and without '#'");
        }
        String configName = name + format.extension + JSON;
        if (!files.contains(configName) && format == Format.TORCHSCRIPT) {
            configName = name + Format.ONNX.extension + JSON;
        }
        if (!files.contains(configName)) {
            return VoicePack.unusable(name, format, model, "no config: expected " + name + format.extension + JSON
                    + (format == Format.TORCHSCRIPT ? " or " + name + Format.ONNX.extension + JSON : "") + " beside it");
        }
        try {
            return VoicePack.usable(name, format, model, PiperConfig.read(directory.resolve(configName)));
        } catch (VoicePackException e) {
            return VoicePack.unusable(name, format, model, e.getMessage());
        }
    }

    private static String stem(String modelName) {
        return modelName.substring(0, modelName.lastIndexOf('.'));
    }
}
