package io.procpool.worker;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ElementOutputTest {
    private final ByteArrayOutputStream target = new ByteArrayOutputStream();
    private final ElementOutput output = new ElementOutput(target);
    private final PrintStream out = new PrintStream(output, true, Charset.defaultCharset());

    @Test
    void everythingPassesThrough_onlyWhatTheElementPrintedIsKept() {
        out.println("before");
        output.begin();
        out.println("during 1");
        out.print("during 2 without newline");
        output.end();
        out.println("after");

        assertEquals(List.of("during 1", "during 2 without newline"), output.lines());
        assertArrayEquals(("before\nduring 1\nduring 2 without newlineafter\n").getBytes(Charset.defaultCharset()),
                target.toByteArray());
    }

    @Test
    void begin_forgetsThePreviousElement() {
        output.begin();
        out.println("first element");
        output.end();
        output.begin();
        output.end();

        assertEquals(List.of(), output.lines());
    }

    @Test
    void otherThreadsOutput_keptWhileTheElementRuns_notAfter() throws Exception {
        output.begin();
        Thread t = new Thread(() -> out.println("from another thread"));
        t.start();
        t.join();
        out.println("own");
        output.end();
        Thread later = new Thread(() -> out.println("x".repeat(100)));
        later.start();
        later.join();

        assertEquals(List.of("from another thread", "own"), output.lines());
    }

    @Test
    void ringWrapsManyTimes_elementStillExact() {
        out.print("y".repeat(ElementOutput.KEEP_BYTES * 5 + 123));
        output.begin();
        out.print("a\nb");
        output.end();
        out.print("after");

        assertEquals(List.of("a", "b"), output.lines());
    }

    @Test
    void manyLines_last50Kept() {
        output.begin();
        for (int i = 0; i < 1000; i++) {
            out.println("line " + i);
        }
        output.end();

        assertEquals(IntStream.range(950, 1000).mapToObj(i -> "line " + i).collect(Collectors.toList()),
                output.lines());
    }

    @Test
    void outputBeyond8KiB_lastBytesKept_firstLineMarkedCut() {
        output.begin();
        out.println("z".repeat(ElementOutput.KEEP_BYTES * 3) + "END");
        out.println("tail");
        output.end();

        List<String> lines = output.lines();
        assertEquals(2, lines.size());
        assertTrue(lines.get(0).startsWith("...zzz") && lines.get(0).endsWith("zEND"), lines.get(0));
        assertEquals("tail", lines.get(1));
        assertEquals(ElementOutput.KEEP_BYTES, lines.get(0).length() - 3 + 1 + "tail\n".length());
    }
}
