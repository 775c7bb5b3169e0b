package io.orator.jobs;

import io.orator.synthesis.Turn;
import io.orator.synthesis.encoding.AudioFormat;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import java.io.StringReader;
import java.time.Instant;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/** The job's public JSON (API.md), and the JSON columns of its row. */
public final class JobJson {

    private static final Jsonb JSONB = JsonbBuilder.create();
    private static final Turn[] TURN_ARRAY = new Turn[0];

    private JobJson() {
    }

    public static JsonObject of(SynthesisJob job) {
        JsonObjectBuilder json = Json.createObjectBuilder()
                .add("id", job.getId().toString())
                .add("client", job.getClient())
                .add("status", job.getStatus().name())
                .add("progress", job.getProgress())
                .add("format", job.getAudioFormat());
        addInstant(json, "createdAt", job.getCreatedAt());
        addInstant(json, "startedAt", job.getStartedAt());
        addInstant(json, "finishedAt", job.getFinishedAt());
        addInstant(json, "expiresAt", job.getExpiresAt());
        json.add("speakers", job.getSpeakers())
                .add("characters", job.getCharacters())
                .add("turns", job.getTurnCount())
                .add("speed", job.getSpeed())
                .add("retentionHours", job.getRetentionHours())
                .add("voices", Json.createReader(new StringReader(job.getVoices())).readObject());
        if (job.getStatus() == JobStatus.RUNNING || job.getChunksTotal() > 0) {
            json.add("chunks", Json.createObjectBuilder().add("done", job.getChunksDone()).add("total", job.getChunksTotal()));
        }
        if (job.isCancelRequested() && job.getStatus() == JobStatus.RUNNING) {
            json.add("cancelRequested", true);
        }
        if (job.getStatus() == JobStatus.SUCCEEDED && job.getAudioBytes() != null) {
            json.add("audio", Json.createObjectBuilder()
                    .add("url", "/api/v1/syntheses/" + job.getId() + "/audio")
                    .add("timestampsUrl", "/api/v1/syntheses/" + job.getId() + "/timestamps")
                    .add("captionsUrl", "/api/v1/syntheses/" + job.getId() + "/captions")
                    .add("contentType", AudioFormat.of(job.getAudioFormat()).orElse(AudioFormat.WAV).mediaType())
                    .add("durationSeconds", Math.round(job.getAudioSeconds() * 1000) / 1000.0)
                    .add("sampleRate", job.getAudioSampleRate())
                    .add("bytes", job.getAudioBytes()));
        }
        if (job.getWebhookUrl() != null) {
            json.add("webhookUrl", job.getWebhookUrl());
        }
        if (job.getErrorCode() != null) {
            json.add("error", Json.createObjectBuilder().add("code", job.getErrorCode())
                    .add("message", job.getErrorMessage() == null ? "" : job.getErrorMessage()));
        }
        if (job.getAttempts() > 0) {
            json.add("stats", stats(job));
        }
        return json.build();
    }

    private static JsonObject stats(SynthesisJob job) {
        JsonObjectBuilder stats = Json.createObjectBuilder().add("attempts", job.getAttempts());
        addLong(stats, "synthesisMillis", job.getSynthesisMillis());
        if (job.getRealTimeFactor() != null) {
            stats.add("realTimeFactor", job.getRealTimeFactor());
        }
        addLong(stats, "rssBytesBefore", job.getRssBytesBefore());
        addLong(stats, "rssBytesAfter", job.getRssBytesAfter());
        addLong(stats, "gpuBytesBefore", job.getGpuBytesBefore());
        addLong(stats, "gpuBytesAfter", job.getGpuBytesAfter());
        if (job.getSkippedPhonemes() != null) {
            stats.add("skippedPhonemes", job.getSkippedPhonemes());
        }
        return stats.build();
    }

    private static void addInstant(JsonObjectBuilder json, String name, Instant value) {
        if (value != null) {
            json.add(name, value.toString());
        }
    }

    private static void addLong(JsonObjectBuilder json, String name, Long value) {
        if (value != null) {
            json.add(name, value);
        }
    }

    static String voicesToJson(SortedMap<Integer, String> voices) {
        JsonObjectBuilder json = Json.createObjectBuilder();
        voices.forEach((speaker, voice) -> json.add(String.valueOf(speaker), voice));
        return json.build().toString();
    }

    public static SortedMap<Integer, String> voicesFromJson(String json) {
        SortedMap<Integer, String> voices = new TreeMap<>();
        Json.createReader(new StringReader(json)).readObject()
                .forEach((speaker, voice) -> voices.put(Integer.valueOf(speaker), ((jakarta.json.JsonString) voice).getString()));
        return voices;
    }

    static String turnsToJson(List<Turn> turns) {
        return JSONB.toJson(turns.toArray(TURN_ARRAY));
    }

    public static List<Turn> turnsFromJson(String json) {
        return List.of(JSONB.fromJson(json, Turn[].class));
    }

}
