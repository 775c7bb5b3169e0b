package io.orator.jobs;

import io.orator.platform.FieldError;
import io.orator.platform.ProblemException;
import io.orator.synthesis.ParsedScript;
import io.orator.synthesis.ScriptParser;
import io.orator.synthesis.ScriptRejectedException;
import io.orator.synthesis.Turn;
import io.orator.synthesis.ssml.SsmlException;
import io.orator.synthesis.ssml.SsmlParser;
import io.orator.voices.VoiceRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Reads what a submission asks to be spoken (a script, an SSML document, or turns of text or
 * SSML) into validated turns, and the voices the request gives its speakers, with any voice an
 * SSML {@code <voice name>} brings in. Bad input becomes a 422 naming the field (and, for SSML,
 * the line and column); too much becomes a 413.
 */
@ApplicationScoped
public class SubmittedScripts {

    /** SSML is markup around the text: a document may be this many times the text's character limit. */
    static final int SSML_MARKUP_FACTOR = 4;

    @Inject
    JobLimits limits;

    @Inject
    VoiceRegistry registry;

    /**
     * @param script what to speak
     * @param voices voice ids by speaker number as the client wrote them (may be null), with SSML's additions
     */
    public record Read(ParsedScript script, Map<String, String> voices) {
    }

    public Read read(SubmissionRequest request) {
        checkOneForm(request);
        ScriptParser parser = new ScriptParser(limits.script());
        try {
            if (request.script() != null) {
                return new Read(parser.parse(request.script()), request.voices());
            }
            SsmlParser ssml = new SsmlParser(limits.maxSpeakers(),
                    limits.script().maxCharacters() * SSML_MARKUP_FACTOR, voicesOf(request.voices()));
            if (request.ssml() != null) {
                return marked(parser, ssml, ssml.parse("ssml", request.ssml(), 1), request.voices(), "ssml");
            }
            return turns(parser, ssml, request);
        } catch (SsmlException bad) {
            throw new ProblemException(422, "invalid-ssml", "Invalid SSML", bad.getMessage(), List.of(new FieldError(
                    bad.violations().get(0).field(), bad.getMessage(), bad.line(), bad.column())), Map.of());
        } catch (ScriptRejectedException rejected) {
            if (rejected.kind() == ScriptRejectedException.Kind.TOO_LARGE) {
                throw new ProblemException(413, "too-large", "Script too large", rejected.getMessage(), errors(rejected),
                        Map.of());
            }
            throw ProblemException.invalid(rejected.getMessage(), errors(rejected));
        }
    }

    /** Exactly one of script, ssml and turns; the error names each one too many, or script when none is given. */
    private static void checkOneForm(SubmissionRequest request) {
        List<FieldError> errors = new ArrayList<>();
        String first = null;
        for (var form : List.of(Map.entry("script", request.script() != null), Map.entry("ssml", request.ssml() != null),
                Map.entry("turns", request.turns() != null))) {
            if (!form.getValue()) {
                continue;
            }
            if (first == null) {
                first = form.getKey();
            } else {
                errors.add(new FieldError(form.getKey(), "must be absent when " + first + " is given"));
            }
        }
        if (first == null) {
            errors.add(new FieldError("script", "one of script, ssml or turns is required"));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid("Give exactly one of script, ssml or turns", errors);
        }
    }

    private Read turns(ScriptParser parser, SsmlParser ssml, SubmissionRequest request) {
        List<SubmissionRequest.TurnRequest> given = request.turns();
        boolean anySsml = given.stream().anyMatch(t -> t != null && t.ssml() != null);
        List<FieldError> errors = new ArrayList<>();
        for (int i = 0; i < given.size(); i++) {
            SubmissionRequest.TurnRequest turn = given.get(i);
            if (turn != null && (turn.text() == null) == (turn.ssml() == null)) {
                errors.add(new FieldError("turns[" + i + "]", "needs exactly one of text or ssml"));
            }
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid("Each turn needs exactly one of text or ssml", errors);
        }
        if (!anySsml) {
            return new Read(parser.parseTurns(given.stream().map(t -> t == null ? null : new Turn(t.speaker(), t.text()))
                    .toList()), request.voices());
        }
        List<Turn> turns = new ArrayList<>();
        for (int i = 0; i < given.size(); i++) {
            SubmissionRequest.TurnRequest turn = given.get(i);
            if (turn == null) {
                continue;
            }
            if (turn.speaker() < 1 || turn.speaker() > limits.maxSpeakers()) {
                throw ProblemException.invalid("A turn's speaker is out of range", List.of(new FieldError(
                        "turns[" + i + "].speaker", "speaker " + turn.speaker() + " is out of range 1.." + limits.maxSpeakers())));
            }
            if (turn.ssml() != null) {
                turns.addAll(ssml.parse("turns[" + i + "].ssml", turn.ssml(), turn.speaker()));
            } else {
                turns.add(new Turn(turn.speaker(), ScriptParser.normalize(turn.text())));
            }
        }
        return marked(parser, ssml, turns, request.voices(), "turns");
    }

    private static Read marked(ScriptParser parser, SsmlParser ssml, List<Turn> turns, Map<String, String> requested,
                               String field) {
        Set<Integer> reserved = new HashSet<>();
        if (requested != null) {
            requested.keySet().forEach(key -> {
                try {
                    reserved.add(Integer.parseInt(key.trim()));
                } catch (NumberFormatException notANumber) {
                    // The casting reports it.
                }
            });
        }
        SsmlParser.Cast cast = ssml.castVoices(turns, reserved, field);
        Map<String, String> voices = new LinkedHashMap<>();
        if (requested != null) {
            voices.putAll(requested);
        }
        cast.voices().forEach((speaker, voice) -> voices.put(String.valueOf(speaker), voice));
        return new Read(parser.parseMarked(cast.turns(), field), voices);
    }

    private SsmlParser.Voices voicesOf(Map<String, String> requested) {
        return new SsmlParser.Voices() {
            @Override
            public OptionalInt speakerWith(String voiceId) {
                if (requested != null) {
                    for (var entry : requested.entrySet()) {
                        if (voiceId.equals(entry.getValue())) {
                            try {
                                return OptionalInt.of(Integer.parseInt(entry.getKey().trim()));
                            } catch (NumberFormatException notANumber) {
                                return OptionalInt.empty();
                            }
                        }
                    }
                }
                return OptionalInt.empty();
            }

            @Override
            public boolean exists(String voiceId) {
                return registry.speakerVoice(voiceId).isPresent();
            }
        };
    }

    private static List<FieldError> errors(ScriptRejectedException rejected) {
        return rejected.violations().stream().map(v -> new FieldError(v.field(), v.message())).toList();
    }
}
