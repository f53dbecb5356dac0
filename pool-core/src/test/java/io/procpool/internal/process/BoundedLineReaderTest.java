package io.procpool.internal.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

public class BoundedLineReaderTest {
    private static BoundedLineReader reader(String text, int max) {
        return new BoundedLineReader(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), max);
    }

    @Test
    void shortLines_comeBackWhole_crlfAndMissingLastNewlineHandled() throws IOException {
        BoundedLineReader r = reader("a\r\n\nb\u00e9c\nlast", 16);

        assertEquals("a", r.next());
        assertEquals("", r.next());
        assertEquals("b\u00e9c", r.next());
        assertEquals("last", r.next());
        assertNull(r.next());
    }

    @Test
    void longLine_cutAtLimitAndMarked_nextLineIntact() throws IOException {
        BoundedLineReader r = reader("x".repeat(20_000) + "\nnext\n", 8);

        assertEquals("xxxxxxxx... [cut 19,992 bytes]", r.next());
        assertEquals("next", r.next());
        assertNull(r.next());
    }

    @Test
    void cut_neverSplitsAUtf8Character() throws IOException {
        // "ab" then a 3-byte character straddling the 4-byte limit
        BoundedLineReader r = reader("ab\u65e5\u672c\n", 4);

        assertEquals("ab... [cut 6 bytes]", r.next());
    }
}
