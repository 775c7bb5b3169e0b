package io.orator.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Audio in an S3-compatible bucket that every node shares, so any node serves any job's audio.
 * A file is uploaded only once it is complete, in one request or, when large, in parts that
 * become visible together on completion: readers never see half an object.
 */
final class S3AudioObjects implements AudioObjects, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(S3AudioObjects.class.getName());
    private static final int NOT_FOUND = 404;
    /** Sizes and ETags of recently opened audio: a player seeking in one file asks for many ranges. */
    private static final int KNOWN_OBJECTS = 1024;
    private static final Duration KNOWN_FOR = Duration.ofSeconds(60);

    private final S3Settings settings;
    private final S3Client s3;
    private final Path downloads;
    private final LocalCopies copies;
    /**
     * What HEAD said of an object, so the ranges of one download after another cost one request
     * each, not two. Audio names are never reused, so what is known stays true until a delete,
     * which forgets it; a delete by another node is seen within {@link #KNOWN_FOR} (and the job
     * row, read before every download, has changed first).
     */
    private final Map<String, Known> known = Collections.synchronizedMap(new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Known> eldest) {
            return size() > KNOWN_OBJECTS;
        }
    });

    private record Known(long size, String etag, Instant at) {
    }

    /**
     * @param downloads where objects read whole are copied on this node's disk
     * @param copies the audio this node keeps a copy of, for downloads that seek
     */
    S3AudioObjects(S3Settings settings, Path downloads, LocalCopies copies) {
        this.settings = settings;
        this.downloads = downloads;
        this.copies = copies;
        this.s3 = settings.client();
    }

    @Override
    public String kind() {
        return "s3";
    }

    private String key(String name) {
        return settings.prefix() + name;
    }

    @Override
    public void publish(Path file, String name) throws IOException {
        long size = Files.size(file);
        try {
            if (size <= settings.partSizeBytes()) {
                s3.putObject(put -> put.bucket(settings.bucket()).key(key(name)).contentType(contentType(name)),
                        RequestBody.fromFile(file));
            } else {
                uploadInParts(file, name, size);
            }
        } catch (SdkException e) {
            throw unreachable("upload " + name, e);
        }
        if (name.endsWith(AudioStore.AUDIO_SUFFIX)) {
            // Whoever listens first is often served by the node that made the audio.
            copies.keep(file, name);
        } else {
            Files.delete(file);
        }
    }

    /** A large file in parts read straight from disk; an upload that fails is aborted, leaving nothing. */
    private void uploadInParts(Path file, String name, long size) {
        String uploadId = s3.createMultipartUpload(create -> create.bucket(settings.bucket()).key(key(name))
                .contentType(contentType(name))).uploadId();
        try {
            List<CompletedPart> parts = new ArrayList<>();
            int number = 1;
            for (long offset = 0; offset < size; offset += settings.partSizeBytes(), number++) {
                long length = Math.min(settings.partSizeBytes(), size - offset);
                int partNumber = number;
                String etag = s3.uploadPart(part -> part.bucket(settings.bucket()).key(key(name)).uploadId(uploadId)
                                .partNumber(partNumber).contentLength(length),
                        RequestBody.fromContentProvider(new FileSlice(file, offset, length), length, contentType(name))).eTag();
                parts.add(CompletedPart.builder().partNumber(partNumber).eTag(etag).build());
            }
            s3.completeMultipartUpload(complete -> complete.bucket(settings.bucket()).key(key(name)).uploadId(uploadId)
                    .multipartUpload(upload -> upload.parts(parts)));
        } catch (RuntimeException e) {
            try {
                s3.abortMultipartUpload(abort -> abort.bucket(settings.bucket()).key(key(name)).uploadId(uploadId));
            } catch (SdkException abortFailed) {
                e.addSuppressed(abortFailed);
            }
            throw e;
        }
    }

    private static String contentType(String name) {
        return name.endsWith(AudioStore.AUDIO_SUFFIX) ? "audio/wav" : "application/octet-stream";
    }

    /**
     * Opens the audio from this node's copy when it has one. Otherwise from the bucket, and an
     * object opened a second time within {@link #KNOWN_FOR} (a player seeking, a replay) is
     * copied to this node meanwhile; a single whole download is never fetched twice.
     */
    @Override
    public Optional<StoredAudio> open(String name) throws IOException {
        Optional<StoredAudio> copy = copies.open(name);
        if (copy.isPresent()) {
            return copy;
        }
        Known object = known.get(name);
        if (object != null && object.at().plus(KNOWN_FOR).isAfter(Instant.now())) {
            copies.fillLater(name, object.size(), file -> download(name, object.etag(), file));
            return Optional.of(new S3Audio(s3, settings.bucket(), key(name), object.size(), object.etag()));
        }
        try {
            HeadObjectResponse head = s3.headObject(h -> h.bucket(settings.bucket()).key(key(name)));
            known.put(name, new Known(head.contentLength(), head.eTag(), Instant.now()));
            return Optional.of(new S3Audio(s3, settings.bucket(), key(name), head.contentLength(), head.eTag()));
        } catch (SdkException e) {
            if (isNotFound(e)) {
                return Optional.empty();
            }
            throw unreachable("open " + name, e);
        }
    }

    /**
     * Downloads the object to a temporary file first (timelines and segments, a few MB): the
     * caller reads at its own pace without holding a connection, and the SDK's ResponseInputStream
     * (whose static timeout thread would hold the application's class loader after an undeploy)
     * is never made. The file goes when the stream is closed.
     */
    @Override
    public Optional<InputStream> read(String name) throws IOException {
        Path copy = Files.createTempFile(downloads, "download-", ".part");
        try {
            download(name, null, copy);
            return Optional.of(Files.newInputStream(copy, StandardOpenOption.DELETE_ON_CLOSE));
        } catch (SdkException e) {
            Files.deleteIfExists(copy);
            if (isNotFound(e)) {
                return Optional.empty();
            }
            throw unreachable("read " + name, e);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(copy);
            throw e;
        }
    }

    /** The whole object into {@code file}; with an ETag, only that version of it. */
    private void download(String name, String etag, Path file) {
        s3.getObject(GetObjectRequest.builder().bucket(settings.bucket()).key(key(name)).ifMatch(etag).build(),
                (response, in) -> {
                    Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
                    return null;
                });
    }

    @Override
    public boolean exists(String name) throws IOException {
        try {
            s3.headObject(h -> h.bucket(settings.bucket()).key(key(name)));
            return true;
        } catch (SdkException e) {
            if (isNotFound(e)) {
                return false;
            }
            throw unreachable("look for " + name, e);
        }
    }

    @Override
    public long delete(String name) throws IOException {
        known.remove(name);
        copies.forget(name);
        try {
            long size = s3.headObject(h -> h.bucket(settings.bucket()).key(key(name))).contentLength();
            s3.deleteObject(d -> d.bucket(settings.bucket()).key(key(name)));
            return size;
        } catch (SdkException e) {
            if (isNotFound(e)) {
                return 0;
            }
            throw unreachable("delete " + name, e);
        }
    }

    @Override
    public List<String> namesWrittenBefore(Instant before) throws IOException {
        List<String> names = new ArrayList<>();
        try {
            for (S3Object object : listed()) {
                if (object.lastModified().isBefore(before)) {
                    names.add(object.key().substring(settings.prefix().length()));
                }
            }
        } catch (SdkException e) {
            throw unreachable("list the audio", e);
        }
        return names;
    }

    @Override
    public long bytesStored(String suffix) throws IOException {
        long total = 0;
        try {
            for (S3Object object : listed()) {
                if (object.key().endsWith(suffix)) {
                    total += object.size();
                }
            }
        } catch (SdkException e) {
            throw unreachable("list the audio", e);
        }
        return total;
    }

    /** Every object under the prefix, a page at a time: a listing never holds the whole bucket. */
    private Iterable<S3Object> listed() {
        return s3.listObjectsV2Paginator(list -> list.bucket(settings.bucket()).prefix(settings.prefix())).contents();
    }

    @Override
    public StoreHealth health() {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("store", kind());
        data.put("location", settings.location());
        try {
            s3.headBucket(h -> h.bucket(settings.bucket()));
            return new StoreHealth(true, data);
        } catch (NoSuchBucketException e) {
            data.put("error", "no such bucket");
        } catch (SdkException e) {
            data.put("error", isNotFound(e) ? "no such bucket" : describe(e));
        }
        return new StoreHealth(false, data);
    }

    /** Creates the bucket when asked to and it is missing: for local trials on an empty store. */
    void createBucketIfMissing() {
        if (!settings.createBucket()) {
            return;
        }
        try {
            s3.headBucket(h -> h.bucket(settings.bucket()));
        } catch (SdkException missing) {
            if (!isNotFound(missing) && !(missing instanceof NoSuchBucketException)) {
                LOG.warning(() -> "Cannot reach " + settings.location() + " to check the bucket: " + describe(missing));
                return;
            }
            s3.createBucket(c -> c.bucket(settings.bucket()));
            LOG.info(() -> "Created the bucket " + settings.bucket());
        }
    }

    private static boolean isNotFound(SdkException e) {
        return e instanceof S3Exception s3e && s3e.statusCode() == NOT_FOUND;
    }

    private IOException unreachable(String what, SdkException e) {
        return new StoreUnavailableException("Cannot " + what + " in " + settings.location() + ": " + describe(e), e);
    }

    private static String describe(SdkException e) {
        return e instanceof S3Exception s3e && s3e.awsErrorDetails() != null
                ? s3e.statusCode() + " " + s3e.awsErrorDetails().errorCode() : e.getMessage();
    }

    @Override
    public void close() {
        s3.close();
    }

    /** One part of a file, reopened at its offset each time the SDK (re)sends it. */
    private record FileSlice(Path file, long offset, long length) implements ContentStreamProvider {

        @Override
        public InputStream newStream() {
            try {
                FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
                channel.position(offset);
                return new BoundedInputStream(Channels.newInputStream(channel), length);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
