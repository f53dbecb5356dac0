package app;

import io.procpool.Task;

/** A task whose parameter and result are records of this module (no register call). */
public final class PairSum implements Task<PairSum.Pair, PairSum.Total> {
    /** Parameter. */
    public record Pair(int param1, int param2) {}

    /** Result. */
    public record Total(int sum) {}

    /** Runs once per worker. */
    public PairSum() {}

    @Override
    public Total run(Pair p) {
        return new Total(p.param1() + p.param2());
    }
}
