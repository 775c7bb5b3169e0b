package io.orator.storage;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * The {@code orator.storage.s3.*} settings, and the client they describe. Any S3-compatible
 * server works: an endpoint override with path-style addressing, and checksums only where the
 * protocol requires them, since many such servers refuse the ones the SDK adds by default.
 */
record S3Settings(String bucket, String prefix, Optional<URI> endpoint, String region, boolean pathStyle,
                  Optional<String> accessKey, Optional<String> secretKey, long partSizeBytes, boolean createBucket,
                  Duration connectTimeout, Duration readTimeout, long localCopiesBytes) {

    /** S3 refuses multipart parts under 5 MiB (all but the last). */
    static final long MIN_PART_SIZE = 5L * 1024 * 1024;

    S3Settings {
        if (bucket == null || bucket.isBlank()) {
            throw new IllegalArgumentException("orator.storage.s3.bucket must name the bucket when orator.storage.type is s3");
        }
        if (partSizeBytes < MIN_PART_SIZE) {
            throw new IllegalArgumentException("orator.storage.s3.part-size-bytes must be at least " + MIN_PART_SIZE);
        }
        if (accessKey.isPresent() != secretKey.isPresent()) {
            throw new IllegalArgumentException("orator.storage.s3.access-key and orator.storage.s3.secret-key go together");
        }
        if (localCopiesBytes < 0) {
            throw new IllegalArgumentException("orator.storage.s3.local-copies-bytes cannot be negative");
        }
        prefix = prefix.isEmpty() || prefix.endsWith("/") ? prefix : prefix + "/";
    }

    static S3Settings from(Config config) {
        return new S3Settings(
                config.getOptionalValue("orator.storage.s3.bucket", String.class).orElse(""),
                config.getOptionalValue("orator.storage.s3.prefix", String.class).orElse("audio/"),
                config.getOptionalValue("orator.storage.s3.endpoint", String.class).filter(s -> !s.isBlank()).map(URI::create),
                config.getOptionalValue("orator.storage.s3.region", String.class).orElse("us-east-1"),
                config.getOptionalValue("orator.storage.s3.path-style", Boolean.class).orElse(true),
                config.getOptionalValue("orator.storage.s3.access-key", String.class).filter(s -> !s.isBlank()),
                config.getOptionalValue("orator.storage.s3.secret-key", String.class).filter(s -> !s.isBlank()),
                config.getOptionalValue("orator.storage.s3.part-size-bytes", Long.class).orElse(16L * 1024 * 1024),
                config.getOptionalValue("orator.storage.s3.create-bucket", Boolean.class).orElse(false),
                Duration.ofSeconds(config.getOptionalValue("orator.storage.s3.connect-timeout-seconds", Integer.class).orElse(5)),
                Duration.ofSeconds(config.getOptionalValue("orator.storage.s3.read-timeout-seconds", Integer.class).orElse(30)),
                config.getOptionalValue("orator.storage.s3.local-copies-bytes", Long.class).orElse(1024L * 1024 * 1024));
    }

    S3Client client() {
        S3ClientBuilder builder = S3Client.builder()
                // The JDK's own HTTP client: nothing to clash with the server's Netty or HttpClient.
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(connectTimeout).socketTimeout(readTimeout))
                .region(Region.of(region))
                .forcePathStyle(pathStyle)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .credentialsProvider(credentials());
        endpoint.ifPresent(builder::endpointOverride);
        return builder.build();
    }

    /** The given keys, or else the SDK's usual chain (environment, profile, container or instance role). */
    private AwsCredentialsProvider credentials() {
        if (accessKey.isPresent()) {
            return StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey.get(), secretKey.orElseThrow()));
        }
        return DefaultCredentialsProvider.builder().build();
    }

    /** Where readiness and the logs say the audio is, without the keys. */
    String location() {
        return endpoint.map(uri -> uri + "/").orElse("s3://") + bucket + "/" + prefix;
    }
}
