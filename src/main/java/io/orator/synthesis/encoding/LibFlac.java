package io.orator.synthesis.encoding;

import com.sun.jna.Callback;
import com.sun.jna.Library;
import com.sun.jna.Pointer;
import java.util.Optional;

/** The part of libFLAC's stream encoder ({@code FLAC/stream_encoder.h}) that {@link FlacEncoder} uses. */
interface LibFlac extends Library {

    Optional<LibFlac> INSTANCE = SystemLibrary.load(LibFlac.class, "flac", "FLAC", "libFLAC.so.12", "libFLAC.so.8");

    /** {@code FLAC__STREAM_ENCODER_INIT_STATUS_OK}. */
    int INIT_STATUS_OK = 0;
    /** {@code FLAC__STREAM_ENCODER_WRITE_STATUS_OK} and {@code …_FATAL_ERROR}. */
    int WRITE_STATUS_OK = 0;
    int WRITE_STATUS_FATAL_ERROR = 1;

    /** {@code FLAC__StreamEncoderWriteCallback}. */
    interface WriteCallback extends Callback {
        int invoke(Pointer encoder, Pointer buffer, long bytes, int samples, int currentFrame, Pointer clientData);
    }

    Pointer FLAC__stream_encoder_new();

    void FLAC__stream_encoder_delete(Pointer encoder);

    boolean FLAC__stream_encoder_set_channels(Pointer encoder, int value);

    boolean FLAC__stream_encoder_set_bits_per_sample(Pointer encoder, int value);

    boolean FLAC__stream_encoder_set_sample_rate(Pointer encoder, int value);

    boolean FLAC__stream_encoder_set_compression_level(Pointer encoder, int value);

    int FLAC__stream_encoder_init_stream(Pointer encoder, WriteCallback write, Pointer seek, Pointer tell,
            Pointer metadata, Pointer clientData);

    boolean FLAC__stream_encoder_process_interleaved(Pointer encoder, int[] buffer, int samples);

    boolean FLAC__stream_encoder_finish(Pointer encoder);

    int FLAC__stream_encoder_get_state(Pointer encoder);
}
