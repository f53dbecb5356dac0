package io.procpool.benchmarks;

import com.esotericsoftware.kryo.kryo5.Kryo;

/** A main that creates one {@link Kryo} and exits: JVM plus Kryo class loading in the spawn benchmark. */
public final class KryoStart {
    private KryoStart() {}

    public static void main(String[] args) {
        Kryo kryo = new Kryo();
        if (kryo.getNextRegistrationId() < 0) {
            throw new IllegalStateException("unreachable; keeps the Kryo instance alive");
        }
    }
}
