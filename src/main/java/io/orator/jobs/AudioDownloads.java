package io.orator.jobs;

import io.orator.platform.ProblemException;
import io.orator.storage.AudioStore;
import io.orator.storage.StoreUnavailableException;
import io.orator.storage.StoredAudio;
import io.orator.synthesis.WavWriter;
import io.orator.synthesis.encoding.AudioFormat;
import io.orator.synthesis.encoding.EncodingOutputStream;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

/**
 * Serves a finished job's WAV file straight from the audio store: whole or one byte range, with an ETag,
 * so players can seek in a 90-minute file without downloading it. In another format the file
 * is encoded as it is read, block by block: memory stays bounded whatever the job's length.
 */
@ApplicationScoped
class AudioDownloads {

    private static final Logger LOG = Logger.getLogger(AudioDownloads.class.getName());
    private static final String WAV = "audio/wav";
    private static final int STORE_RETRY_SECONDS = 5;

    @Inject
    AudioStore store;

    /** The file is opened once: its size, the ETag and every byte served come from that one open file. */
    Response serve(SynthesisJob job, String rangeHeader, Request request, AudioFormat format) {
        StoredAudio audio = open(job);
        Response response;
        try {
            response = format == AudioFormat.WAV ? respond(job, audio, rangeHeader, request)
                    : encoded(job, audio, format, request);
        } catch (RuntimeException e) {
            closeQuietly(audio);
            throw e;
        }
        if (!(response.getEntity() instanceof StreamingOutput)) {
            // 304, 416 and HEAD send no bytes; a streamed body closes the file when it is written.
            closeQuietly(audio);
        }
        return response;
    }

    private static Response respond(SynthesisJob job, StoredAudio audio, String rangeHeader, Request request) {
        long length = audio.size();
        EntityTag etag = new EntityTag(job.getId() + "-" + length);
        Response.ResponseBuilder notModified = request.evaluatePreconditions(etag);
        if (notModified != null) {
            return notModified.tag(etag).build();
        }
        ByteRange range = ByteRange.parse(rangeHeader, length);
        if (range == null) {
            return Response.ok(body(audio, 0, length, request), WAV).tag(etag)
                    .header("Accept-Ranges", "bytes").header("Content-Length", length).build();
        }
        if (!range.satisfiable()) {
            return Response.status(416).header("Content-Range", "bytes */" + length)
                    .header("Accept-Ranges", "bytes").build();
        }
        return Response.status(206).entity(body(audio, range.start(), range.length(), request)).type(WAV).tag(etag)
                .header("Accept-Ranges", "bytes")
                .header("Content-Range", "bytes " + range.start() + "-" + range.end() + "/" + length)
                .header("Content-Length", range.length())
                .build();
    }

    /**
     * The audio in {@code format}, encoded while it streams. Its length is unknown before the
     * end, so it is sent whole (no ranges); the ETag names the format.
     */
    private static Response encoded(SynthesisJob job, StoredAudio audio, AudioFormat format, Request request) {
        EntityTag etag = new EntityTag(job.getId() + "-" + audio.size() + "-" + format.wireName());
        Response.ResponseBuilder notModified = request.evaluatePreconditions(etag);
        if (notModified != null) {
            return notModified.tag(etag).build();
        }
        StreamingOutput body = HttpMethod.HEAD.equals(request.getMethod()) ? null : out -> {
            try (audio; EncodingOutputStream samples = new EncodingOutputStream(
                    format.encoder(out, job.getAudioSampleRate()))) {
                audio.transferTo(WavWriter.HEADER_BYTES, audio.size() - WavWriter.HEADER_BYTES, samples);
            }
        };
        return Response.ok(body, format.mediaType()).tag(etag).header("Accept-Ranges", "none").build();
    }

    /** Opens the job's audio, or answers why there is none: 410 when it is gone, 409 when it never was. */
    private StoredAudio open(SynthesisJob job) {
        switch (job.getStatus()) {
            case SUCCEEDED:
                try {
                    return store.open(job.getAudioFile())
                            .orElseThrow(() -> gone(job, "Its audio is no longer kept"));
                } catch (StoreUnavailableException e) {
                    throw storeUnavailable(job, e);
                } catch (IOException e) {
                    throw new UncheckedIOException("Cannot open the audio of job " + job.getId(), e);
                }
            case EXPIRED:
                throw gone(job, "Its audio expired at " + job.getExpiresAt());
            default:
                throw ProblemException.conflict("audio-not-ready",
                        "Job " + job.getId() + " is " + job.getStatus() + "; audio exists only for SUCCEEDED jobs");
        }
    }

    /** The store holding the audio cannot be reached now: a passing state, so the client may come back. */
    static ProblemException storeUnavailable(SynthesisJob job, StoreUnavailableException e) {
        LOG.warning(() -> "Cannot serve job " + job.getId() + ": " + e.getMessage());
        return new ProblemException(503, "storage-unavailable", "Audio store unavailable",
                "The store that keeps the audio of job " + job.getId() + " cannot be reached now; try again shortly",
                List.of(), Map.of("Retry-After", String.valueOf(STORE_RETRY_SECONDS)));
    }

    private static ProblemException gone(SynthesisJob job, String why) {
        return new ProblemException(410, "audio-gone", "Audio gone",
                "The audio of job " + job.getId() + " was deleted. " + why, List.of(), Map.of());
    }

    /**
     * Streams from the open file and closes it when done, whatever happens to the client. A HEAD
     * request gets no body: its writer would never run, so the file is closed by {@link #serve}.
     */
    private static StreamingOutput body(StoredAudio audio, long start, long count, Request request) {
        if (HttpMethod.HEAD.equals(request.getMethod())) {
            return null;
        }
        return out -> {
            try (audio) {
                audio.transferTo(start, count, out);
            }
        };
    }

    private static void closeQuietly(StoredAudio audio) {
        try {
            audio.close();
        } catch (IOException e) {
            LOG.fine(() -> "Closing an audio file failed: " + e.getMessage());
        }
    }
}
