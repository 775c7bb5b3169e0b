package io.orator.jobs;

import io.orator.platform.ProblemException;
import io.orator.storage.AudioStore;
import io.orator.storage.StoreUnavailableException;
import io.orator.synthesis.timing.Captions;
import io.orator.synthesis.timing.TimelineReader;
import io.orator.synthesis.timing.TimestampsJson;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Serves a finished job's timestamps (JSON) and captions (WebVTT, SRT) from the timeline
 * written beside its audio, streamed as the file is read: memory holds one sentence whatever
 * the job's length. The file is opened once per request, so a delete racing the download
 * changes nothing of what is sent.
 */
@ApplicationScoped
class JobTimelines {

    @Inject
    AudioStore store;

    Response timestamps(SynthesisJob job, Request request) {
        TimelineReader timeline = open(job);
        StreamingOutput body = unlessHead(request, timeline, out -> {
            try (timeline) {
                TimestampsJson.write(job.getId().toString(), timeline, out);
            }
        });
        return Response.ok(body, MediaType.APPLICATION_JSON_TYPE.withCharset("utf-8")).build();
    }

    Response captions(SynthesisJob job, Captions.Format format, Request request) {
        TimelineReader timeline = open(job);
        StreamingOutput body = unlessHead(request, timeline, out -> {
            try (timeline; BufferedWriter writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8))) {
                Captions.write(timeline, format, writer);
            }
        });
        return Response.ok(body, format.mediaType() + "; charset=utf-8")
                .header("Content-Disposition", "inline; filename=\"" + job.getId() + "." + format.extension() + "\"")
                .build();
    }

    /**
     * The body, which closes the timeline when written; for HEAD none, and the timeline is closed
     * now, since a HEAD response's writer never runs.
     */
    private static StreamingOutput unlessHead(Request request, TimelineReader timeline, StreamingOutput body) {
        if (!HttpMethod.HEAD.equals(request.getMethod())) {
            return body;
        }
        try {
            timeline.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return null;
    }

    /**
     * The job's timeline, or why there is none: 409 before the job succeeded, 410 once its audio
     * is gone, 404 for a job finished before timelines were recorded.
     */
    private TimelineReader open(SynthesisJob job) {
        switch (job.getStatus()) {
            case SUCCEEDED:
                try {
                    InputStream in = store.readTimeline(job.getAudioFile()).orElseThrow(() -> missing(job));
                    return TimelineReader.read(in, "the timeline of job " + job.getId());
                } catch (StoreUnavailableException e) {
                    throw AudioDownloads.storeUnavailable(job, e);
                } catch (IOException e) {
                    throw new UncheckedIOException("Cannot read the timeline of job " + job.getId(), e);
                }
            case EXPIRED:
                throw gone(job, "Its audio and timestamps expired at " + job.getExpiresAt());
            default:
                throw ProblemException.conflict("timestamps-not-ready", "Job " + job.getId() + " is " + job.getStatus()
                        + "; timestamps exist only for SUCCEEDED jobs");
        }
    }

    private ProblemException missing(SynthesisJob job) {
        boolean audioKept;
        try {
            audioKept = store.exists(job.getAudioFile());
        } catch (StoreUnavailableException e) {
            return AudioDownloads.storeUnavailable(job, e);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot look for the audio of job " + job.getId(), e);
        }
        if (!audioKept) {
            return gone(job, "Its audio is no longer kept");
        }
        return new ProblemException(404, "timestamps-unavailable", "No timestamps",
                "Job " + job.getId() + " finished before this server recorded timestamps", List.of(), Map.of());
    }

    private static ProblemException gone(SynthesisJob job, String why) {
        return new ProblemException(410, "timestamps-gone", "Timestamps gone",
                "The timestamps of job " + job.getId() + " were deleted with its audio. " + why, List.of(), Map.of());
    }
}
