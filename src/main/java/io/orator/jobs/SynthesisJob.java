package io.orator.jobs;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * One synthesis job and its history row: what was asked, how it ran, where its audio is.
 * State changes that can race (claim, cancel, finish) go through conditional updates in
 * {@link JobTransitions}, not through this entity.
 */
@Entity
@Table(name = "synthesis_job")
public class SynthesisJob {

    @Id
    private UUID id;
    /** The client the job belongs to: only it (and operators) can see the job. */
    private String client;

    @Enumerated(EnumType.STRING)
    private JobStatus status;

    @Column(name = "created_at")
    private Instant createdAt;
    @Column(name = "started_at")
    private Instant startedAt;
    @Column(name = "finished_at")
    private Instant finishedAt;
    @Column(name = "expires_at")
    private Instant expiresAt;
    @Column(name = "deadline_at")
    private Instant deadlineAt;
    @Column(name = "heartbeat_at")
    private Instant heartbeatAt;

    private String node;
    private int attempts;
    /** Attempts that do not count against the crash limit: handed back by a draining node, or before a retry. */
    @Column(name = "free_attempts")
    private int freeAttempts;
    @Column(name = "cancel_requested")
    private boolean cancelRequested;
    @Column(name = "retention_hours")
    private int retentionHours;
    private double speed;

    private int speakers;
    private int characters;
    @Column(name = "turn_count")
    private int turnCount;
    /** Speaker number to voice id, as JSON. */
    private String voices;
    /** The normalized turns, as JSON: what the worker speaks, also after a restart. */
    private String turns;
    /** Where an interrupted run continues (synthesis.ResumePoint as JSON); null when there is nowhere. */
    private String checkpoint;

    private double progress;
    @Column(name = "chunks_done")
    private int chunksDone;
    @Column(name = "chunks_total")
    private int chunksTotal;

    @Column(name = "error_code")
    private String errorCode;
    @Column(name = "error_message")
    private String errorMessage;

    @Column(name = "audio_file")
    private String audioFile;
    @Column(name = "audio_bytes")
    private Long audioBytes;
    @Column(name = "audio_seconds")
    private Double audioSeconds;
    @Column(name = "audio_sample_rate")
    private Integer audioSampleRate;
    /** The format the audio is served in unless a download asks for another; the file is WAV. */
    @Column(name = "audio_format", nullable = false, length = 8)
    private String audioFormat = "wav";
    /** Where the job's final state is sent ({@code webhooks}); null for none. */
    @Column(name = "webhook_url")
    private String webhookUrl;

    @Column(name = "synthesis_millis")
    private Long synthesisMillis;
    @Column(name = "real_time_factor")
    private Double realTimeFactor;
    @Column(name = "rss_bytes_before")
    private Long rssBytesBefore;
    @Column(name = "rss_bytes_after")
    private Long rssBytesAfter;
    @Column(name = "gpu_bytes_before")
    private Long gpuBytesBefore;
    @Column(name = "gpu_bytes_after")
    private Long gpuBytesAfter;
    @Column(name = "skipped_phonemes")
    private Integer skippedPhonemes;

    protected SynthesisJob() {
    }

    /** A new job, queued now. */
    public SynthesisJob(UUID id, String client, Instant createdAt, int retentionHours, double speed, int speakers,
                        int characters, int turnCount, String voices, String turns, String audioFormat) {
        this.id = id;
        this.audioFormat = audioFormat;
        this.client = client;
        this.status = JobStatus.QUEUED;
        this.createdAt = createdAt;
        this.retentionHours = retentionHours;
        this.speed = speed;
        this.speakers = speakers;
        this.characters = characters;
        this.turnCount = turnCount;
        this.voices = voices;
        this.turns = turns;
    }

    public UUID getId() { return id; }
    public String getClient() { return client; }
    public JobStatus getStatus() { return status; }
    public Instant getCreatedAt() { return createdAt; }
    public Instant getStartedAt() { return startedAt; }
    public Instant getFinishedAt() { return finishedAt; }
    public Instant getExpiresAt() { return expiresAt; }
    public Instant getDeadlineAt() { return deadlineAt; }
    public Instant getHeartbeatAt() { return heartbeatAt; }
    public String getNode() { return node; }
    public int getAttempts() { return attempts; }
    public boolean isCancelRequested() { return cancelRequested; }
    public int getRetentionHours() { return retentionHours; }
    public double getSpeed() { return speed; }
    public int getSpeakers() { return speakers; }
    public int getCharacters() { return characters; }
    public int getTurnCount() { return turnCount; }
    public String getVoices() { return voices; }
    public String getTurns() { return turns; }
    public String getCheckpoint() { return checkpoint; }

    public int getFreeAttempts() { return freeAttempts; }
    public double getProgress() { return progress; }
    public int getChunksDone() { return chunksDone; }
    public int getChunksTotal() { return chunksTotal; }
    public String getErrorCode() { return errorCode; }
    public String getErrorMessage() { return errorMessage; }
    public String getAudioFile() { return audioFile; }
    public Long getAudioBytes() { return audioBytes; }
    public Double getAudioSeconds() { return audioSeconds; }
    public Integer getAudioSampleRate() { return audioSampleRate; }
    public String getAudioFormat() { return audioFormat; }
    public String getWebhookUrl() { return webhookUrl; }

    /** Before the job is queued only: set at submission, never changed after. */
    void setWebhookUrl(String webhookUrl) { this.webhookUrl = webhookUrl; }
    public Long getSynthesisMillis() { return synthesisMillis; }
    public Double getRealTimeFactor() { return realTimeFactor; }
    public Long getRssBytesBefore() { return rssBytesBefore; }
    public Long getRssBytesAfter() { return rssBytesAfter; }
    public Long getGpuBytesBefore() { return gpuBytesBefore; }
    public Long getGpuBytesAfter() { return gpuBytesAfter; }
    public Integer getSkippedPhonemes() { return skippedPhonemes; }
}
