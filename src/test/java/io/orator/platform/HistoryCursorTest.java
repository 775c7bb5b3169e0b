package io.orator.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.orator.platform.FieldError;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HistoryCursorTest {

    private static final UUID ID = UUID.fromString("3f0c2a8e-6b1d-4c7e-9a55-0d2f6e1b8c44");

    @Test
    void decodesWhatItEncoded() {
        HistoryCursor cursor = new HistoryCursor(Instant.parse("2025-03-01T12:34:56.123456789Z"), ID);

        assertEquals(cursor, HistoryCursor.decode(cursor.encode()));
    }

    @Test
    void keepsInstantsBeforeTheEpochAndWholeSeconds() {
        for (Instant at : List.of(Instant.parse("1969-12-31T23:59:59.5Z"), Instant.EPOCH, Instant.parse("2030-01-01T00:00:00Z"))) {
            HistoryCursor cursor = new HistoryCursor(at, ID);
            assertEquals(cursor, HistoryCursor.decode(cursor.encode()), at.toString());
        }
    }

    @Test
    void encodingIsUrlSafeWithoutPadding() {
        String encoded = new HistoryCursor(Instant.parse("2025-03-01T12:34:56.1Z"), ID).encode();

        assertTrue(encoded.matches("[A-Za-z0-9_-]+"), encoded);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "not a cursor!", "%%%", "MTIz"})
    void rejectsWhatItNeverGaveOut(String cursor) {
        assertRejected(cursor);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1:2", "x:0:3f0c2a8e-6b1d-4c7e-9a55-0d2f6e1b8c44", "1:y:3f0c2a8e-6b1d-4c7e-9a55-0d2f6e1b8c44",
            "1:2:not-a-uuid", "::", "99999999999999999999:0:3f0c2a8e-6b1d-4c7e-9a55-0d2f6e1b8c44",
            "99999999999999999:0:3f0c2a8e-6b1d-4c7e-9a55-0d2f6e1b8c44"})
    void rejectsWellEncodedCursorsWithBadParts(String raw) {
        assertRejected(Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8)));
    }

    private static void assertRejected(String cursor) {
        ProblemException problem = assertThrows(ProblemException.class, () -> HistoryCursor.decode(cursor), cursor);
        assertEquals(422, problem.status());
        assertEquals("validation", problem.type());
        assertEquals(List.of(new FieldError("cursor", "is not a valid cursor")), problem.errors());
    }
}
