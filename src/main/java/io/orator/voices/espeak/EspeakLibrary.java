package io.orator.voices.espeak;

import com.sun.jna.Callback;
import com.sun.jna.IntegerType;
import com.sun.jna.Library;
import com.sun.jna.NativeLong;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;

/**
 * The part of espeak-ng's C API ({@code speak_lib.h}) that Orator calls, bound with JNA.
 * Not thread-safe: every call goes through {@link EspeakRuntime}'s lock.
 */
interface EspeakLibrary extends Library {

    /** {@code AUDIO_OUTPUT_SYNCHRONOUS}: {@code espeak_Synth} returns when the callback has had all audio. */
    int AUDIO_OUTPUT_SYNCHRONOUS = 2;
    /** {@code espeakINITIALIZE_DONT_EXIT}: without it a missing data directory calls {@code exit(1)}. */
    int INITIALIZE_DONT_EXIT = 0x8000;
    int POS_CHARACTER = 1;
    int CHARS_UTF8 = 1;
    /** {@code phonememode} bit 1: IPA as UTF-8 instead of espeak's ASCII phoneme names. */
    int PHONEMES_IPA = 0x02;
    /** {@code espeakRATE}, words per minute. */
    int PARAMETER_RATE = 1;
    /** {@code espeakPITCH}, 0..100, 50 the voice's own. */
    int PARAMETER_PITCH = 3;
    /** {@code espeakPHONEMES}: text in {@code [[...]]} is read as phoneme names. */
    int PHONEMES_INPUT = 0x100;

    int EE_OK = 0;
    int EE_NOT_FOUND = 2;

    /*
     * espeak_EVENT as the callback receives it, in an array: int type, unsigned unique_identifier,
     * int text_position (characters, from 1), int length (characters), int audio_position (ms),
     * int sample, void *user_data, and an 8-byte union id. Offsets in bytes.
     */
    int EVENT_TYPE = 0;
    int EVENT_TEXT_POSITION = 8;
    int EVENT_LENGTH = 12;
    int EVENT_AUDIO_POSITION = 16;
    int EVENT_USER_DATA = 24;
    long EVENT_SIZE = 24L + Native.POINTER_SIZE + 8;
    int EVENT_LIST_TERMINATED = 0;
    int EVENT_WORD = 1;
    /** The end of a clause or sentence. */
    int EVENT_END = 5;

    /** Callback return values. */
    int CONTINUE = 0;
    int ABORT = 1;

    int espeak_Initialize(int output, int bufferMillis, String path, int options);

    int espeak_Terminate();

    int espeak_SetVoiceByName(String name);

    int espeak_SetVoiceByProperties(VoiceSpec spec);

    /** Returns a NULL-terminated array of {@code espeak_VOICE*}. */
    Pointer espeak_ListVoices(VoiceSpec spec);

    int espeak_SetParameter(int parameter, int value, int relative);

    /** Seeds espeak-ng's own noise generator (breathy voices, fricatives); {@code ENS_OK} is 0. */
    int espeak_ng_SetRandSeed(NativeLong seed);

    void espeak_SetSynthCallback(SynthCallback callback);

    int espeak_Synth(byte[] text, SizeT size, int position, int positionType, int endPosition,
                     int flags, Pointer uniqueIdentifier, Pointer userData);

    int espeak_Synchronize();

    /**
     * The rhasspy fork's variant of {@code espeak_TextToPhonemes} that Piper uses: phonemes of
     * the next clause, and in {@code terminator} the punctuation that ended it. Advances
     * {@code textPointer}, and sets it to NULL after the last clause.
     */
    Pointer espeak_TextToPhonemesWithTerminator(PointerByReference textPointer, int textMode,
                                                int phonemeMode, IntByReference terminator);

    /** {@code int t_espeak_callback(short *wav, int numsamples, espeak_EVENT *events)}. */
    interface SynthCallback extends Callback {
        int invoke(Pointer wav, int numSamples, Pointer events);
    }

    /** C {@code size_t}, which is 32 bits on 32-bit platforms. */
    final class SizeT extends IntegerType {
        public SizeT() {
            this(0);
        }

        public SizeT(long value) {
            super(Native.SIZE_T_SIZE, value, true);
        }
    }

    /** {@code espeak_VOICE}: a voice as listed, or the properties to select one by. */
    @Structure.FieldOrder({"name", "languages", "identifier", "gender", "age", "variant", "xx1",
            "score", "spare"})
    class VoiceSpec extends Structure {
        public Pointer name;
        /** Pairs of a priority byte and a NUL-terminated language code, ended by a zero byte. */
        public Pointer languages;
        public Pointer identifier;
        public byte gender;
        public byte age;
        public byte variant;
        public byte xx1;
        public int score;
        public Pointer spare;

        public VoiceSpec() {
        }

        public VoiceSpec(Pointer pointer) {
            super(pointer);
            read();
        }
    }
}
