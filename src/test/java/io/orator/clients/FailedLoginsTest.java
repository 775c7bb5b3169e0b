package io.orator.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FailedLoginsTest {

    private static final Instant T0 = Instant.parse("2026-11-29T10:00:00Z");
    private FailedLogins logins;

    @BeforeEach
    void fiveFreeFailures() {
        logins = new FailedLogins();
        logins.freeFailures = () -> 5;
    }

    private void fail(int times, String address, String user, Instant at) {
        for (int i = 0; i < times; i++) {
            logins.failed(address, user, "test", at);
        }
    }

    @Test
    void theFirstFailuresCostNothing() {
        fail(4, "10.0.0.1", "ops", T0);
        assertTrue(logins.waitFor("10.0.0.1", "ops", T0).isEmpty());
    }

    @Test
    void thenEveryFailureDoublesTheWait() {
        fail(5, "10.0.0.1", "ops", T0);
        assertEquals(Optional.of(Duration.ofSeconds(1)), logins.waitFor("10.0.0.1", "ops", T0));
        assertTrue(logins.waitFor("10.0.0.1", "ops", T0.plusSeconds(1)).isEmpty());
        fail(1, "10.0.0.1", "ops", T0.plusSeconds(1));
        assertEquals(Optional.of(Duration.ofSeconds(2)), logins.waitFor("10.0.0.1", "ops", T0.plusSeconds(1)));
        fail(20, "10.0.0.1", null, T0.plusSeconds(2));
        assertEquals(Optional.of(Duration.ofMinutes(5)), logins.waitFor("10.0.0.1", null, T0.plusSeconds(2)),
                "an address waits at most five minutes");
    }

    @Test
    void aUserNameWaitsAtMostThirtySecondsWhereverTheGuessesCameFrom() {
        for (int i = 0; i < 30; i++) {
            logins.failed("10.0.0." + i, "ops", "test", T0);
        }
        assertEquals(Optional.of(Duration.ofSeconds(30)), logins.waitFor("192.168.1.1", "ops", T0),
                "another address, same user");
        assertTrue(logins.waitFor("192.168.1.1", "someone-else", T0).isEmpty());
    }

    @Test
    void aSuccessOrFifteenQuietMinutesStartOver() {
        fail(8, "10.0.0.1", "ops", T0);
        logins.succeeded("10.0.0.1", "ops");
        assertTrue(logins.waitFor("10.0.0.1", "ops", T0).isEmpty());
        fail(8, "10.0.0.2", "dev", T0);
        assertTrue(logins.waitFor("10.0.0.2", "dev", T0.plus(Duration.ofMinutes(16))).isEmpty());
        fail(1, "10.0.0.2", "dev", T0.plus(Duration.ofMinutes(16)));
        assertTrue(logins.waitFor("10.0.0.2", "dev", T0.plus(Duration.ofMinutes(16))).isEmpty(),
                "the streak started again at one");
    }
}
