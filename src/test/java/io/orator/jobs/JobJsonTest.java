package io.orator.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.orator.synthesis.Turn;
import io.orator.synthesis.ssml.SsmlParser;
import java.util.List;
import org.junit.jupiter.api.Test;

class JobJsonTest {

    @Test
    void turnsWithTheirMarkupSurviveTheDatabase() {
        List<Turn> turns = new SsmlParser(4, 10_000, null).parse("ssml", "<speak><p>Hi <mark name=\"a\"/>there."
                + "<break time=\"1s\"/></p><prosody rate=\"fast\" pitch=\"+10%\" volume=\"-3dB\" xml:lang=\"fr\">"
                + "Vite</prosody> <sub alias=\"doctor\">Dr</sub> <phoneme ph=\"təˈmeɪtoʊ\">tomato</phoneme>.</speak>", 1);
        List<Turn> withPlain = new java.util.ArrayList<>(turns);
        withPlain.add(new Turn(2, "Plain words."));

        List<Turn> read = JobJson.turnsFromJson(JobJson.turnsToJson(withPlain));

        assertEquals(withPlain, read);
        assertFalse(read.get(0).markup().isEmpty());
        assertNull(read.get(1).markup());
    }

    @Test
    void turnsStoredBeforeMarkupExistedStillRead() {
        assertEquals(List.of(new Turn(1, "Old job.")), JobJson.turnsFromJson("[{\"speaker\":1,\"text\":\"Old job.\"}]"));
    }
}
