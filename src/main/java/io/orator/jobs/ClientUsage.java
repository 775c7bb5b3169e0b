package io.orator.jobs;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.LocalDate;
import java.util.Objects;

/** A client's submissions on one UTC day: jobs and characters, kept when the jobs are gone. */
@Entity
@Table(name = "client_usage")
public class ClientUsage {

    /** One client, one day. */
    @Embeddable
    public static class Id implements Serializable {
        private static final long serialVersionUID = 1L;

        private String client;
        @Column(name = "usage_day")
        private LocalDate day;

        protected Id() {
        }

        public Id(String client, LocalDate day) {
            this.client = client;
            this.day = day;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Id id && client.equals(id.client) && day.equals(id.day);
        }

        @Override
        public int hashCode() {
            return Objects.hash(client, day);
        }
    }

    @EmbeddedId
    private Id id;
    private long jobs;
    private long characters;

    protected ClientUsage() {
    }

    ClientUsage(Id id) {
        this.id = id;
    }

    public long getJobs() { return jobs; }
    public long getCharacters() { return characters; }
}
