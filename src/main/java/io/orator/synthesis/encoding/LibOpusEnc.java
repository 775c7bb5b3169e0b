package io.orator.synthesis.encoding;

import com.sun.jna.Callback;
import com.sun.jna.Library;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import java.util.Optional;

/** The part of libopusenc ({@code opus/opusenc.h}) that {@link OpusEncoder} uses. */
interface LibOpusEnc extends Library {

    Optional<LibOpusEnc> INSTANCE = SystemLibrary.load(LibOpusEnc.class, "opus", "opusenc", "libopusenc.so.0");

    int OPE_OK = 0;
    /** Mapping family 0: mono or stereo in one stream. */
    int FAMILY_MONO_STEREO = 0;
    int OPUS_SET_BITRATE_REQUEST = 4002;
    int OPUS_SET_COMPLEXITY_REQUEST = 4010;
    int OPE_SET_MUXING_DELAY_REQUEST = 14002;

    /** {@code ope_write_func}: 0 when the bytes were written. */
    interface WriteFunction extends Callback {
        int invoke(Pointer userData, Pointer bytes, int length);
    }

    /** {@code ope_close_func}. */
    interface CloseFunction extends Callback {
        int invoke(Pointer userData);
    }

    /** {@code OpusEncCallbacks}. */
    @Structure.FieldOrder({"write", "close"})
    final class Callbacks extends Structure {
        public WriteFunction write;
        public CloseFunction close;
    }

    Pointer ope_comments_create();

    int ope_comments_add(Pointer comments, String tag, String value);

    void ope_comments_destroy(Pointer comments);

    Pointer ope_encoder_create_callbacks(Callbacks callbacks, Pointer userData, Pointer comments, int rate,
            int channels, int family, int[] error);

    int ope_encoder_ctl(Pointer encoder, int request, Object... arguments);

    int ope_encoder_write(Pointer encoder, short[] pcm, int samplesPerChannel);

    int ope_encoder_flush_header(Pointer encoder);

    int ope_encoder_drain(Pointer encoder);

    void ope_encoder_destroy(Pointer encoder);

    String ope_strerror(int error);
}
