package io.orator.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.annotation.Resource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A read after another session's commit sees that commit, through Orator's own datasource. H2
 * 2.2 can answer a repeated query from a cached result that a concurrent commit made stale
 * (H2 issues #3894 and #4208); with its result reuse on, this test saw about one stale read in
 * 140 rounds.
 */
@ExtendWith(ArquillianExtension.class)
class FreshReadsIT {

    private static final int SESSIONS = 4;
    private static final int ROUNDS = 10_000;

    @Resource(lookup = "java:jboss/datasources/OratorDS")
    DataSource dataSource;

    @Deployment
    static WebArchive app() {
        return Deployments.orator();
    }

    /**
     * Sessions take turns incrementing one counter: each reads it, locks it (FOR UPDATE waits
     * for the previous holder's commit and reads the committed value), reads it again. The read
     * after the lock must equal the locked value.
     */
    @Test
    void aReadAfterAnotherSessionsCommitSeesIt() throws Exception {
        try (Connection setup = dataSource.getConnection(); Statement statement = setup.createStatement()) {
            statement.execute("CREATE TABLE fresh_reads_it (id INT PRIMARY KEY, n INT)");
            statement.execute("INSERT INTO fresh_reads_it VALUES (1, 0)");
        }
        AtomicInteger stale = new AtomicInteger();
        AtomicInteger rounds = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(SESSIONS);
        try {
            List<Future<Object>> sessions = new ArrayList<>();
            for (int i = 0; i < SESSIONS; i++) {
                sessions.add(pool.submit(incrementUntilDone(rounds, stale)));
            }
            for (Future<Object> session : sessions) {
                session.get();
            }
        } finally {
            pool.shutdownNow();
            try (Connection cleanup = dataSource.getConnection(); Statement statement = cleanup.createStatement()) {
                statement.execute("DROP TABLE fresh_reads_it");
            }
        }
        assertEquals(0, stale.get(), "stale reads in " + ROUNDS + " rounds");
    }

    private Callable<Object> incrementUntilDone(AtomicInteger rounds, AtomicInteger stale) {
        return () -> {
            try (Connection connection = dataSource.getConnection()) {
                connection.setAutoCommit(false);
                while (rounds.incrementAndGet() <= ROUNDS) {
                    try (PreparedStatement read = connection.prepareStatement("SELECT n FROM fresh_reads_it WHERE id = 1");
                         PreparedStatement lock = connection.prepareStatement("SELECT n FROM fresh_reads_it WHERE id = 1 FOR UPDATE");
                         PreparedStatement increment = connection.prepareStatement("UPDATE fresh_reads_it SET n = ? WHERE id = 1")) {
                        counter(read);
                        int locked = counter(lock);
                        if (counter(read) != locked) {
                            stale.incrementAndGet();
                        }
                        increment.setInt(1, locked + 1);
                        increment.executeUpdate();
                        connection.commit();
                    }
                }
                connection.setAutoCommit(true);
            }
            return null;
        };
    }

    private static int counter(PreparedStatement query) throws SQLException {
        try (ResultSet result = query.executeQuery()) {
            result.next();
            return result.getInt(1);
        }
    }
}
