/** An application on the module path that uses procpool. */
module app {
    requires transitive io.procpool;
    exports app;
}
