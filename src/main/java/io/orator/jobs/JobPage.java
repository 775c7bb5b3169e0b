package io.orator.jobs;

import java.util.List;

/** One page of job history and the cursor of the next page, if any. */
record JobPage(List<SynthesisJob> items, JobCursor next) {
}
