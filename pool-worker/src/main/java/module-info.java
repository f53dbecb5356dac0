/**
 * The worker JVM's main class. Workers run on the class path; the descriptor only keeps this jar a
 * well-behaved module in a module-path application (the coordinator names the main class).
 */
module io.procpool.worker {
    requires io.procpool.protocol;

    exports io.procpool.worker to io.procpool;
}
