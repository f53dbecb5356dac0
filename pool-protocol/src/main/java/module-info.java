/**
 * procpool's wire format. Not an API: exported only to the coordinator and the worker. Kryo may
 * reflect on the protocol's own types (remote errors travel as Kryo-encoded records).
 */
module io.procpool.protocol {
    requires com.esotericsoftware.kryo.kryo5;
    // Kryo (an automatic module, which cannot say so itself) registers serializers for java.sql
    // types; without this a module-path application fails on java.sql.Timestamp.
    requires java.sql;

    exports io.procpool.protocol to io.procpool, io.procpool.worker;
    opens io.procpool.protocol to com.esotericsoftware.kryo.kryo5;
}
