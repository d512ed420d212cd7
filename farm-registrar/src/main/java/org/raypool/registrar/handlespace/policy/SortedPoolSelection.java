package org.raypool.registrar.handlespace.policy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.TreeSet;

/** A pool's PEs in a red-black tree ordered by the policy key, then SeqNumber. */
final class SortedPoolSelection<E extends Selectable> extends PoolSelection<E> {

    private final SortedSelectionPolicy policy;
    private final TreeSet<E> order;

    SortedPoolSelection(SortedSelectionPolicy policy) {
        super(policy);
        this.policy = policy;
        Comparator<E> byKey = (a, b) -> {
            SelectionState x = a.selectionState();
            SelectionState y = b.selectionState();
            int c = policy.compareKeys(x, y);
            return c != 0 ? c : Long.compare(x.seqNumber, y.seqNumber);
        };
        this.order = new TreeSet<>(byKey);
    }

    @Override
    public int size() {
        return order.size();
    }

    @Override
    public List<E> select(int items, int maxIncrement) {
        checkItems(items);
        int toUpdate = effectiveMaxIncrement(maxIncrement);
        List<E> selected = new ArrayList<>(Math.min(items, order.size()));
        Iterator<E> it = order.iterator();
        while (selected.size() < items && it.hasNext()) {
            selected.add(it.next());
        }
        for (int i = 0; i < selected.size() && i < toUpdate; i++) {
            E e = selected.get(i);
            SelectionState s = e.selectionState();
            order.remove(e);
            s.seqNumber = takeSeqNumber();
            s.selectionCounter++;
            policy.update(s);
            order.add(e);
        }
        return selected;
    }

    @Override
    void initialize(SelectionState state) {
        policy.initialize(state, order.isEmpty() ? null : order.first().selectionState());
    }

    @Override
    void link(E entry) {
        if (!order.add(entry)) {
            throw new IllegalStateException("duplicate selection key");
        }
    }

    @Override
    void unlink(E entry) {
        if (!order.remove(entry)) {
            throw new IllegalStateException("entry not found in selection order");
        }
    }
}
