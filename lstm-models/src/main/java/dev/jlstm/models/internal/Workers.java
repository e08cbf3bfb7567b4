package dev.jlstm.models.internal;

import dev.jlstm.core.Backend;
import dev.jlstm.core.PackedMatrix;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.RecursiveAction;
import java.util.function.IntConsumer;

/**
 * A fixed number of threads for the models' parallel parts, and the splits of a product that give
 * the same bits on any number of threads.
 *
 * <p>Determinism: work is split into tasks that write disjoint outputs, and every output element is
 * computed by the same code in the same order whatever the split (a row or a column of a product
 * does not depend on which block it falls in). So results do not depend on timing, nor on the
 * thread count.
 *
 * <p>The threads are a {@link ForkJoinPool} per thread count, shared by all models and made on
 * first use; a task may itself split (nested calls help rather than block).
 */
public final class Workers {
    private static final ConcurrentHashMap<Integer, ForkJoinPool> POOLS = new ConcurrentHashMap<>();
    private static final ConcurrentHashMap<Integer, Team> TEAMS = new ConcurrentHashMap<>();
    private static final ConcurrentHashMap<Integer, java.util.concurrent.locks.ReentrantLock> TEAM_LOCKS =
            new ConcurrentHashMap<>();
    /** A step smaller than this many multiply-adds per part is not worth sharing (a few microseconds). */
    private static final long MIN_STEP_WORK_PER_PART = 1L << 17;
    /** A product smaller than this many multiply-adds per task is not worth a thread. */
    private static final long MIN_WORK_PER_TASK = 1L << 20;

    private final int threads;
    private final ForkJoinPool pool;

    private Workers(int threads) {
        this.threads = threads;
        this.pool = threads == 1 ? null : POOLS.computeIfAbsent(threads, ForkJoinPool::new);
    }

    /** {@code threads} threads (1: everything on the caller's thread). */
    public static Workers of(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, found " + threads);
        }
        return new Workers(threads);
    }

    /** The thread count. */
    public int threads() {
        return threads;
    }

    /** Runs {@code body(0) .. body(tasks - 1)} in parallel and returns when all are done. */
    public void forEach(int tasks, IntConsumer body) {
        if (pool == null || tasks <= 1) {
            for (int i = 0; i < tasks; i++) {
                body.accept(i);
            }
            return;
        }
        List<RecursiveAction> actions = new ArrayList<>(tasks);
        for (int i = 0; i < tasks; i++) {
            int task = i;
            actions.add(new RecursiveAction() {
                private static final long serialVersionUID = 1L;

                @Override
                protected void compute() {
                    body.accept(task);
                }
            });
        }
        if (ForkJoinTask.getPool() == pool) {
            ForkJoinTask.invokeAll(actions);
        } else {
            pool.invoke(new RecursiveAction() {
                private static final long serialVersionUID = 1L;

                @Override
                protected void compute() {
                    invokeAll(actions);
                }
            });
        }
    }

    /**
     * Into how many parts a step of {@code work} multiply-adds over {@code units} hidden units is
     * worth splitting, with at most {@code share} threads.
     */
    public static int stepParts(int share, long work, int units) {
        return (int) Math.max(1, Math.min(Math.min(share, (units + 63) / 64), work / MIN_STEP_WORK_PER_PART));
    }

    /**
     * Runs {@code part(0 .. parts-1)} of one time step, on a {@link Team} when one is free, else
     * all on the caller's thread; the results are the same either way.
     */
    public static void stepInParts(int parts, IntConsumer part) {
        if (parts <= 1) {
            part.accept(0);
            return;
        }
        java.util.concurrent.locks.ReentrantLock lock = TEAM_LOCKS.computeIfAbsent(parts,
                p -> new java.util.concurrent.locks.ReentrantLock());
        if (lock.tryLock()) {
            try {
                TEAMS.computeIfAbsent(parts, Team::new).run(part);
            } finally {
                lock.unlock();
            }
        } else {
            for (int i = 0; i < parts; i++) {
                part.accept(i);
            }
        }
    }

    /** The units of part {@code i} of {@code parts}: {@code [from, to)} with boundaries at multiples of 64. */
    public static int partStart(int i, int parts, int units) {
        int chunk = ((units + parts - 1) / parts + 63) / 64 * 64;
        return Math.min(units, i * chunk);
    }

    /** How many tasks a product of {@code work} multiply-adds over {@code extent} rows or columns is worth. */
    private int tasks(long work, int extent, int share) {
        int t = (int) Math.min(Math.min(share, extent), Math.max(1, work / MIN_WORK_PER_TASK));
        return Math.max(1, t);
    }

    /** {@code C[m x n] += A[m x k] · B} with {@code B} packed: split by rows of C, into at most {@code share} tasks. */
    public void gemmRows(int share, Backend be, int m, float[] a, int aOff, int lda, PackedMatrix b,
                         float[] c, int cOff, int ldc) {
        int tasks = tasks((long) m * b.n() * b.k(), m, share);
        int chunk = (m + tasks - 1) / tasks;
        forEach(tasks, t -> {
            int r0 = t * chunk;
            int rows = Math.min(m, r0 + chunk) - r0;
            if (rows > 0) {
                be.gemm(false, rows, a, aOff + r0 * lda, lda, b, c, cOff + r0 * ldc, ldc);
            }
        });
    }

    /**
     * {@code C[m x n] += Aᵀ · B} with {@code a} holding {@code A [k x m]} and {@code b} holding
     * {@code B [k x n]}: split by columns of C (each task packs only its columns of B).
     */
    public void gemmTransposedColumns(int share, Backend be, int m, int n, int k, float[] a, int aOff, int lda,
                                      float[] b, int bOff, int ldb, float[] c, int cOff, int ldc) {
        int tasks = tasks((long) m * n * k, n, share);
        int chunk = (n + tasks - 1) / tasks;
        forEach(tasks, t -> {
            int c0 = t * chunk;
            int cols = Math.min(n, c0 + chunk) - c0;
            if (cols > 0) {
                be.gemm(true, false, m, cols, k, a, aOff, lda, b, bOff + c0, ldb, c, cOff + c0, ldc);
            }
        });
    }
}
