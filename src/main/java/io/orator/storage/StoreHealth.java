package io.orator.storage;

import java.util.Map;

/**
 * Whether an audio store can take new audio now, and the readings that say why (free bytes,
 * the bucket, the error that made it unreachable).
 */
public record StoreHealth(boolean up, Map<String, Object> data) {
}
