package io.orator.jobs;

import io.orator.clients.Caller;
import io.orator.clients.Callers;
import io.orator.platform.Audited;
import io.orator.platform.FieldError;
import io.orator.platform.HistoryCursor;
import io.orator.platform.ProblemException;
import io.orator.synthesis.encoding.AudioFormat;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import io.orator.synthesis.timing.Captions;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code /api/v1/syntheses}: the synthesis job API of API.md. Every operation sees only the
 * caller's jobs; operators see all.
 */
@Path("v1/syntheses")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "jobs")
public class SynthesisResource {

    private static final int DEFAULT_PAGE = 20;
    private static final int MAX_PAGE = 100;
    private static final Pattern ID_PREFIX = Pattern.compile("[0-9a-f-]{1,36}");

    @Inject
    protected Jobs jobs;

    @Inject
    Callers callers;

    @Inject
    Submissions submissions;

    @Inject
    AudioDownloads audio;

    @Inject
    JobEventStreams streams;

    @Inject
    JobTimelines timelines;

    @Context
    UriInfo uriInfo;

    /**
     * Queues a job; with an {@code Idempotency-Key}, a retry with the same key and request
     * answers the first job (marked {@code Idempotent-Replayed: true}) instead of a second one.
     */
    @Operation(summary = "Queue a synthesis job", description = "A script of up to four speakers (or turns), voices, speed, retention and format. An Idempotency-Key header makes retries safe.")
    @APIResponse(responseCode = "202", description = "The job, queued; Location names it", content = @Content(mediaType = "application/json", schema = @Schema(ref = "Job")))
    @Audited("job.submit")
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response submit(@HeaderParam(Idempotency.HEADER) String idempotencyKey,
                           @NotNull(message = "a JSON body is required") @Valid SubmissionRequest request) {
        Submissions.Submitted submitted = submissions.submit(callers.current(), request, idempotencyKey);
        SynthesisJob job = submitted.job();
        URI location = uriInfo.getBaseUriBuilder().path(SynthesisResource.class).path("{id}").build(job.getId());
        Response.ResponseBuilder response = Response.accepted(JobJson.of(job)).location(location);
        if (submitted.replayed()) {
            response.header("Idempotent-Replayed", "true");
        }
        return response.build();
    }

    @Operation(summary = "A job: status, progress, audio, error")
    @APIResponse(responseCode = "200", description = "The job", content = @Content(mediaType = "application/json", schema = @Schema(ref = "Job")))
    @GET
    @Path("{id}")
    public JsonObject get(@PathParam("id") UUID id) {
        return JobJson.of(jobs.get(callers.current(), id));
    }

    @Operation(summary = "Jobs, newest first, a page at a time", description = "Filter by status or id prefix; follow next as cursor.")
    @APIResponse(responseCode = "200", description = "A page of jobs", content = @Content(mediaType = "application/json", schema = @Schema(ref = "JobPage")))
    @GET
    public JsonObject list(@QueryParam("status") String status, @QueryParam("id") String idPrefix,
                           @QueryParam("limit") Integer limit, @QueryParam("cursor") String cursor) {
        int pageSize = limit == null ? DEFAULT_PAGE : limit;
        if (pageSize < 1 || pageSize > MAX_PAGE) {
            throw ProblemException.invalid("limit is out of range",
                    List.of(new FieldError("limit", "must be between 1 and " + MAX_PAGE)));
        }
        JobPage page = jobs.list(callers.current(), parseStatus(status), parseIdPrefix(idPrefix), pageSize,
                cursor == null || cursor.isBlank() ? null : HistoryCursor.decode(cursor));
        JsonArrayBuilder items = Json.createArrayBuilder();
        page.items().forEach(job -> items.add(JobJson.of(job)));
        JsonObjectBuilder body = Json.createObjectBuilder().add("items", items);
        if (page.next() != null) {
            body.add("next", page.next().encode());
        }
        return body.build();
    }

    @Operation(summary = "A finished job's audio", description = "WAV with byte ranges and ETag; ?format= asks for mp3, opus, aac, flac or pcm, encoded as it streams.")
    @APIResponse(responseCode = "200", description = "The audio", content = {@Content(mediaType = "audio/wav"), @Content(mediaType = "audio/mpeg"), @Content(mediaType = "audio/ogg"), @Content(mediaType = "audio/aac"), @Content(mediaType = "audio/flac"), @Content(mediaType = "audio/pcm")})
    @APIResponse(responseCode = "206", description = "A byte range of the WAV file")
    @APIResponse(responseCode = "304", description = "Unchanged since the ETag given")
    @APIResponse(responseCode = "409", description = "The job has not succeeded", content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
    @APIResponse(responseCode = "410", description = "The audio expired or was deleted", content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
    @APIResponse(responseCode = "416", description = "The range is past the end")
    @GET
    @Path("{id}/audio")
    @Produces({"audio/wav", "audio/mpeg", "audio/ogg", "audio/aac", "audio/flac", "audio/pcm", MediaType.APPLICATION_JSON})
    public Response audio(@PathParam("id") UUID id, @HeaderParam("Range") String range,
                          @QueryParam("format") String format, @Context Request request) {
        SynthesisJob job = jobs.get(callers.current(), id);
        AudioFormat wanted = AudioFormats.requested("format", format == null ? job.getAudioFormat() : format);
        return audio.serve(job, range, request, wanted);
    }

    @Operation(summary = "A finished job's timestamps", description = "Every sentence with its speaker, text span and start and end in seconds, and its words where the voices report them (precision word); spans are UTF-16 indices into the job's turns.")
    @APIResponse(responseCode = "200", description = "The timestamps", content = @Content(mediaType = "application/json", schema = @Schema(ref = "Timestamps")))
    @APIResponse(responseCode = "404", description = "The job finished before timestamps were recorded", content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
    @APIResponse(responseCode = "409", description = "The job has not succeeded", content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
    @APIResponse(responseCode = "410", description = "The audio and its timestamps expired or were deleted", content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
    @GET
    @Path("{id}/timestamps")
    public Response timestamps(@PathParam("id") UUID id, @Context Request request) {
        return timelines.timestamps(jobs.get(callers.current(), id), request);
    }

    @Operation(summary = "A finished job's captions", description = "WebVTT (the default, each cue in a <v Speaker N> voice span) or SRT (?format=srt), two lines of at most 42 characters a cue.")
    @APIResponse(responseCode = "200", description = "The captions", content = {@Content(mediaType = "text/vtt"), @Content(mediaType = "application/x-subrip")})
    @APIResponse(responseCode = "404", description = "The job finished before timestamps were recorded", content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
    @APIResponse(responseCode = "409", description = "The job has not succeeded", content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
    @APIResponse(responseCode = "410", description = "The audio and its captions expired or were deleted", content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
    @APIResponse(responseCode = "422", description = "An unknown caption format", content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
    @GET
    @Path("{id}/captions")
    @Produces({"text/vtt", "application/x-subrip", MediaType.APPLICATION_JSON})
    public Response captions(@PathParam("id") UUID id, @QueryParam("format") String format, @Context Request request) {
        Captions.Format wanted = format == null || format.isBlank() ? Captions.Format.VTT
                : Captions.Format.named(format.trim()).orElseThrow(() -> ProblemException.invalid(
                        "Unknown caption format " + format, List.of(new FieldError("format", "must be vtt or srt"))));
        return timelines.captions(jobs.get(callers.current(), id), wanted, request);
    }

    @Operation(summary = "A job's progress as Server-Sent Events", description = "Status changes, chunk n of m, then the final status; resumes after Last-Event-ID.")
    @APIResponse(responseCode = "200", description = "The event stream", content = @Content(mediaType = "text/event-stream"))
    @GET
    @Path("{id}/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public void events(@PathParam("id") UUID id, @HeaderParam("Last-Event-ID") String lastEventId,
                       @Context SseEventSink sink, @Context Sse sse) {
        Caller caller = callers.current();
        streams.open(caller, jobs.get(caller, id), EventIds.lastSeen(lastEventId), sink, sse);
    }

    @Operation(summary = "Cancel a job", description = "200 when it is cancelled at once (queued), 202 while a running job stops at its next chunk.")
    @APIResponse(responseCode = "200", description = "Cancelled", content = @Content(mediaType = "application/json", schema = @Schema(ref = "Job")))
    @APIResponse(responseCode = "202", description = "Stopping", content = @Content(mediaType = "application/json", schema = @Schema(ref = "Job")))
    @APIResponse(responseCode = "409", description = "Already finished", content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
    @Audited("job.cancel")
    @POST
    @Path("{id}/cancel")
    public Response cancel(@PathParam("id") UUID id) {
        SynthesisJob job = jobs.cancel(callers.current(), id);
        return Response.status(job.getStatus() == JobStatus.CANCELLED ? 200 : 202).entity(JobJson.of(job)).build();
    }

    @Operation(summary = "Delete a job and its audio")
    @APIResponse(responseCode = "204", description = "Deleted")
    @Audited("job.delete")
    @DELETE
    @Path("{id}")
    public Response delete(@PathParam("id") UUID id) {
        jobs.delete(callers.current(), id);
        return Response.noContent().build();
    }

    /** Ids are searched by prefix, so a user can paste the few characters the console shows. */
    private static String parseIdPrefix(String idPrefix) {
        if (idPrefix == null || idPrefix.isBlank()) {
            return null;
        }
        String prefix = idPrefix.trim().toLowerCase(Locale.ROOT);
        if (!ID_PREFIX.matcher(prefix).matches()) {
            throw ProblemException.invalid("Not the start of a job id: " + idPrefix,
                    List.of(new FieldError("id", "must be 1 to 36 hexadecimal digits and dashes")));
        }
        return prefix;
    }

    private static JobStatus parseStatus(String status) {
        if (status == null || status.isBlank()) {
            return null;
        }
        try {
            return JobStatus.valueOf(status.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalid("Unknown status " + status,
                    List.of(new FieldError("status", "must be one of " + List.of(JobStatus.values()))));
        }
    }
}
