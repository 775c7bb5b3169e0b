package io.orator.voices.espeak;

import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;
import io.orator.voices.PcmSink;
import io.orator.voices.StopCheck;
import io.orator.voices.SynthesisException;
import io.orator.voices.WordSink;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The doorway to the process's one espeak-ng. espeak-ng keeps global state and is not
 * thread-safe, so every call takes one static lock; the library is initialized when the first
 * handle opens and terminated when the last one closes, so a redeployed application can
 * initialize it again.
 */
final class EspeakRuntime implements AutoCloseable {

    static final String ENGINE_FAILURE = "ENGINE_FAILURE";
    static final String UNKNOWN_VOICE = "UNKNOWN_VOICE";

    private static final Object LOCK = new Object();
    /**
     * Audio per callback. The events that come with a buffer are capped by its length, and with
     * espeak-ng's default (60 ms) queued voice changes could crowd out the first words' events.
     * A second of audio costs espeak-ng a few milliseconds, so stop checks stay frequent.
     */
    private static final int BUFFER_MILLIS = 1000;
    /** Any fixed value: what matters is that every chunk starts from the same one. */
    private static final NativeLong NOISE_SEED = new NativeLong(1);
    /** espeak-ng's pitch parameter that leaves a voice at its own pitch. */
    static final int NATURAL_PITCH = 50;

    // Clause terminators reported by espeak_TextToPhonemesWithTerminator (translate.h), as Piper reads them.
    private static final int CLAUSE_PUNCTUATION_MASK = 0x000FFFFF;
    private static final int CLAUSE_PERIOD = 0x00080028;
    private static final int CLAUSE_QUESTION = 0x00082028;
    private static final int CLAUSE_EXCLAMATION = 0x0008302D;
    private static final int CLAUSE_COMMA = 0x00041014;
    private static final int CLAUSE_COLON = 0x0004001E;
    private static final int CLAUSE_SEMICOLON = 0x0004101E;

    private static EspeakLibrary library;
    private static EspeakInstallation installed;
    private static int sampleRate;
    private static int openHandles;
    /** Numbers each synthesis, as the user data its events carry. */
    private static long calls;
    /** espeak-ng keeps only a raw pointer to the callback: this reference keeps it from being collected. */
    private static final AudioForwarder FORWARDER = new AudioForwarder();

    private boolean closed;

    private EspeakRuntime() {
    }

    static EspeakRuntime open(EspeakInstallation installation) {
        synchronized (LOCK) {
            if (openHandles == 0) {
                if (library == null) {
                    library = load(installation.library());
                }
                installed = installation;
                initialize();
            }
            openHandles++;
            return new EspeakRuntime();
        }
    }

    private static void initialize() {
        int rate = library.espeak_Initialize(EspeakLibrary.AUDIO_OUTPUT_SYNCHRONOUS, BUFFER_MILLIS,
                installed.dataHome().toString(), EspeakLibrary.INITIALIZE_DONT_EXIT);
        if (rate <= 0) {
            throw new SynthesisException(ENGINE_FAILURE, "espeak-ng could not initialize from "
                    + installed.dataHome() + " (code " + rate + ")");
        }
        sampleRate = rate;
    }

    /**
     * Unloads and loads espeak-ng again, so that what it speaks next owes nothing to what it spoke
     * before. Its wave generator carries state from call to call in variables no API resets (the
     * pitch flutter's phase, filter and gain state), which makes a chunk's samples depend on
     * everything spoken since the library was loaded; a job that is to continue after a point,
     * possibly on another node, must start there from this same fresh state. Costs a few
     * milliseconds, so it is done where a job keeps a segment, not at every chunk.
     */
    void startAfresh() {
        synchronized (LOCK) {
            ensureOpen();
            library.espeak_Terminate();
            ((Library.Handler) Proxy.getInvocationHandler(library)).getNativeLibrary().close();
            library = load(installed.library());
            initialize();
        }
    }

    private static EspeakLibrary load(Path path) {
        try {
            return Native.load(path.toString(), EspeakLibrary.class,
                    Map.of(Library.OPTION_STRING_ENCODING, StandardCharsets.UTF_8.name()));
        } catch (UnsatisfiedLinkError e) {
            throw new SynthesisException(ENGINE_FAILURE, "Cannot load espeak-ng from " + path + ": " + e.getMessage(), e);
        }
    }

    int sampleRate() {
        synchronized (LOCK) {
            ensureOpen();
            return sampleRate;
        }
    }

    /** A voice as espeak-ng lists it (languages only, no variants). */
    record ListedVoice(String name, String identifier, List<String> languages) {
    }

    List<ListedVoice> listVoices() {
        synchronized (LOCK) {
            ensureOpen();
            Pointer array = library.espeak_ListVoices(null);
            List<ListedVoice> voices = new ArrayList<>();
            for (int i = 0; array != null; i++) {
                Pointer entry = array.getPointer((long) i * Native.POINTER_SIZE);
                if (entry == null) {
                    break;
                }
                EspeakLibrary.VoiceSpec voice = new EspeakLibrary.VoiceSpec(entry);
                voices.add(new ListedVoice(utf8(voice.name, 0).strip(), utf8(voice.identifier, 0),
                        languages(voice.languages)));
            }
            return voices;
        }
    }

    private static List<String> languages(Pointer pairs) {
        List<String> languages = new ArrayList<>();
        long offset = 0;
        while (pairs != null && pairs.getByte(offset) != 0) {
            String language = utf8(pairs, offset + 1);
            languages.add(language);
            offset += 2 + language.getBytes(StandardCharsets.UTF_8).length;
        }
        return languages;
    }

    /**
     * Speaks {@code text} with espeak-ng's voice {@code voiceName} at {@code wordsPerMinute} and
     * {@code pitch} (0..100, {@value #NATURAL_PITCH} the voice's own), reading {@code [[...]]} in
     * the text as espeak-ng phoneme names when {@code phonemes}, and hands the 16-bit PCM to
     * {@code sink} as espeak produces it. {@code stop} is asked before each buffer; what it throws
     * aborts espeak-ng (the callback answers 1) and is rethrown here, so a cancel reaches even a
     * chunk of minutes of audio within milliseconds.
     *
     * @throws IOException when the sink fails; synthesis stops at that buffer
     */
    void synthesize(String voiceName, String text, int wordsPerMinute, int pitch, boolean phonemes, PcmSink sink,
                    StopCheck stop, WordSink words) throws IOException {
        byte[] utf8 = nulTerminated(text);
        synchronized (LOCK) {
            ensureOpen();
            selectVoice(voiceName);
            check(library.espeak_SetParameter(EspeakLibrary.PARAMETER_RATE, wordsPerMinute, 0), "set the rate");
            check(library.espeak_SetParameter(EspeakLibrary.PARAMETER_PITCH, pitch, 0), "set the pitch");
            // The same text always sounds the same, whatever was spoken before it: a job continued
            // after an interruption ends with the very samples an uninterrupted run has.
            check(library.espeak_ng_SetRandSeed(NOISE_SEED), "seed the noise");
            run(utf8, EspeakLibrary.CHARS_UTF8 | (phonemes ? EspeakLibrary.PHONEMES_INPUT : 0), sink, stop,
                    words == WordSink.NONE ? null : new WordEvents(text, sampleRate, words), "synthesize");
        }
    }

    /**
     * Runs espeak-ng's synthesis of {@code utf8} (NUL-terminated), its audio going to {@code sink}
     * and its events to {@code words} when not null; what the sink or the stop check threw is
     * rethrown here. The caller holds the lock.
     */
    private static void run(byte[] utf8, int flags, PcmSink sink, StopCheck stop, WordEvents words, String action)
            throws IOException {
        // Events carry the user data of the call that made them: a call given up half way can
        // leave events behind, and they must not be read as this text's.
        Pointer call = new Pointer(++calls);
        FORWARDER.start(sink, stop, words, call);
        int result;
        Throwable sinkFailure;
        try {
            library.espeak_SetSynthCallback(FORWARDER);
            result = library.espeak_Synth(utf8, new EspeakLibrary.SizeT(utf8.length), 0, EspeakLibrary.POS_CHARACTER, 0,
                    flags, null, call);
            if (result == EspeakLibrary.EE_OK) {
                result = library.espeak_Synchronize();
            }
        } finally {
            sinkFailure = FORWARDER.finish();
        }
        rethrow(sinkFailure);
        check(result, action);
    }

    /**
     * IPA for {@code text} as Piper's phonemizer gives it: each clause's phonemes followed by the
     * punctuation that ended it ({@code . ? ! , : ;}) and a space, decomposed to Unicode NFD so
     * each code point is one entry of a Piper phoneme map. Other punctuation (quotes, brackets,
     * dashes, ellipses) is dropped, as Piper drops it.
     */
    String phonemize(String voiceName, String text) {
        byte[] utf8 = nulTerminated(text);
        StringBuilder phonemes = new StringBuilder();
        synchronized (LOCK) {
            ensureOpen();
            selectVoice(voiceName);
            try (Memory nativeText = new Memory(utf8.length)) {
                nativeText.write(0, utf8, 0, utf8.length);
                PointerByReference cursor = new PointerByReference(nativeText);
                IntByReference terminator = new IntByReference();
                // Every clause consumes at least one byte; the bound only guards against a stuck cursor.
                for (int clauses = 0; cursor.getValue() != null && clauses < utf8.length; clauses++) {
                    Pointer clause = library.espeak_TextToPhonemesWithTerminator(cursor, EspeakLibrary.CHARS_UTF8,
                            EspeakLibrary.PHONEMES_IPA, terminator);
                    phonemes.append(clause == null ? "" : utf8(clause, 0));
                    appendPunctuation(phonemes, terminator.getValue());
                }
            }
            freeQueuedVoiceChange();
        }
        return Normalizer.normalize(phonemes.toString().strip(), Normalizer.Form.NFD);
    }

    /**
     * Selecting a voice queues a copy of it (about 1.4 KB) for espeak-ng's wave generator, which
     * frees the copy when it next runs. Phonemizing never runs it, and the queue is a ring of 170
     * entries that overwrites what it held without freeing it: without this, every phonemized
     * chunk would leak one copy, 1.4 KB a chunk for as long as the process lives. Synthesizing an
     * empty text runs the generator over the queue and produces no audio.
     */
    private static void freeQueuedVoiceChange() {
        try {
            run(nulTerminated(""), EspeakLibrary.CHARS_UTF8, (samples, offset, length) -> { }, StopCheck.NEVER, null,
                    "free the voice it queued");
        } catch (IOException e) {
            throw new IllegalStateException("a sink that discards its audio cannot fail", e);
        }
    }

    private static void appendPunctuation(StringBuilder phonemes, int terminator) {
        switch (terminator & CLAUSE_PUNCTUATION_MASK) {
            case CLAUSE_PERIOD -> phonemes.append('.');
            case CLAUSE_QUESTION -> phonemes.append('?');
            case CLAUSE_EXCLAMATION -> phonemes.append('!');
            case CLAUSE_COMMA -> phonemes.append(',');
            case CLAUSE_COLON -> phonemes.append(':');
            case CLAUSE_SEMICOLON -> phonemes.append(';');
            default -> {
                // Punctuation Piper does not keep (end of text, ellipsis, dash): nothing to add.
            }
        }
        // Piper puts a space after , : ; and starts a new sentence after . ? ! (we join sentences
        // with a space). It runs clauses without kept punctuation together; we separate those too.
        phonemes.append(' ');
    }

    /**
     * Selects a voice by name, file name or identifier ({@code en-us+f3}, {@code gmw/de}), or,
     * when no voice has that name, by language ({@code en-gb}), as Piper voice configs name them.
     */
    private static void selectVoice(String voiceName) {
        int result = library.espeak_SetVoiceByName(voiceName);
        if (result == EspeakLibrary.EE_NOT_FOUND && voiceName.indexOf('+') < 0) {
            byte[] language = nulTerminated(voiceName);
            try (Memory languageCode = new Memory(language.length)) {
                languageCode.write(0, language, 0, language.length);
                EspeakLibrary.VoiceSpec spec = new EspeakLibrary.VoiceSpec();
                spec.languages = languageCode;
                result = library.espeak_SetVoiceByProperties(spec);
            }
        }
        if (result == EspeakLibrary.EE_NOT_FOUND) {
            throw new SynthesisException(UNKNOWN_VOICE, "espeak-ng has no voice or language '" + voiceName + "'");
        }
        check(result, "select voice '" + voiceName + "'");
    }

    @Override
    public void close() {
        synchronized (LOCK) {
            if (closed) {
                return;
            }
            closed = true;
            if (--openHandles == 0) {
                library.espeak_Terminate();
            }
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("espeak-ng handle is closed");
        }
    }

    private static void check(int result, String action) {
        if (result != EspeakLibrary.EE_OK) {
            throw new SynthesisException(ENGINE_FAILURE, "espeak-ng failed to " + action + " (code " + result + ")");
        }
    }

    private static byte[] nulTerminated(String text) {
        // An embedded NUL would silently end the text early.
        return (text.replace('\0', ' ') + '\0').getBytes(StandardCharsets.UTF_8);
    }

    private static String utf8(Pointer pointer, long offset) {
        return pointer == null ? "" : pointer.getString(offset, StandardCharsets.UTF_8.name());
    }

    private static void rethrow(Throwable failure) throws IOException {
        if (failure instanceof IOException e) {
            throw e;
        } else if (failure instanceof RuntimeException e) {
            throw e;
        } else if (failure instanceof Error e) {
            throw e;
        }
    }

    /**
     * Copies each buffer espeak-ng produces to the current synthesis's sink, and its word and
     * clause events to the synthesis's {@link WordEvents} when it has one.
     */
    private static final class AudioForwarder implements EspeakLibrary.SynthCallback {

        private PcmSink sink;
        private StopCheck stop;
        private WordEvents words;
        private Pointer call;
        private Throwable failure;

        void start(PcmSink sink, StopCheck stop, WordEvents words, Pointer call) {
            this.sink = sink;
            this.stop = stop;
            this.words = words;
            this.call = call;
            this.failure = null;
        }

        Throwable finish() {
            Throwable result = failure;
            if (result == null && words != null) {
                words.end();
            }
            sink = null;
            stop = null;
            words = null;
            call = null;
            failure = null;
            return result;
        }

        @Override
        public int invoke(Pointer wav, int numSamples, Pointer events) {
            if (sink == null || failure != null) {
                return EspeakLibrary.ABORT;
            }
            try {
                stop.check();
                short[] buffer = wav == null || numSamples <= 0 ? new short[0] : wav.getShortArray(0, numSamples);
                if (words != null) {
                    // The events come with the buffer they fall in: the words see its samples first.
                    words.audio(buffer);
                    readEvents(events);
                }
                if (buffer.length > 0) {
                    sink.accept(buffer, 0, buffer.length);
                }
                return EspeakLibrary.CONTINUE;
            } catch (IOException | RuntimeException | Error e) {
                // An exception must not cross the native frames: keep it and rethrow after espeak_Synth returns.
                failure = e;
                return EspeakLibrary.ABORT;
            }
        }

        /** The events that came with a buffer: an array ended by {@code espeakEVENT_LIST_TERMINATED}. */
        private void readEvents(Pointer events) {
            if (events == null) {
                return;
            }
            for (long offset = 0; ; offset += EspeakLibrary.EVENT_SIZE) {
                int type = events.getInt(offset + EspeakLibrary.EVENT_TYPE);
                if (type == EspeakLibrary.EVENT_LIST_TERMINATED) {
                    return;
                }
                if (!call.equals(events.getPointer(offset + EspeakLibrary.EVENT_USER_DATA))) {
                    continue;
                }
                int millis = events.getInt(offset + EspeakLibrary.EVENT_AUDIO_POSITION);
                if (type == EspeakLibrary.EVENT_WORD) {
                    words.word(events.getInt(offset + EspeakLibrary.EVENT_TEXT_POSITION),
                            events.getInt(offset + EspeakLibrary.EVENT_LENGTH), millis);
                } else if (type == EspeakLibrary.EVENT_END) {
                    words.clauseEnd(events.getInt(offset + EspeakLibrary.EVENT_TEXT_POSITION), millis);
                }
            }
        }
    }
}
