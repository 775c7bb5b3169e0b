package io.orator.synthesis;

import java.util.List;
import java.util.Map;

/**
 * A stretch of a job's audio and timeline that is complete and on disk, in the job's temporary
 * files: kept, it lets an interrupted job continue after it rather than from the start.
 *
 * @param index        the segment's place in the job, from 0
 * @param audioFrom    where it starts in the audio file (0 for the first: the header's room is in it)
 * @param audioTo      one past where it ends
 * @param timelineFrom where it starts in the timeline file (0 for the first: the header line is in it)
 * @param timelineTo   one past where it ends
 * @param plan         the plan's key
 * @param nextStep     the plan's first step after it
 * @param chunksDone   chunks spoken up to its end
 * @param samples      audio samples up to its end
 * @param levels       each speaker's loudness meter at its end
 */
public record Segment(int index, long audioFrom, long audioTo, long timelineFrom, long timelineTo, String plan,
                      int nextStep, int chunksDone, long samples, Map<Integer, byte[]> levels) {

    /** Where the job continues once this segment is kept, each kept segment written by the attempt given. */
    public ResumePoint after(List<Integer> segmentAttempts) {
        return new ResumePoint(plan, segmentAttempts, nextStep, chunksDone, samples, levels);
    }
}
