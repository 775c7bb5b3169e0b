package io.orator.webhooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class WebhookSignerTest {

    private static WebhookSigner signer(String secret) {
        WebhookSigner signer = new WebhookSigner();
        signer.configured = Optional.of(secret);
        signer.load();
        return signer;
    }

    /** The Standard Webhooks specification's published vector: what its receiver libraries verify. */
    @Test
    void signsThePublishedTestVectorExactly() {
        assertEquals("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", signer("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
                .sign("msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, "{\"test\": 2432232314}"));
    }

    @Test
    void anyChangeOfIdTimeOrBodyChangesTheSignature() {
        WebhookSigner signer = signer("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
        String original = signer.sign("a", 1, "{}");
        assertNotEquals(original, signer.sign("b", 1, "{}"));
        assertNotEquals(original, signer.sign("a", 2, "{}"));
        assertNotEquals(original, signer.sign("a", 1, "{ }"));
    }

    @Test
    void aSecretThatIsNotBase64OrTooShortStopsStartUp() {
        assertThrows(IllegalStateException.class, () -> signer("whsec_not base64!"));
        assertThrows(IllegalStateException.class, () -> signer("whsec_c2hvcnQ="));
    }
}
