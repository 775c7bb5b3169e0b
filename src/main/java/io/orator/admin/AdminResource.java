package io.orator.admin;

import io.orator.clients.Caller;
import io.orator.clients.RequestAuthentication;
import io.orator.dispatch.Dispatcher;
import io.orator.platform.Audited;
import io.orator.platform.FieldError;
import io.orator.platform.ProblemException;
import io.orator.platform.Problems;
import io.orator.retention.AudioCleanup;
import io.orator.retention.CleanupReport;
import io.orator.voices.VoiceRegistry;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.ext.Provider;
import java.lang.management.ManagementFactory;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code /api/v1/admin}: what operators do: watch the dashboard, pause and resume dispatch,
 * recycle the engines, rescan voices, run the cleanup (jobs: {@link AdminSynthesisResource}). Only for callers in
 * role {@value #ROLE} (web.xml guards the URL space; {@link RequireAdmin} checks again here).
 */
@Path("v1/admin")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "admin")
public class AdminResource {

    public static final String ROLE = Caller.ADMIN_ROLE;
    private static final int DEFAULT_HOURS = 24;
    private static final int MAX_HOURS = 168;
    private static final int DEFAULT_USAGE_DAYS = 7;
    private static final int MAX_USAGE_DAYS = 366;

    @Inject
    Dashboard dashboard;

    @Inject
    Dispatcher dispatcher;

    @Inject
    VoiceRegistry voices;

    @Inject
    AudioCleanup cleanup;

    @Inject
    Sampler sampler;

    @Inject
    UsageReport usage;

    /** Per client over the last {@code days} (7): jobs and characters submitted, outcomes, audio. */
    @Operation(summary = "Usage per client and day")
    @GET
    @Path("usage")
    public JsonObject usage(@QueryParam("days") Integer days) {
        int period = days == null ? DEFAULT_USAGE_DAYS : days;
        if (period < 1 || period > MAX_USAGE_DAYS) {
            throw ProblemException.invalid("days is out of range",
                    List.of(new FieldError("days", "must be between 1 and " + MAX_USAGE_DAYS)));
        }
        JsonArrayBuilder clients = Json.createArrayBuilder();
        usage.lastDays(period).forEach(c -> clients.add(Json.createObjectBuilder()
                .add("client", c.client()).add("jobs", c.jobs()).add("characters", c.characters())
                .add("succeeded", c.succeeded()).add("failed", c.failed())
                .add("audioSeconds", Math.round(c.audioSeconds() * 10) / 10.0)));
        return Json.createObjectBuilder().add("days", period).add("clients", clients).build();
    }

    @Operation(summary = "What the console's dashboard shows: queue, worker, memory, recent jobs")
    @GET
    @Path("dashboard")
    public JsonObject dashboard(@QueryParam("hours") Integer hours) {
        int window = hours == null ? DEFAULT_HOURS : hours;
        if (window < 1 || window > MAX_HOURS) {
            throw ProblemException.invalid("hours is out of range",
                    List.of(new FieldError("hours", "must be between 1 and " + MAX_HOURS)));
        }
        return dashboard.summary(window);
    }

    /**
     * The console's chart data, column by column (one array per series, oldest first): the
     * samples taken after {@code since} (epoch milliseconds), or all the ring holds.
     */
    @Operation(summary = "Memory and queue samples since a time, for the console's charts")
    @GET
    @Path("samples")
    public JsonObject samples(@QueryParam("since") Long since) {
        JsonArrayBuilder times = Json.createArrayBuilder();
        JsonArrayBuilder rss = Json.createArrayBuilder();
        JsonArrayBuilder heap = Json.createArrayBuilder();
        JsonArrayBuilder gpu = Json.createArrayBuilder();
        JsonArrayBuilder rtf = Json.createArrayBuilder();
        for (Sample sample : sampler.since(since == null ? Long.MIN_VALUE : since)) {
            times.add(sample.epochMillis());
            rss.add(sample.rssBytes());
            heap.add(sample.heapUsedBytes());
            if (sample.gpuBytes() == Dashboard.NO_GPU) {
                gpu.addNull();
            } else {
                gpu.add(sample.gpuBytes());
            }
            if (Double.isNaN(sample.realTimeFactor())) {
                rtf.addNull();
            } else {
                rtf.add(sample.realTimeFactor());
            }
        }
        return Json.createObjectBuilder()
                .add("intervalSeconds", sampler.periodSeconds())
                .add("capacity", sampler.capacity())
                .add("heapMaxBytes", ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getMax())
                .add("times", times)
                .add("rssBytes", rss)
                .add("heapUsedBytes", heap)
                .add("gpuBytes", gpu)
                .add("realTimeFactor", rtf)
                .build();
    }

    @Operation(summary = "Whether the worker takes jobs")
    @GET
    @Path("dispatch")
    public JsonObject dispatch() {
        return dashboard.dispatch();
    }

    @Operation(summary = "Stop taking new jobs; the running one finishes")
    @Audited("dispatch.pause")
    @POST
    @Path("dispatch/pause")
    public JsonObject pause() {
        dispatcher.pause();
        return dashboard.dispatch();
    }

    @Operation(summary = "Drain this node: take no more jobs, and hand the running one back to the queue at its next "
            + "sentence's end, for any node to continue from there; resume undoes it")
    @Audited("dispatch.drain")
    @POST
    @Path("dispatch/drain")
    public JsonObject drain() {
        dispatcher.drain();
        return dashboard.dispatch();
    }

    @Operation(summary = "Take jobs again")
    @Audited("dispatch.resume")
    @POST
    @Path("dispatch/resume")
    public JsonObject resume() {
        dispatcher.resume();
        return dashboard.dispatch();
    }

    /**
     * Closes the neural engines and loads the voice packs again: frees their native memory and
     * picks up new, changed and removed packs. 200 when done now, 202 when it waits for the
     * running job. {@code engine/recycle} and {@code voices/rescan} are older names of it.
     */
    @Operation(summary = "Recycle the inference engine and rescan the voices directory", description = "One verb with three names: engines/reload, engine/recycle, voices/rescan.")
    @Parameter(name = "path", in = ParameterIn.PATH, required = true,
            schema = @Schema(enumeration = {"engines/reload", "engine/recycle", "voices/rescan"}))
    @Audited("engines.reload")
    @POST
    @Path("{path: engines/reload|engine/recycle|voices/rescan}")
    public Response reload() {
        return reloaded(voices.reload());
    }

    @Operation(summary = "Run the cleanup now: expired audio, quotas, orphan files")
    @APIResponse(responseCode = "200", description = "What the pass removed")
    @APIResponse(responseCode = "409", description = "A cleanup pass is running", content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
    @Audited("cleanup.run")
    @POST
    @Path("cleanup")
    public JsonObject cleanup() {
        CleanupReport report = cleanup.runNow().orElseThrow(() -> new ProblemException(Response.Status.CONFLICT,
                "cleanup-running", "Cleanup already running", "A cleanup pass is running now; its results are logged"));
        return Json.createObjectBuilder()
                .add("expired", report.expired())
                .add("overQuota", report.overQuota())
                .add("tempFilesRemoved", report.tempFilesRemoved())
                .add("orphanFilesRemoved", report.orphanFilesRemoved())
                .add("historyRowsPurged", report.historyRowsPurged())
                .add("bytesFreed", report.bytesFreed())
                .build();
    }

    private Response reloaded(boolean now) {
        return Response.status(now ? 200 : 202).entity(Json.createObjectBuilder()
                .add("reloaded", now)
                .add("engine", dashboard.engine())
                .build()).build();
    }

    /**
     * Defence in depth behind web.xml: no method of a resource under {@code v1/admin} runs for
     * anyone else.
     */
    @Provider
    public static class RequireAdmin implements ContainerRequestFilter {

        @Context
        ResourceInfo resource;

        @Override
        public void filter(ContainerRequestContext request) {
            Class<?> type = resource.getResourceClass();
            Path path = type == null ? null : type.getAnnotation(Path.class);
            if (path == null || !path.value().startsWith("v1/admin")) {
                return;
            }
            SecurityContext security = request.getSecurityContext();
            if (security.getUserPrincipal() == null) {
                request.abortWith(Response.fromResponse(Problems.forStatus(401))
                        .header("WWW-Authenticate", "Basic realm=\"" + RequestAuthentication.ADMIN_REALM + "\"").build());
            } else if (!security.isUserInRole(ROLE)) {
                request.abortWith(Problems.forStatus(403));
            }
        }
    }
}
