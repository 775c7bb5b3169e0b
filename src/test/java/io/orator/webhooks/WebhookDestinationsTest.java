package io.orator.webhooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WebhookDestinationsTest {

    private static WebhookDestinations allowing(String allowed) {
        WebhookDestinations destinations = new WebhookDestinations();
        destinations.allowed = Optional.ofNullable(allowed);
        return destinations;
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1:8080/hook", "http://localhost/hook", "http://10.1.2.3/hook",
            "http://172.16.0.9/", "http://192.168.1.1/", "http://169.254.169.254/latest/meta-data/",
            "http://100.64.0.1/", "http://0.0.0.0:9990/", "http://[::1]/", "http://[fd00::1]/", "http://[fe80::1]/",
            "http://[::ffff:127.0.0.1]/", "http://224.0.0.1/", "http://198.18.0.1/"})
    void internalDestinationsAreRefused(String url) {
        Optional<String> refused = allowing(null).refusal(url);
        assertTrue(refused.isPresent(), url);
        assertTrue(refused.get().contains("private"), refused.get());
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://93.184.216.34/hook", "/relative", "mailto:ops@example.com", "http://user:secret@93.184.216.34/",
            "not a url", "http:///path"})
    void onlyAbsoluteHttpUrlsWithoutCredentialsAreDestinations(String url) {
        assertTrue(allowing(null).refusal(url).isPresent(), url);
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://93.184.216.34/hook", "https://93.184.216.34:8443/a/b?c=d", "http://[2606:2800:220:1::1]/"})
    void publicAddressesAreDestinations(String url) {
        assertEquals(Optional.empty(), allowing(null).refusal(url));
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.0.0.0/8", "10.0.0.0/8, 127.0.0.1", "::1, 127.0.0.1/32"})
    void anOperatorAllowsPrivateDestinationsByHostAddressOrRange(String allowed) {
        WebhookDestinations destinations = allowing(allowed);
        assertEquals(Optional.empty(), destinations.refusal("http://127.0.0.1:9000/hook"), allowed);
        assertTrue(destinations.refusal("http://192.168.1.1/").isPresent(), "other private addresses stay refused");
    }

    @org.junit.jupiter.api.Test
    void aHostNameIsAllowedByThatName() {
        WebhookDestinations destinations = allowing("receiver.internal, localhost");
        assertEquals(Optional.empty(), destinations.refusal("http://localhost:9000/hook"));
        assertTrue(destinations.refusal("http://127.0.0.1:9000/hook").isPresent(), "the name, not what it resolves to");
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1/33", "not-an-address/8", ""})
    void aMalformedAllowListEntryAllowsNothing(String allowed) {
        assertFalse(allowing(allowed).refusal("http://10.0.0.1/").isEmpty(), allowed);
    }
}
