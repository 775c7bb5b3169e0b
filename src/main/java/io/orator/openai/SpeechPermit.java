package io.orator.openai;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;

/**
 * The place a speech request holds among {@link SpeechAdmission}'s, given back exactly once
 * however the request ends: when its audio has been written, or, if the runtime never writes it
 * (the response failed before its body), when the request's scope ends.
 */
@RequestScoped
public class SpeechPermit {

    @Inject
    SpeechAdmission admission;

    private boolean held;

    /** Takes a place, or throws the 429. */
    void take() {
        admission.enter();
        held = true;
    }

    void release() {
        if (held) {
            held = false;
            admission.leave();
        }
    }

    @PreDestroy
    void requestEnded() {
        release();
    }
}
