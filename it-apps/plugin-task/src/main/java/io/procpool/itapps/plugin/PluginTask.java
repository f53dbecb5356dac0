package io.procpool.itapps.plugin;

import io.procpool.Task;

/**
 * A task whose parameter and result are this plugin's own records, loaded by a plugin
 * {@code URLClassLoader} that is not on the coordinator's class path.
 */
public final class PluginTask implements Task<PluginTask.In, PluginTask.Out> {
    /** Parameter. */
    public record In(int param1, int param2) {}

    /** Result. */
    public record Out(int sum, String loader) {}

    @Override
    public Out run(In in) {
        return new Out(in.param1() + in.param2(), String.valueOf(PluginTask.class.getClassLoader().getName()));
    }
}
