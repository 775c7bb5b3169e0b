package io.orator.clients;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Submissions per client and second on this server: a window per client that starts over each
 * second. Enough to stop one client's runaway loop from crowding out everyone else's requests.
 */
@ApplicationScoped
public class SubmissionRate {

    /** Past this many clients in one second the memory starts over: it never grows without bound. */
    private static final int MAX_TRACKED = 10_000;

    private record Window(long second, int count) {
    }

    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    /** Counts a submission of {@code client} at {@code nowMillis}; false when it is one too many. */
    public boolean tryAcquire(String client, long perSecond, long nowMillis) {
        if (perSecond <= 0) {
            return true;
        }
        if (windows.size() >= MAX_TRACKED) {
            windows.clear();
        }
        long second = nowMillis / 1000;
        Window window = windows.compute(client, (c, old) -> old == null || old.second() != second
                ? new Window(second, 1) : new Window(second, old.count() + 1));
        return window.count() <= perSecond;
    }
}
