package io.orator.storage;

import java.io.IOException;

/**
 * The audio store could not be reached or refused a request: a passing condition (the bucket's
 * server restarting, the network), unlike a local disk failing.
 */
public class StoreUnavailableException extends IOException {

    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
