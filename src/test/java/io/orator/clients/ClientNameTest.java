package io.orator.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.orator.platform.ProblemException;
import org.junit.jupiter.api.Test;

class ClientNameTest {

    @Test
    void acceptsNamesThatReadWellInReports() {
        for (String name : new String[] {"acme", "Acme-Corp", "team.audio_books", "svc@acme.example", "tenant:42", "a"}) {
            assertTrue(ClientName.isValid(name), name);
        }
        assertTrue(ClientName.isValid("a".repeat(128)));
    }

    @Test
    void refusesEmptyOddOrOverlongNames() {
        for (String name : new String[] {"", " acme", "-acme", "acme corp", "ac/me", "acme\n", "ümlaut", "a".repeat(129)}) {
            assertFalse(ClientName.isValid(name), name);
        }
        assertFalse(ClientName.isValid(null));
    }

    @Test
    void aBadNameInARequestIsA422NamingTheField() {
        ProblemException problem = assertThrows(ProblemException.class, () -> ClientName.of("client", "a b"));
        assertEquals(422, problem.status());
        assertEquals("client", problem.errors().get(0).field());
        ProblemException tooLong = assertThrows(ProblemException.class, () -> ClientName.of("client", "x".repeat(5000)));
        assertFalse(tooLong.getMessage().contains("xxxx"), "an over-long value is not echoed");
    }
}
