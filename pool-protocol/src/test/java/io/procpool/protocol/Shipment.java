package io.procpool.protocol;

import java.util.List;
import java.util.Map;

/**
 * A user-style parameter type: a top-level public record with a nested record, a list of records,
 * an enum and a map, as a task might receive it.
 */
public record Shipment(String id, Stop origin, List<Stop> stops, Mode mode, Map<String, Integer> counts) {
    /** A nested record. */
    public record Stop(String name, double lat, double lon) {}
}
