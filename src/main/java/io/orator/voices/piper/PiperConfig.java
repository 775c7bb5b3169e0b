package io.orator.voices.piper;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * What Orator reads from a Piper voice's JSON config ({@code NAME.onnx.json}). Absent inference
 * settings take Piper's defaults.
 *
 * @param speakers        speaker name → speaker id, in the config's order; empty for a single speaker
 * @param torchScriptForm how a TorchScript model takes its inputs ({@code torchscript.input_form})
 */
record PiperConfig(int sampleRate, PhonemeType phonemeType, String espeakVoice, PhonemeIds phonemeIds,
                   float noiseScale, float lengthScale, float noiseW, int numSpeakers,
                   Map<String, Integer> speakers, String language, TorchScriptForm torchScriptForm,
                   String description) {

    private static final Logger LOG = Logger.getLogger(PiperConfig.class.getName());

    static final float DEFAULT_NOISE_SCALE = 0.667f;
    static final float DEFAULT_LENGTH_SCALE = 1.0f;
    static final float DEFAULT_NOISE_W = 0.8f;

    /** Where the phonemes come from: espeak-ng IPA, or the text's own code points. */
    enum PhonemeType { ESPEAK, TEXT }

    /**
     * The two input forms a TorchScript pack may have: Piper's traced {@code infer}
     * {@code (text, text_lengths, sid, noise_scale, length_scale, noise_scale_w)}, or the form of
     * Piper's ONNX export {@code (text, text_lengths, scales[, sid])}.
     */
    enum TorchScriptForm { INFER, SCALES }

    boolean multiSpeaker() {
        return numSpeakers > 1;
    }

    static PiperConfig read(Path file) throws VoicePackException {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
             JsonReader json = Json.createReader(reader)) {
            return parse(json.readObject());
        } catch (IOException e) {
            // An IOException's message is mostly the file's absolute path: log it, tell clients the kind.
            LOG.log(Level.WARNING, "Cannot read voice pack config " + file, e);
            throw new VoicePackException(file.getFileName() + " cannot be read: " + (e instanceof CharacterCodingException
                    ? "it is not UTF-8 text" : e instanceof AccessDeniedException ? "permission denied"
                    : "the server log has the details"), e);
        } catch (JsonException | ClassCastException e) {
            throw new VoicePackException(file.getFileName() + " is not a JSON object: " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new VoicePackException(file.getFileName() + ": " + e.getMessage(), e);
        }
    }

    static PiperConfig parse(JsonObject root) {
        JsonObject audio = object(root, "audio");
        if (audio == null || !(audio.get("sample_rate") instanceof JsonNumber rate) || rate.intValue() <= 0) {
            throw new IllegalArgumentException("audio.sample_rate is missing or not a positive number");
        }
        PhonemeType phonemeType = switch (root.getString("phoneme_type", "espeak")) {
            case "espeak" -> PhonemeType.ESPEAK;
            case "text" -> PhonemeType.TEXT;
            default -> throw new IllegalArgumentException("phoneme_type '" + root.getString("phoneme_type")
                    + "' is not supported (espeak or text)");
        };
        JsonObject espeak = object(root, "espeak");
        String espeakVoice = espeak == null ? null : espeak.getString("voice", null);
        if (phonemeType == PhonemeType.ESPEAK && (espeakVoice == null || espeakVoice.isBlank())) {
            throw new IllegalArgumentException("espeak.voice is missing");
        }
        JsonObject inference = object(root, "inference");
        int numSpeakers = root.getInt("num_speakers", 1);
        if (numSpeakers < 1) {
            throw new IllegalArgumentException("num_speakers must be at least 1");
        }
        JsonObject language = object(root, "language");
        String code = language == null ? null : language.getString("code", null);
        JsonObject torchScript = object(root, "torchscript");
        JsonObject orator = object(root, "orator");
        return new PiperConfig(
                rate.intValue(),
                phonemeType,
                espeakVoice,
                new PhonemeIds(idMap(root)),
                number(inference, "noise_scale", DEFAULT_NOISE_SCALE),
                number(inference, "length_scale", DEFAULT_LENGTH_SCALE),
                number(inference, "noise_w", DEFAULT_NOISE_W),
                numSpeakers,
                speakers(root, numSpeakers),
                languageTag(code != null ? code : espeakVoice),
                torchScriptForm(torchScript == null ? "infer" : torchScript.getString("input_form", "infer")),
                orator == null ? null : orator.getString("description", null));
    }

    private static Map<String, long[]> idMap(JsonObject root) {
        JsonObject map = object(root, "phoneme_id_map");
        if (map == null || map.isEmpty()) {
            throw new IllegalArgumentException("phoneme_id_map is missing or empty");
        }
        Map<String, long[]> ids = new LinkedHashMap<>();
        map.forEach((phoneme, value) -> {
            if (!(value instanceof JsonArray array)) {
                throw new IllegalArgumentException("phoneme_id_map['" + phoneme + "'] is not a list of ids");
            }
            long[] list = new long[array.size()];
            for (int i = 0; i < list.length; i++) {
                if (!(array.get(i) instanceof JsonNumber id) || id.longValue() < 0) {
                    throw new IllegalArgumentException("phoneme_id_map['" + phoneme + "'] holds a non-id");
                }
                list[i] = id.longValue();
            }
            ids.put(phoneme, list);
        });
        return ids;
    }

    /** Piper configs without a {@code speaker_id_map} number their speakers 0..n-1. */
    private static Map<String, Integer> speakers(JsonObject root, int numSpeakers) {
        if (numSpeakers == 1) {
            return Map.of();
        }
        Map<String, Integer> speakers = new LinkedHashMap<>();
        JsonObject map = object(root, "speaker_id_map");
        if (map == null || map.isEmpty()) {
            for (int id = 0; id < numSpeakers; id++) {
                speakers.put(Integer.toString(id), id);
            }
        } else {
            map.forEach((name, value) -> {
                if (!(value instanceof JsonNumber id) || id.intValue() < 0 || id.intValue() >= numSpeakers) {
                    throw new IllegalArgumentException("speaker_id_map['" + name + "'] is not an id below num_speakers");
                }
                speakers.put(name, id.intValue());
            });
        }
        return Collections.unmodifiableMap(speakers);
    }

    private static TorchScriptForm torchScriptForm(String form) {
        return switch (form) {
            case "infer" -> TorchScriptForm.INFER;
            case "scales" -> TorchScriptForm.SCALES;
            default -> throw new IllegalArgumentException("torchscript.input_form '" + form + "' is not infer or scales");
        };
    }

    /** Piper writes {@code en_US}; a BCP 47 tag is {@code en-US}. */
    private static String languageTag(String code) {
        return code == null ? "und" : code.replace('_', '-');
    }

    private static JsonObject object(JsonObject parent, String key) {
        if (parent == null) {
            return null;
        }
        JsonValue value = parent.get(key);
        if (value == null || value == JsonValue.NULL) {
            return null;
        }
        if (!(value instanceof JsonObject object)) {
            throw new IllegalArgumentException(key + " is not an object");
        }
        return object;
    }

    private static float number(JsonObject parent, String key, float fallback) {
        if (parent == null || !parent.containsKey(key) || parent.isNull(key)) {
            return fallback;
        }
        if (!(parent.get(key) instanceof JsonNumber value)) {
            throw new IllegalArgumentException("inference." + key + " is not a number");
        }
        return (float) value.doubleValue();
    }
}
