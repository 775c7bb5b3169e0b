package io.orator.openai;

import io.orator.synthesis.encoding.AudioFormat;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.Set;

/**
 * The body of {@code POST /v1/audio/speech}, as OpenAI defines it, checked field by field so a
 * mistake is answered with the field's name.
 *
 * @param voice        an OpenAI voice name or an Orator voice id ({@code "voice": {"id": …}} too)
 * @param instructions accepted for compatibility; Orator's voices do not take style instructions
 * @param sse          {@code stream_format: "sse"}: the audio as {@code speech.audio.delta} events
 */
public record SpeechRequest(String model, String input, String voice, AudioFormat format, double speed,
                            String instructions, boolean sse) {

    /** OpenAI's rate for every format: 24 kHz, 16-bit, mono. */
    public static final int SAMPLE_RATE = 24_000;

    private static final Set<String> FIELDS = Set.of("model", "input", "voice", "response_format", "speed",
            "instructions", "stream_format");

    public static SpeechRequest parse(JsonObject body, int maxInputCharacters) {
        for (String field : body.keySet()) {
            if (!FIELDS.contains(field)) {
                throw OpenAiError.invalid(field, "unknown_parameter", "Unrecognized request argument supplied: " + field);
            }
        }
        String model = requiredString(body, "model");
        String input = requiredString(body, "input");
        if (input.isBlank()) {
            throw OpenAiError.invalid("input", "empty_input", "input must contain text to speak");
        }
        int characters = input.codePointCount(0, input.length());
        if (characters > maxInputCharacters) {
            throw OpenAiError.invalid("input", "input_too_long", "input is " + characters + " characters; this endpoint takes at most "
                    + maxInputCharacters + ". Submit longer text (up to a 90-minute script) as a job: POST /api/v1/syntheses");
        }
        String voice = voice(body);
        String formatName = optionalString(body, "response_format", "mp3");
        AudioFormat format = AudioFormat.of(formatName).orElseThrow(() -> OpenAiError.invalid("response_format",
                "invalid_response_format", "response_format must be one of mp3, opus, aac, flac, wav, pcm; got " + formatName));
        double speed = speed(body);
        String instructions = optionalString(body, "instructions", null);
        String streamFormat = optionalString(body, "stream_format", "audio");
        if (!streamFormat.equals("audio") && !streamFormat.equals("sse")) {
            throw OpenAiError.invalid("stream_format", "invalid_stream_format", "stream_format must be audio or sse");
        }
        return new SpeechRequest(model, input, voice, format, speed, instructions, streamFormat.equals("sse"));
    }

    private static String voice(JsonObject body) {
        JsonValue voice = body.get("voice");
        if (voice instanceof JsonString name && !name.getString().isBlank()) {
            return name.getString().trim();
        }
        if (voice instanceof JsonObject custom && custom.get("id") instanceof JsonString id && !id.getString().isBlank()) {
            return id.getString().trim();
        }
        throw OpenAiError.invalid("voice", "invalid_voice", "voice is required: a voice name (GET /v1/audio/voices) or {\"id\": …}");
    }

    private static double speed(JsonObject body) {
        JsonValue speed = body.get("speed");
        if (speed == null || speed == JsonValue.NULL) {
            return 1.0;
        }
        if (!(speed instanceof JsonNumber number) || number.doubleValue() < 0.25 || number.doubleValue() > 4.0) {
            throw OpenAiError.invalid("speed", "invalid_speed", "speed must be a number from 0.25 to 4.0");
        }
        return number.doubleValue();
    }

    private static String requiredString(JsonObject body, String field) {
        if (body.get(field) instanceof JsonString value) {
            return value.getString();
        }
        throw OpenAiError.invalid(field, "missing_" + field, field + " is required and must be a string");
    }

    private static String optionalString(JsonObject body, String field, String otherwise) {
        JsonValue value = body.get(field);
        if (value == null || value == JsonValue.NULL) {
            return otherwise;
        }
        if (value instanceof JsonString string) {
            return string.getString();
        }
        throw OpenAiError.invalid(field, "invalid_" + field, field + " must be a string");
    }
}
