package dev.jlstm.models.internal;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/**
 * A few threads that share the work of one time step, over and over: the caller and
 * {@code size - 1} resident threads each run one part of every job, then the caller waits for the rest.
 *
 * <p>Why not a thread pool: a step lasts tens of microseconds, and waking a parked pool thread costs
 * about as much. Resident threads spin for a while after each job (the next step usually comes
 * within microseconds), then park; an idle team costs nothing.
 *
 * <p>One caller at a time: {@link Workers} hands a team to one pass and takes it back.
 */
final class Team {
    /** Spins (about a microsecond each with {@link Thread#onSpinWait}) before a resident thread parks. */
    private static final int SPINS_BEFORE_PARKING = 20_000;

    private final int size;
    private final Thread[] residents;
    private final AtomicInteger remaining = new AtomicInteger();
    private volatile int generation;
    private volatile IntConsumer job;
    private volatile Throwable failure;

    Team(int size) {
        this.size = size;
        this.residents = new Thread[size - 1];
        for (int i = 0; i < residents.length; i++) {
            int part = i + 1;
            Thread t = new Thread(() -> serve(part), "jlstm-step-" + part);
            t.setDaemon(true);
            residents[i] = t;
            t.start();
        }
    }

    /** Participants per job, the caller included. */
    int size() {
        return size;
    }

    /** Runs {@code body(0)} here and {@code body(1 .. size-1)} on the resident threads; returns when all are done. */
    void run(IntConsumer body) {
        job = body;
        failure = null;
        remaining.set(size - 1);
        generation++; // publishes job (a volatile write after the plain ones above)
        for (Thread t : residents) {
            LockSupport.unpark(t);
        }
        Throwable mine = null;
        try {
            body.accept(0);
        } catch (Throwable e) {
            mine = e;
        }
        while (remaining.get() > 0) {
            Thread.onSpinWait();
        }
        job = null;
        Throwable f = mine != null ? mine : failure;
        if (f instanceof RuntimeException) {
            throw (RuntimeException) f;
        }
        if (f instanceof Error) {
            throw (Error) f;
        }
    }

    private void serve(int part) {
        int seen = 0;
        while (true) {
            int spins = 0;
            while (generation == seen) {
                if (spins++ < SPINS_BEFORE_PARKING) {
                    Thread.onSpinWait();
                } else {
                    LockSupport.park(this);
                }
            }
            seen = generation;
            try {
                job.accept(part);
            } catch (Throwable e) {
                failure = e;
            } finally {
                remaining.decrementAndGet();
            }
        }
    }
}
