package io.orator.jobs;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.atomic.LongAdder;

/**
 * This node's claims since it started, and how many of them lost the race for a queued job to
 * another node (the conditional update matched no row, and the next candidate was tried). On one
 * node there are no losses; with several, the share of losses says how much the nodes' timers
 * contend for the same rows.
 */
@ApplicationScoped
public class ClaimRaces {

    private final LongAdder won = new LongAdder();
    private final LongAdder lost = new LongAdder();

    void countWin() {
        won.increment();
    }

    void countLoss() {
        lost.increment();
    }

    /** Jobs this node claimed. */
    public long wins() {
        return won.sum();
    }

    /** Queued jobs this node tried to claim that another node claimed first. */
    public long losses() {
        return lost.sum();
    }
}
