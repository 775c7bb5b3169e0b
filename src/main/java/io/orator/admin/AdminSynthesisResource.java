package io.orator.admin;

import io.orator.jobs.JobJson;
import io.orator.jobs.SynthesisResource;
import io.orator.platform.Audited;
import jakarta.json.JsonObject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code /api/v1/admin/syntheses}: the job API under the operators' path, where the browser
 * sends the console's login, so the console sees every client's jobs; and the operators' own
 * verb, retry.
 */
@Path("v1/admin/syntheses")
@Tag(name = "admin")
public class AdminSynthesisResource extends SynthesisResource {

    /** Queues a FAILED or CANCELLED job again (409 for any other status). */
    @Operation(summary = "Run a failed or cancelled job again")
    @APIResponse(responseCode = "200", description = "The job, queued again", content = @Content(mediaType = "application/json", schema = @Schema(ref = "Job")))
    @APIResponse(responseCode = "409", description = "The job is not FAILED or CANCELLED", content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
    @Audited("job.retry")
    @POST
    @Path("{id}/retry")
    public JsonObject retry(@PathParam("id") UUID id) {
        return JobJson.of(jobs.retry(id));
    }
}
