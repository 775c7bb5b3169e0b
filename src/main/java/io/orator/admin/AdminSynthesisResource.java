package io.orator.admin;

import io.orator.jobs.JobJson;
import io.orator.jobs.SynthesisResource;
import io.orator.platform.Audited;
import jakarta.json.JsonObject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import java.util.UUID;

/**
 * {@code /api/v1/admin/syntheses}: the job API under the operators' path, where the browser
 * sends the console's login, so the console sees every client's jobs; and the operators' own
 * verb, retry.
 */
@Path("v1/admin/syntheses")
public class AdminSynthesisResource extends SynthesisResource {

    /** Queues a FAILED or CANCELLED job again (409 for any other status). */
    @Audited("job.retry")
    @POST
    @Path("{id}/retry")
    public JsonObject retry(@PathParam("id") UUID id) {
        return JobJson.of(jobs.retry(id));
    }
}
