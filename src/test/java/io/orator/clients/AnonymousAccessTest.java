package io.orator.clients;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AnonymousAccessTest {

    @Test
    void loopbackAddressesAreThisMachine() {
        assertTrue(AnonymousAccess.isLoopback("127.0.0.1"));
        assertTrue(AnonymousAccess.isLoopback("127.10.0.3"));
        assertTrue(AnonymousAccess.isLoopback("::1"));
        assertTrue(AnonymousAccess.isLoopback("0:0:0:0:0:0:0:1"));
    }

    @Test
    void otherAddressesAreNot() {
        assertFalse(AnonymousAccess.isLoopback("10.0.0.1"));
        assertFalse(AnonymousAccess.isLoopback("192.168.1.20"));
        assertFalse(AnonymousAccess.isLoopback("::ffff:10.0.0.1"));
        assertFalse(AnonymousAccess.isLoopback("fe80::1"));
    }

    @Test
    void namesAndGarbageAreNeverResolvedAndNeverLoopback() {
        assertFalse(AnonymousAccess.isLoopback("localhost"));
        assertFalse(AnonymousAccess.isLoopback("example.org"));
        assertFalse(AnonymousAccess.isLoopback(""));
        assertFalse(AnonymousAccess.isLoopback(null));
        assertFalse(AnonymousAccess.isLoopback("127.0.0.1 "));
    }
}
