package io.orator.jobs;

import io.orator.platform.HistoryCursor;
import java.util.List;

/** One page of job history and the cursor of the next page, if any. */
record JobPage(List<SynthesisJob> items, HistoryCursor next) {
}
