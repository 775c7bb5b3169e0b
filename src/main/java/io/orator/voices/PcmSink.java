package io.orator.voices;

import java.io.IOException;

/** Receives 16-bit mono PCM as an engine produces it, so no engine holds a whole job's audio. */
@FunctionalInterface
public interface PcmSink {

    void accept(short[] samples, int offset, int length) throws IOException;
}
