/**
 * procpool: a process pool for the JVM. The one exported package is the API, {@code io.procpool}.
 */
module io.procpool {
    requires io.procpool.protocol;
    requires io.procpool.worker;
    requires org.slf4j;

    exports io.procpool;
}
