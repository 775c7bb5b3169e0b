package io.orator.voices.espeak;

import io.orator.voices.PcmSink;
import io.orator.voices.SpeechEngine;
import io.orator.voices.StopCheck;
import io.orator.voices.SynthesisException;
import io.orator.voices.TimestampPrecision;
import io.orator.voices.Utterance;
import io.orator.voices.Languages;
import io.orator.voices.Voice;
import io.orator.voices.WordSink;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The embedded voice: espeak-ng running in-process, and the phonemizer for neural voices. */
public final class EspeakEngine implements SpeechEngine {

    public static final String NAME = "espeak-ng";

    /** The voices of speakers 1 to 4 when a request names none: alternating female and male, all distinct. */
    public static final List<String> DEFAULT_SPEAKER_VOICES = List.of("en-us-f3", "en-us-m7", "en-us-f5", "en-us-m1");

    /** espeak-ng's own default rate, words per minute: speed 1.0. */
    private static final int NATURAL_RATE = 175;
    /**
     * The rates espeak-ng accepts; it ignores anything faster than 450. Speeds below 80/175 ≈ 0.46
     * and above 450/175 ≈ 2.57 are therefore spoken at those limits.
     */
    private static final int MIN_RATE = 80;
    private static final int MAX_RATE = 450;

    private final EspeakRuntime runtime;
    private final List<Voice> voices;
    private final Map<String, String> espeakNames = new LinkedHashMap<>();

    /**
     * Unpacks espeak-ng into {@code installDir} unless it is already there, and initializes it.
     * Also points JNA's temp directory ({@code jna.tmpdir}, when unset) at a {@code jna} directory
     * beside {@code installDir}.
     *
     * @throws UnsupportedOperationException when there is no espeak-ng build for this platform
     * @throws java.io.UncheckedIOException  when it cannot be unpacked
     * @throws SynthesisException            when the library does not load or initialize
     */
    public EspeakEngine(Path installDir) {
        runtime = EspeakRuntime.open(EspeakInstallation.install(installDir));
        try {
            List<EspeakVoiceCatalog.Entry> catalog =
                    EspeakVoiceCatalog.build(runtime.listVoices(), NAME, runtime.sampleRate());
            catalog.forEach(entry -> espeakNames.put(entry.voice().id(), entry.espeakName()));
            voices = catalog.stream().map(EspeakVoiceCatalog.Entry::voice).toList();
        } catch (RuntimeException e) {
            runtime.close();
            throw e;
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Voice> voices() {
        return voices;
    }

    /** espeak-ng's wave generator keeps pitch flutter and filter state from one call to the next. */
    @Override
    public boolean carriesStateBetweenCalls() {
        return true;
    }

    /** Reloads espeak-ng (a few milliseconds). */
    @Override
    public void startAfresh() {
        runtime.startAfresh();
    }

    /** The rate of all this engine's audio, in Hz (22,050 for espeak-ng). */
    public int sampleRate() {
        return runtime.sampleRate();
    }

    /** {@code stop} is asked at every buffer espeak-ng hands back, a few milliseconds of work apart. */
    @Override
    public void synthesize(Voice voice, String text, double speed, PcmSink sink, StopCheck stop) throws IOException {
        synthesize(voice, text, speed, sink, stop, WordSink.NONE);
    }

    /** Words come from espeak-ng's own word and clause events, to the millisecond. */
    @Override
    public void synthesize(Voice voice, String text, double speed, PcmSink sink, StopCheck stop, WordSink words)
            throws IOException {
        synthesize(voice, Utterance.plain(text), speed, sink, stop, words);
    }

    /**
     * Speaks with the utterance's pitch (espeak-ng's pitch parameter), its pronunciations (as
     * espeak-ng phoneme names) and its language: a language other than the voice's own is spoken
     * by espeak-ng's voice for it, with the same variant ({@code fr+f3}); one espeak-ng does not
     * know is spoken by the voice as it is.
     */
    @Override
    public void synthesize(Voice voice, Utterance utterance, double speed, PcmSink sink, StopCheck stop,
                           WordSink words) throws IOException {
        String espeakName = espeakNames.get(voice.id());
        if (espeakName == null) {
            throw new SynthesisException(EspeakRuntime.UNKNOWN_VOICE, "espeak-ng has no voice '" + voice.id() + "'");
        }
        if (!(speed > 0)) {
            throw new IllegalArgumentException("speed must be positive: " + speed);
        }
        int rate = (int) Math.max(MIN_RATE, Math.min(MAX_RATE, Math.round(NATURAL_RATE * speed)));
        int pitch = (int) Math.max(0, Math.min(100, Math.round(EspeakRuntime.NATURAL_PITCH * utterance.pitch())));
        EspeakInput input = EspeakInput.of(utterance);
        List<String> candidates = Languages.espeakVoicesFor(espeakName, voice.language(), utterance.language());
        for (int i = 0; ; i++) {
            try {
                runtime.synthesize(candidates.get(i), input.text(), rate, pitch, input.hasPhonemes(), sink, stop,
                        input.toUtterance(words));
                return;
            } catch (SynthesisException unknown) {
                // Thrown when the voice is selected, before any audio: the next candidate may have it.
                if (i == candidates.size() - 1 || !EspeakRuntime.UNKNOWN_VOICE.equals(unknown.code())) {
                    throw unknown;
                }
            }
        }
    }

    @Override
    public TimestampPrecision timestampPrecision() {
        return TimestampPrecision.WORD;
    }

    /**
     * IPA phonemes of {@code text} the way Piper voices were trained on them: clauses with their
     * punctuation ({@code . ? ! , : ;}) kept, separated by spaces, in Unicode NFD.
     *
     * @param espeakVoice an espeak-ng voice or language as Piper configs name it
     *                    ({@code espeak.voice}: {@code en-us}, {@code en-gb-x-rp}, {@code de})
     * @throws SynthesisException {@code UNKNOWN_VOICE} when espeak-ng knows no such voice or language
     */
    public String phonemize(String espeakVoice, String text) {
        return runtime.phonemize(espeakVoice, text);
    }

    /** Terminates espeak-ng once the last engine in this application closes, so a redeploy can start it again. */
    @Override
    public void close() {
        runtime.close();
    }
}
