package io.orator.admin;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CrossSiteRequestsTest {

    @Test
    void aRequestWithoutOriginIsNotABrowsersCrossSiteRequest() {
        assertTrue(CrossSiteRequests.isThisServer(null, "orator.example:8080"));
    }

    @Test
    void anOriginNamingThisHostAndPortIsThisServer() {
        assertTrue(CrossSiteRequests.isThisServer("http://orator.example:8080", "orator.example:8080"));
        assertTrue(CrossSiteRequests.isThisServer("https://Orator.Example", "orator.example"));
    }

    @Test
    void anyOtherOriginIsNot() {
        assertFalse(CrossSiteRequests.isThisServer("http://evil.example", "orator.example"));
        assertFalse(CrossSiteRequests.isThisServer("http://orator.example:9999", "orator.example:8080"));
        assertFalse(CrossSiteRequests.isThisServer("http://orator.example.evil.example", "orator.example"));
        assertFalse(CrossSiteRequests.isThisServer("null", "orator.example"));
        assertFalse(CrossSiteRequests.isThisServer("http://orator.example", null));
        assertFalse(CrossSiteRequests.isThisServer("::not a uri", "orator.example"));
    }
}
