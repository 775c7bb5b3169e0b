package io.orator.testing;

import java.net.URI;
import java.nio.file.Path;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A real S3-compatible server (S3Proxy) on loopback, keeping its objects in a folder, with
 * signature V4 authentication as a cloud bucket has. It can be stopped and started again on the
 * same port with the same objects: the store "going away" and coming back.
 */
public final class S3TestServer implements AutoCloseable {

    public static final String ACCESS_KEY = "orator-test";
    public static final String SECRET_KEY = "orator-test-secret-key";
    public static final String REGION = "us-east-1";

    private final Path root;
    private int port;
    private S3Proxy proxy;

    private S3TestServer(Path root) {
        this.root = root;
    }

    /**
     * Runs a server for local trials and benchmarks until the process is stopped:
     * {@code S3TestServer <folder> [port]}; prints its endpoint and credentials.
     */
    public static void main(String[] args) throws Exception {
        Path root = Path.of(args.length > 0 ? args[0] : "target/s3-store");
        java.nio.file.Files.createDirectories(root);
        S3TestServer server = new S3TestServer(root);
        server.startOn(args.length > 1 ? Integer.parseInt(args[1]) : 0);
        System.out.println("S3-compatible store at " + server.endpoint() + " (path style), objects under " + root
                + ", access key " + ACCESS_KEY + ", secret key " + SECRET_KEY);
        Thread.currentThread().join();
    }

    /** Starts a server on a free port, its objects under {@code root}. */
    public static S3TestServer start(Path root) throws Exception {
        S3TestServer server = new S3TestServer(root);
        server.startOn(0);
        return server;
    }

    private void startOn(int wanted) throws Exception {
        S3Proxy started = S3Proxy.builder()
                .blobStore(new FilesystemNio2BlobStore(root.toString()))
                .endpoint(URI.create("http://127.0.0.1:" + wanted))
                .awsAuthentication(AuthenticationType.AWS_V4, ACCESS_KEY, SECRET_KEY)
                .build();
        started.start();
        while (!"STARTED".equals(started.getState())) {
            Thread.onSpinWait();
        }
        proxy = started;
        port = started.getPort();
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** Stops answering; the objects stay on disk. */
    public void stop() throws Exception {
        if (proxy != null) {
            proxy.stop();
            proxy = null;
        }
    }

    /** Answers again on the same port, with the objects it had. */
    public void restart() throws Exception {
        stop();
        startOn(port);
    }

    /** A client for looking into the bucket from a test, set up as any S3-compatible client must be. */
    public S3Client client() {
        return S3Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .endpointOverride(endpoint())
                .forcePathStyle(true)
                .region(Region.of(REGION))
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                .build();
    }

    @Override
    public void close() throws Exception {
        stop();
    }
}
