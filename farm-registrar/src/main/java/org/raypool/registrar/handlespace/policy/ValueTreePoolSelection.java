package org.raypool.registrar.handlespace.policy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A pool's PEs in a Fenwick tree of their policy values: drawing one PE with probability
 * proportional to its value is a prefix-sum search, O(log size). Drawn PEs are taken out of the
 * tree until the resolution is complete, so one resolution never returns a PE twice.
 */
final class ValueTreePoolSelection<E extends Selectable> extends PoolSelection<E> {

    private final RandomizedSelectionPolicy policy;
    private Object[] entries = new Object[8];
    private long[] values = new long[8];
    /** 1-based Fenwick tree over {@link #values}. */
    private long[] tree = new long[9];
    private int[] freeSlots = new int[8];
    private int freeCount;
    private int used;
    private int size;
    private long total;

    ValueTreePoolSelection(RandomizedSelectionPolicy policy) {
        super(policy);
        this.policy = policy;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public List<E> select(int items, int maxIncrement) {
        checkItems(items);
        int toUpdate = effectiveMaxIncrement(maxIncrement);
        int wanted = Math.min(items, size);
        List<E> selected = new ArrayList<>(wanted);
        while (selected.size() < wanted && total >= 1) {
            int slot = find(policy.random().nextLong(total));
            @SuppressWarnings("unchecked")
            E e = (E) entries[slot];
            SelectionState s = e.selectionState();
            s.seqNumber = takeSeqNumber();
            s.selectionCounter++;
            if (selected.size() < toUpdate) {
                policy.update(s);
            }
            add(slot, -values[slot]);
            selected.add(e);
        }
        for (E e : selected) {
            int slot = e.selectionState().slot;
            long v = policy.value(e.selectionState());
            values[slot] = v;
            add(slot, v);
        }
        return selected;
    }

    @Override
    void initialize(SelectionState state) {
    }

    @Override
    void link(E entry) {
        SelectionState s = entry.selectionState();
        int slot = freeCount > 0 ? freeSlots[--freeCount] : nextSlot();
        long v = policy.value(s);
        entries[slot] = entry;
        values[slot] = v;
        s.slot = slot;
        add(slot, v);
        size++;
    }

    @Override
    void unlink(E entry) {
        SelectionState s = entry.selectionState();
        int slot = s.slot;
        if (slot < 0 || entries[slot] != entry) {
            throw new IllegalStateException("entry not found in value tree");
        }
        add(slot, -values[slot]);
        values[slot] = 0;
        entries[slot] = null;
        s.slot = -1;
        if (freeCount == freeSlots.length) {
            freeSlots = Arrays.copyOf(freeSlots, freeSlots.length * 2);
        }
        freeSlots[freeCount++] = slot;
        size--;
    }

    private int nextSlot() {
        if (used == entries.length) {
            int capacity = entries.length * 2;
            entries = Arrays.copyOf(entries, capacity);
            values = Arrays.copyOf(values, capacity);
            tree = new long[capacity + 1];
            for (int i = 0; i < used; i++) {
                int j = i + 1;
                tree[j] += values[i];
                int parent = j + (j & -j);
                if (parent <= capacity) {
                    tree[parent] += tree[j];
                }
            }
        }
        return used++;
    }

    private void add(int slot, long delta) {
        total += delta;
        for (int j = slot + 1; j < tree.length; j += j & -j) {
            tree[j] += delta;
        }
    }

    /** The slot whose cumulative value range contains {@code target} (0 <= target < total). */
    private int find(long target) {
        int pos = 0;
        for (int step = Integer.highestOneBit(tree.length - 1); step > 0; step >>= 1) {
            int next = pos + step;
            if (next < tree.length && tree[next] <= target) {
                pos = next;
                target -= tree[next];
            }
        }
        return pos;
    }
}
