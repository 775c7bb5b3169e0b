package io.orator.dispatch;

import java.util.Map;

/**
 * What a client reads in a failed job's {@code error.message}: one fixed sentence per error code.
 * Engine and file-system messages carry server paths and native text, so they go to the log next
 * to the job id and never into the job.
 */
final class FailureMessages {

    private static final Map<String, String> BY_CODE = Map.of(
            "VOICE_UNAVAILABLE", "A voice of this job is not available on this server; GET /api/v1/voices lists those that are",
            "UNKNOWN_VOICE", "The engine does not know a voice of this job",
            "ENGINE_FAILURE", "The speech engine failed on this job",
            "INFERENCE_FAILED", "The neural voice failed on a chunk of this job",
            "GPU_OUT_OF_MEMORY", "The GPU ran out of memory on this job; the engines were reloaded, retry the job",
            "STORAGE_ERROR", "Writing the audio failed on the server",
            "STORAGE_UNAVAILABLE", "The audio store could not be reached to keep this job's audio; retry the job",
            "OUT_OF_MEMORY", "The server ran out of memory on this job",
            "INTERNAL_ERROR", "The job failed inside the server");
    private static final String OTHER = "The job failed on the server";

    private FailureMessages() {
    }

    static String of(String code) {
        return BY_CODE.getOrDefault(code, OTHER);
    }
}
