package io.orator.voices;

/**
 * One voice a client can name in a synthesis request.
 *
 * @param id          stable public id, e.g. {@code en-us-f3}
 * @param engine      the engine that speaks it: {@code espeak-ng}, {@code pytorch} or {@code onnx}
 * @param language    BCP 47 language tag, e.g. {@code en-US}
 * @param sampleRate  native output rate in Hz
 * @param description one line a person can choose by
 */
public record Voice(String id, String engine, String language, int sampleRate, String description) {
}
