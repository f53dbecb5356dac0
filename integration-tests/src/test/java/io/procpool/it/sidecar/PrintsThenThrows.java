package io.procpool.it.sidecar;

import io.procpool.Task;

/**
 * Prints lines, then throws unless the parameter starts with {@code ok}. Parameter forms:
 * {@code <tag>} prints {@code <tag> out} and {@code <tag> err}; {@code many} prints 200 numbered
 * lines; {@code long} prints one 20,000-character line.
 */
public final class PrintsThenThrows implements Task<String, String> {
    @Override
    public String run(String p) {
        switch (p) {
            case "many" -> {
                for (int i = 0; i < 200; i++) {
                    System.out.println("line " + i);
                }
            }
            case "long" -> System.out.println("y".repeat(20_000) + "END");
            default -> {
                System.out.println(p + " out");
                System.err.println(p + " err");
            }
        }
        if (p.startsWith("ok")) {
            return p;
        }
        throw new IllegalStateException("failing " + p);
    }
}
