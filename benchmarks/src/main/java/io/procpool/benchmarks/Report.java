package io.procpool.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Rows of the results table, rendered as Markdown. Not thread-safe. */
final class Report {
    private record Row(String section, String measurement, String result, String comparison) {}

    private final List<Row> rows = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final List<String> blocks = new ArrayList<>();

    void row(String section, String measurement, String result, String comparison) {
        rows.add(new Row(section, measurement, result, comparison));
        System.err.printf("[%s] %s: %s %s%n", section, measurement, result, comparison);
    }

    void note(String text) {
        notes.add(text);
    }

    /** Preformatted text (such as {@code PoolStats.insights()}) shown under the table after a title. */
    void block(String title, String text) {
        blocks.add(title + ":\n\n```\n" + text + "```\n");
        System.err.printf("%s:%n%s", title, text);
    }

    String markdown() {
        StringBuilder sb = new StringBuilder();
        sb.append("| Section | Measurement | Result | Ratio / comparison |\n");
        sb.append("|---|---|---:|---|\n");
        for (Row r : rows) {
            sb.append("| ").append(cell(r.section)).append(" | ").append(cell(r.measurement)).append(" | ")
                    .append(cell(r.result)).append(" | ").append(cell(r.comparison)).append(" |\n");
        }
        if (!notes.isEmpty()) {
            sb.append('\n');
            for (String n : notes) {
                sb.append("- ").append(n).append('\n');
            }
        }
        for (String b : blocks) {
            sb.append('\n').append(b);
        }
        return sb.toString();
    }

    private static String cell(String s) {
        return s.replace("|", "\\|").replace("\n", " ");
    }

    static String rate(double perSecond) {
        return String.format(Locale.ROOT, "%,.0f tasks/s", perSecond);
    }

    static String ms(double millis) {
        return String.format(Locale.ROOT, "%,.1f ms", millis);
    }

    static String us(double micros) {
        return String.format(Locale.ROOT, "%,.1f µs", micros);
    }

    static String ratio(double r) {
        return String.format(Locale.ROOT, "%.2f×", r);
    }

    static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024.0));
    }

    static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }
}
