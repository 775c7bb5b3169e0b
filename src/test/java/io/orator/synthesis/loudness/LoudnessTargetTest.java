package io.orator.synthesis.loudness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class LoudnessTargetTest {

    @Test
    void aLoudnessInLufsOrOff() {
        assertEquals(OptionalDouble.of(-16), LoudnessTarget.parse(LoudnessTarget.PODCAST));
        assertEquals(OptionalDouble.of(-23), LoudnessTarget.parse(" -23 LUFS "));
        assertEquals(OptionalDouble.empty(), LoudnessTarget.parse("OFF"));
    }

    @Test
    void anythingElseIsRefusedWithTheSettingsName() {
        for (String wrong : new String[] {"loud", "", "-80", "3", "NaN"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LoudnessTarget.parse(wrong));
            assertTrue(e.getMessage().contains("orator.loudness.target"), e.getMessage());
        }
    }
}
