package io.orator.synthesis;

import java.util.List;

/**
 * A validated, normalized script ready to be chunked.
 *
 * @param turns      non-empty turns in script order
 * @param speakers   distinct speaker numbers in order of first appearance
 * @param characters characters of text (Unicode code points, tags excluded)
 */
public record ParsedScript(List<Turn> turns, List<Integer> speakers, int characters) {

    public ParsedScript {
        turns = List.copyOf(turns);
        speakers = List.copyOf(speakers);
    }
}
