package io.orator.jobs;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.atomic.LongAdder;

/**
 * This node's claims since it started, and how many times its conditional update found the queued
 * job it reached for already gone (the next candidate was then tried). With several nodes that is
 * another node's claim, and the share of losses says how much the nodes contend for the same rows;
 * on any node a cancel or delete landing in the same instant counts too, which is rare enough that
 * one node reads 0.
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

    /** Queued jobs this node tried to claim that had left the queue first, nearly always to another node. */
    public long losses() {
        return lost.sum();
    }
}
