package io.orator.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;

/**
 * One object of the bucket opened for one download. Each range is fetched with the ETag seen at
 * opening as a condition, so a download never mixes bytes of two different objects; audio names
 * are never reused, so in practice the object only ever disappears.
 */
final class S3Audio implements StoredAudio {

    private static final int BUFFER = 256 * 1024;

    private final S3Client s3;
    private final String bucket;
    private final String key;
    private final long size;
    private final String etag;

    S3Audio(S3Client s3, String bucket, String key, long size, String etag) {
        this.s3 = s3;
        this.bucket = bucket;
        this.key = key;
        this.size = size;
        this.etag = etag;
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public void transferTo(long start, long count, OutputStream out) throws IOException {
        if (count <= 0) {
            return;
        }
        String range = "bytes=" + start + "-" + (start + count - 1);
        GetObjectRequest request = GetObjectRequest.builder().bucket(bucket).key(key).range(range).ifMatch(etag).build();
        try {
            // Consumed inside the call: the SDK's ResponseInputStream, and the static timeout thread
            // it starts (which would hold the application's class loader after an undeploy), never exist.
            s3.getObject(request, (response, in) -> {
                copy(in, count, out);
                return null;
            });
        } catch (SdkException e) {
            throw new StoreUnavailableException("Cannot read " + key + " from bucket " + bucket + ": " + e.getMessage(), e);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private void copy(InputStream in, long count, OutputStream out) {
        try {
            byte[] buffer = new byte[BUFFER];
            long remaining = count;
            while (remaining > 0) {
                int read = in.read(buffer, 0, (int) Math.min(buffer.length, remaining));
                if (read < 0) {
                    throw new IOException("audio object " + key + " ended " + remaining + " bytes early");
                }
                out.write(buffer, 0, read);
                remaining -= read;
            }
            // Read to the end, so closing leaves the connection to be kept alive for the next range
            // rather than aborting it.
            if (in.read() >= 0) {
                throw new IOException("audio object " + key + " is longer than the range asked for");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        // Nothing is held between ranges: each one is its own request.
    }
}
