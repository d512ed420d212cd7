package org.raypool.submit.plan;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import org.raypool.submit.pack.Band;
import org.raypool.submit.pack.RenderJob;

/**
 * {@code --bands auto} (docs/bands-auto.md): the jobs of a batch, longest first, with a frame split into bands of
 * whole {@value Band#BLOCK_ROWS}-row blocks only where that shortens the batch.
 *
 * <p>The rule: simulate the pool taking the jobs longest first, each free slot the next job (as the dispatcher does),
 * every job costing the per-job overhead on top of its estimate and every band its frame's fixed part again. Try
 * giving the frames with the longest jobs (the longest one on the slot that finishes last; the 1, 2, 4, ... longest
 * of all) the fewest more bands that make their largest band a block smaller, and the frames of the last round 2, 4,
 * 8, ... bands; keep the best try if the simulated batch ends more than one per-job overhead sooner, and repeat;
 * stop when no try pays. Then, as a try splits several frames at once, the split frames go back whole, cheapest
 * first, while the batch ends at most one per-job overhead later than planned.
 */
public final class BandPlanner {

    /**
     * A frame to plan.
     *
     * @param job        the whole frame (a job that already is a band is kept as it is)
     * @param cost       its estimate
     * @param splittable false for a frame that must render whole (e.g. a feature that makes bands differ)
     */
    public record Work(RenderJob job, CostEstimate cost, boolean splittable) {
        public Work {
            if (job == null || cost == null) throw new IllegalArgumentException("a frame to plan needs its job and cost");
        }
    }

    /** One job of the plan: a whole frame or a band of one, and its estimated seconds (without the overhead). */
    public record Planned(RenderJob job, double seconds) {}

    /**
     * The plan.
     *
     * @param jobs               longest first
     * @param wholeFrameMakespan the simulated batch, every frame one job, overheads included
     * @param makespan           the simulated batch of {@code jobs}, overheads included
     */
    public record Plan(List<Planned> jobs, double wholeFrameMakespan, double makespan) {
        public Plan {
            jobs = List.copyOf(jobs);
        }
    }

    private final int slots;
    private final double overheadSeconds;

    /**
     * @param slots           the pool's free slots (sessions that can render at once)
     * @param overheadSeconds what one job costs on top of its render (dispatch, upload, POV-Ray's start, download)
     */
    public BandPlanner(int slots, double overheadSeconds) {
        if (slots < 1 || !(overheadSeconds >= 0) || Double.isInfinite(overheadSeconds)) {
            throw new IllegalArgumentException("planning needs at least one slot and an overhead >= 0, got " + slots
                    + " slots and " + overheadSeconds + " s");
        }
        this.slots = slots;
        this.overheadSeconds = overheadSeconds;
    }

    public Plan plan(List<Work> frames) {
        int n = frames.size();
        int[] blocks = new int[n];
        int[] bands = new int[n];
        for (int i = 0; i < n; i++) {
            RenderJob job = frames.get(i).job();
            boolean split = slots > 1 && frames.get(i).splittable() && job.isWholeFrame();
            blocks[i] = split ? (job.size().height() + Band.BLOCK_ROWS - 1) / Band.BLOCK_ROWS : 1;
            bands[i] = 1;
        }
        Simulation current = simulate(frames, blocks, bands);
        double whole = current.makespan;
        // Every useful step adds jobs; a few rounds per slot are all it can take to even out the tail.
        for (int step = 0; step < 4 * slots + 16; step++) {
            int[] best = null;
            Simulation bestRun = null;
            for (int[] tried : candidates(current, blocks, bands)) {
                Simulation run = simulate(frames, blocks, tried);
                if (bestRun == null || run.makespan < bestRun.makespan) {
                    best = tried;
                    bestRun = run;
                }
            }
            if (bestRun == null || !(bestRun.makespan < current.makespan - Math.max(overheadSeconds, 1e-9))) break;
            bands = best;
            current = bestRun;
        }
        // A try splits several frames at once: those whose bands alone do not pay (the batch ends at most one per-job
        // overhead later without them, in all) go back whole, cheapest first.
        double limit = current.makespan + overheadSeconds;
        Integer[] byCost = new Integer[n];
        for (int i = 0; i < n; i++) byCost[i] = i;
        Arrays.sort(byCost, Comparator.comparingDouble(i -> frames.get(i).cost().seconds()));
        for (int i : byCost) {
            if (bands[i] == 1) continue;
            int[] tried = bands.clone();
            tried[i] = 1;
            Simulation run = simulate(frames, blocks, tried);
            if (run.makespan <= limit + 1e-9) {
                bands = tried;
                current = run;
            }
        }
        List<Planned> jobs = new ArrayList<>();
        for (Piece p : current.order) {
            RenderJob job = frames.get(p.frame).job();
            Band band = band(job, blocks[p.frame], bands[p.frame], p.band);
            jobs.add(new Planned(band.equals(job.band()) ? job : job.withBand(band), p.seconds - overheadSeconds));
        }
        return new Plan(jobs, whole, current.makespan);
    }

    /** The fewest bands above {@code bands} whose largest band is one block smaller. */
    static int moreBands(int blocks, int bands) {
        int largest = (blocks + bands - 1) / bands;
        return (blocks + largest - 2) / (largest - 1);
    }

    /**
     * Band counts worth trying: a step more bands for the frame of the longest splittable job on the slot that ends
     * last, and for the 1, 2, 4, ... frames with the longest jobs (a tail of k slots with one frame too many shrinks
     * only when k frames split at once); and 2, 4, 8, ... bands for the frames of the last round (the last job of
     * every slot), which a tail shorter than half a frame needs at once.
     */
    private List<int[]> candidates(Simulation run, int[] blocks, int[] bands) {
        List<List<Integer>> groups = new ArrayList<>();
        for (Piece p : run.order) {
            if (p.slot == run.lastSlot && bands[p.frame] < blocks[p.frame]) {
                groups.add(List.of(p.frame));
                break;
            }
        }
        List<Integer> longest = splittable(run.order, blocks, bands);
        for (int k = 1; k < longest.size(); k *= 2) groups.add(List.copyOf(longest.subList(0, k)));
        if (!longest.isEmpty()) groups.add(List.copyOf(longest));
        List<int[]> out = new ArrayList<>();
        for (List<Integer> group : groups) {
            int[] tried = bands.clone();
            for (int frame : group) tried[frame] = moreBands(blocks[frame], bands[frame]);
            out.add(tried);
        }
        List<Integer> lastRound = splittable(run.order.subList(Math.max(0, run.order.size() - slots), run.order.size()),
                blocks, bands);
        int most = lastRound.stream().mapToInt(f -> blocks[f]).max().orElse(1);
        for (int count = 2; count < 2 * most; count *= 2) {
            int[] tried = bands.clone();
            for (int frame : lastRound) tried[frame] = Math.max(bands[frame], Math.min(blocks[frame], count));
            out.add(tried);
        }
        return out;
    }

    /** The frames of {@code pieces} that can take more bands, in the pieces' order, each once. */
    private static List<Integer> splittable(List<Piece> pieces, int[] blocks, int[] bands) {
        List<Integer> frames = new ArrayList<>();
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        for (Piece p : pieces) {
            if (bands[p.frame] < blocks[p.frame] && seen.add(p.frame)) frames.add(p.frame);
        }
        return frames;
    }

    /** Band {@code index} of {@code count} over {@code blocks} blocks: the first bands one block larger if uneven. */
    private static Band band(RenderJob job, int blocks, int count, int index) {
        if (count == 1) return job.band();
        int start = index * (blocks / count) + Math.min(index, blocks % count);
        int size = blocks / count + (index < blocks % count ? 1 : 0);
        int height = job.size().height();
        return new Band(start * Band.BLOCK_ROWS + 1, Math.min(height, (start + size) * Band.BLOCK_ROWS));
    }

    private record Piece(int frame, int band, double seconds, int slot) {}

    private record Simulation(List<Piece> order, double makespan, int lastSlot) {}

    /** The pool taking the jobs longest first, each onto the slot that frees up first. */
    private Simulation simulate(List<Work> frames, int[] blocks, int[] bands) {
        int total = Arrays.stream(bands).sum();
        Piece[] pieces = new Piece[total];
        int k = 0;
        for (int i = 0; i < frames.size(); i++) {
            Work w = frames.get(i);
            int height = w.job().size().height();
            for (int b = 0; b < bands[i]; b++) {
                int rows = band(w.job(), blocks[i], bands[i], b).rows();
                pieces[k++] = new Piece(i, b, overheadSeconds + w.cost().bandSeconds(rows, height), -1);
            }
        }
        Arrays.sort(pieces, Comparator.comparingDouble((Piece p) -> -p.seconds).thenComparingInt(Piece::frame)
                .thenComparingInt(Piece::band));
        PriorityQueue<double[]> free = new PriorityQueue<>(Comparator.<double[]>comparingDouble(s -> s[0])
                .thenComparingDouble(s -> s[1]));
        for (int s = 0; s < slots; s++) free.add(new double[] {0, s});
        List<Piece> order = new ArrayList<>(total);
        double makespan = 0;
        int lastSlot = 0;
        for (Piece p : pieces) {
            double[] slot = free.poll();
            slot[0] += p.seconds;
            order.add(new Piece(p.frame, p.band, p.seconds, (int) slot[1]));
            if (slot[0] > makespan) {
                makespan = slot[0];
                lastSlot = (int) slot[1];
            }
            free.add(slot);
        }
        return new Simulation(order, makespan, lastSlot);
    }
}
