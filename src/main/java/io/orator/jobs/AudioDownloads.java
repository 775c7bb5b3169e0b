package io.orator.jobs;

import io.orator.platform.ProblemException;
import io.orator.storage.AudioStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;

/**
 * Serves a finished job's WAV file straight from disk: whole or one byte range, with an ETag,
 * so players can seek in a 90-minute file without downloading it.
 */
@ApplicationScoped
class AudioDownloads {

    private static final String WAV = "audio/wav";

    @Inject
    AudioStore store;

    Response serve(SynthesisJob job, String rangeHeader, Request request) {
        Path file = audioOf(job);
        long length = sizeOf(file);
        EntityTag etag = new EntityTag(job.getId() + "-" + length);
        Response.ResponseBuilder notModified = request.evaluatePreconditions(etag);
        if (notModified != null) {
            return notModified.tag(etag).build();
        }
        ByteRange range = ByteRange.parse(rangeHeader, length);
        if (range == null) {
            return Response.ok(stream(file, 0, length), WAV).tag(etag)
                    .header("Accept-Ranges", "bytes").header("Content-Length", length).build();
        }
        if (!range.satisfiable()) {
            return Response.status(416).header("Content-Range", "bytes */" + length)
                    .header("Accept-Ranges", "bytes").build();
        }
        return Response.status(206).entity(stream(file, range.start(), range.length())).type(WAV).tag(etag)
                .header("Accept-Ranges", "bytes")
                .header("Content-Range", "bytes " + range.start() + "-" + range.end() + "/" + length)
                .header("Content-Length", range.length())
                .build();
    }

    private Path audioOf(SynthesisJob job) {
        switch (job.getStatus()) {
            case SUCCEEDED:
                Path file = store.resolveStored(job.getAudioFile());
                if (Files.isRegularFile(file)) {
                    return file;
                }
                throw gone(job, "Its audio is no longer on disk");
            case EXPIRED:
                throw gone(job, "Its audio expired at " + job.getExpiresAt());
            default:
                throw ProblemException.conflict("audio-not-ready",
                        "Job " + job.getId() + " is " + job.getStatus() + "; audio exists only for SUCCEEDED jobs");
        }
    }

    private static ProblemException gone(SynthesisJob job, String why) {
        return new ProblemException(410, "audio-gone", "Audio gone",
                "The audio of job " + job.getId() + " was deleted. " + why, List.of(), Map.of());
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read the size of " + file, e);
        }
    }

    private static StreamingOutput stream(Path file, long start, long count) {
        return out -> {
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
                WritableByteChannel target = Channels.newChannel(out);
                long position = start;
                long remaining = count;
                while (remaining > 0) {
                    long sent = channel.transferTo(position, remaining, target);
                    if (sent <= 0) {
                        break;
                    }
                    position += sent;
                    remaining -= sent;
                }
            }
        };
    }
}
