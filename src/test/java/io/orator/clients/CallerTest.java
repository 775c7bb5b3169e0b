package io.orator.clients;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CallerTest {

    @Test
    void aClientSeesOnlyItsOwnJobs() {
        Caller acme = Caller.client("acme");
        assertTrue(acme.sees("acme"));
        assertFalse(acme.sees("globex"));
        assertFalse(acme.sees("local"));
    }

    @Test
    void anOperatorSeesEveryClientsJobs() {
        Caller operator = Caller.operator("ops");
        assertTrue(operator.sees("acme"));
        assertTrue(operator.sees("local"));
    }

    @Test
    void anonymousLocalRequestsAreTheClientLocal() {
        assertTrue(Caller.LOCAL.sees("local"));
        assertFalse(Caller.LOCAL.sees("acme"));
    }
}
