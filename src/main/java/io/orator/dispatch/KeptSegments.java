package io.orator.dispatch;

import io.orator.jobs.Claim;
import io.orator.jobs.JobTransitions;
import io.orator.storage.AudioStore;
import io.orator.storage.AudioStore.SegmentPart;
import io.orator.synthesis.JobFiles;
import io.orator.synthesis.ResumePoint;
import io.orator.synthesis.Segment;
import io.orator.synthesis.SynthesisStopped;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * The segments one job keeps so that an interrupted run continues where it stopped, on this
 * node or another: each is copied out of the running attempt's files, kept in the audio store,
 * and only then named in the job's checkpoint. A new attempt puts the kept segments back as the
 * start of its own files, streamed one after another, never whole in memory.
 */
final class KeptSegments {

    private static final Logger LOG = Logger.getLogger(KeptSegments.class.getName());

    private final AudioStore store;
    private final JobTransitions transitions;
    private final Claim job;
    private final JobFiles files;
    /** The attempt that wrote each segment the checkpoint names, in order. */
    private final List<Integer> attempts = new ArrayList<>();
    private boolean broken;
    private int chunksKept;

    KeptSegments(AudioStore store, JobTransitions transitions, Claim job, JobFiles files) {
        this.store = store;
        this.transitions = transitions;
        this.job = job;
        this.files = files;
    }

    /**
     * Puts the segments a checkpoint names back as the start of this attempt's files.
     *
     * @return where to continue; empty (start over) when there is no checkpoint or a segment is
     *         unreadable, which costs time, never correctness
     */
    Optional<ResumePoint> restore(String checkpoint) {
        if (checkpoint == null) {
            return Optional.empty();
        }
        try {
            ResumePoint point = ResumePoint.fromJson(checkpoint);
            try (OutputStream audio = Files.newOutputStream(files.audioTemp());
                 OutputStream timeline = Files.newOutputStream(files.timelineTemp())) {
                for (int index = 0; index < point.segments().size(); index++) {
                    int writer = point.segments().get(index);
                    copy(AudioStore.segmentName(job.id(), writer, index, SegmentPart.AUDIO), audio);
                    copy(AudioStore.segmentName(job.id(), writer, index, SegmentPart.TIMELINE), timeline);
                }
            }
            attempts.addAll(point.segments());
            chunksKept = point.chunksDone();
            LOG.info(() -> "Job " + job.id() + " attempt " + job.attempt() + " continues after " + point.segments().size()
                    + " kept segments, at chunk " + point.chunksDone());
            return Optional.of(point);
        } catch (IOException | IllegalArgumentException e) {
            LOG.warning(() -> "Job " + job.id() + " starts over: its kept segments cannot be read (" + e.getMessage() + ")");
            return Optional.empty();
        }
    }

    private void copy(String name, OutputStream out) throws IOException {
        try (InputStream in = store.readSegment(name).orElseThrow(() -> new IOException("segment " + name + " is gone"))) {
            in.transferTo(out);
        }
    }

    /**
     * Keeps one segment, then names it in the checkpoint. A segment that cannot be kept (the store
     * is away) ends keeping for this attempt, not the job: the job goes on, and an interruption
     * after that continues from the last segment that was kept.
     *
     * @throws SynthesisStopped when this attempt is no longer the job's: another one owns it now
     */
    void keep(Segment segment) {
        if (broken) {
            return;
        }
        String audio = AudioStore.segmentName(job.id(), job.attempt(), segment.index(), SegmentPart.AUDIO);
        String timeline = AudioStore.segmentName(job.id(), job.attempt(), segment.index(), SegmentPart.TIMELINE);
        try {
            store.keepSegment(slice(files.audioTemp(), segment.audioFrom(), segment.audioTo(), SegmentPart.AUDIO, segment), audio);
            store.keepSegment(slice(files.timelineTemp(), segment.timelineFrom(), segment.timelineTo(), SegmentPart.TIMELINE,
                    segment), timeline);
        } catch (IOException e) {
            broken = true;
            LOG.warning(() -> "Job " + job.id() + " keeps no more segments in this attempt: " + e.getMessage());
            return;
        }
        attempts.add(job.attempt());
        if (!transitions.checkpoint(job, segment.after(attempts).toJson())) {
            attempts.remove(attempts.size() - 1);
            // Of no use to the attempt that owns the job now: its name says whose it is.
            store.deleteSegments(List.of(audio, timeline));
            throw new SynthesisStopped(SynthesisStopped.Reason.LOST, "The job is no longer running in this attempt on this node");
        }
        chunksKept = segment.chunksDone();
    }

    /** Copies a byte range of a file being written into a file of its own. */
    private Path slice(Path source, long from, long to, SegmentPart part, Segment segment) throws IOException {
        Path target = store.segmentTemp(job.id(), job.attempt(), segment.index(), part);
        try (FileChannel in = FileChannel.open(source, StandardOpenOption.READ);
             FileChannel out = FileChannel.open(target, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                     StandardOpenOption.WRITE)) {
            long position = from;
            while (position < to) {
                long sent = in.transferTo(position, to - position, out);
                if (sent <= 0) {
                    throw new IOException(source + " ends before byte " + to);
                }
                position += sent;
            }
        }
        return target;
    }

    /** Chunks spoken up to the last kept segment: where the next attempt goes on from. */
    int chunksKept() {
        return chunksKept;
    }

    /** Deletes the segments the job's last checkpoint named: the job has ended and will not continue. */
    void deleteAll() {
        List<String> names = new ArrayList<>();
        for (int index = 0; index < attempts.size(); index++) {
            names.add(AudioStore.segmentName(job.id(), attempts.get(index), index, SegmentPart.AUDIO));
            names.add(AudioStore.segmentName(job.id(), attempts.get(index), index, SegmentPart.TIMELINE));
        }
        store.deleteSegments(names);
    }
}
