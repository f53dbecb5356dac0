package io.procpool.internal.progress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.procpool.internal.progress.Terminal.Mode;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

public class TerminalTest {
    private static final BooleanSupplier TTY = () -> true;
    private static final BooleanSupplier NOT_TTY = () -> false;
    private static final BooleanSupplier MUST_NOT_ASK = () -> {
        throw new AssertionError("stderr was inspected although the mode was forced");
    };

    @Test
    void modeParse_acceptsOnOffAutoInAnyCaseAndNullAsAuto() {
        assertEquals(Mode.ON, Mode.parse("on", "p"));
        assertEquals(Mode.OFF, Mode.parse("OFF", "p"));
        assertEquals(Mode.AUTO, Mode.parse(" Auto ", "p"));
        assertEquals(Mode.AUTO, Mode.parse(null, "p"));
    }

    @Test
    void modeParse_otherValue_namesSourceAndValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Terminal.progressEnabled(Mode.AUTO, "yes", "xterm", TTY));
        assertEquals("system property procpool.progress must be on, off or auto, was 'yes'", e.getMessage());
    }

    @Test
    void progressEnabled_propertyOn_beatsBuilderOffAndNoTerminal() {
        assertTrue(Terminal.progressEnabled(Mode.OFF, "on", "dumb", MUST_NOT_ASK));
    }

    @Test
    void progressEnabled_propertyOff_beatsBuilderOnAndTerminal() {
        assertFalse(Terminal.progressEnabled(Mode.ON, "off", "xterm", MUST_NOT_ASK));
    }

    @Test
    void progressEnabled_propertyUnsetOrAuto_builderForcedModeWins() {
        assertTrue(Terminal.progressEnabled(Mode.ON, null, null, MUST_NOT_ASK));
        assertFalse(Terminal.progressEnabled(Mode.OFF, "auto", "xterm", MUST_NOT_ASK));
    }

    @Test
    void progressEnabled_auto_followsStderrTerminal() {
        assertTrue(Terminal.progressEnabled(Mode.AUTO, null, "xterm-256color", TTY));
        assertFalse(Terminal.progressEnabled(Mode.AUTO, null, "xterm-256color", NOT_TTY));
        assertTrue(Terminal.progressEnabled(Mode.AUTO, "auto", null, TTY));
    }

    @Test
    void progressEnabled_autoOnDumbTerminal_off() {
        assertFalse(Terminal.progressEnabled(Mode.AUTO, null, "dumb", TTY));
    }

    @Test
    void stderrIsTerminal_readsFdTwoLink() throws Exception {
        List<Path> asked = new ArrayList<>();
        Terminal.stderrIsTerminal(link -> {
            asked.add(link);
            return Path.of("/dev/pts/0");
        }, MUST_NOT_ASK);
        assertEquals(List.of(Path.of("/proc/self/fd/2")), asked);
    }

    @Test
    void stderrIsTerminal_ptsOrTtyDevice_true() {
        assertTrue(Terminal.stderrIsTerminal(link -> Path.of("/dev/pts/3"), MUST_NOT_ASK));
        assertTrue(Terminal.stderrIsTerminal(link -> Path.of("/dev/tty1"), MUST_NOT_ASK));
        assertTrue(Terminal.stderrIsTerminal(link -> Path.of("/dev/ttyS0"), MUST_NOT_ASK));
    }

    @Test
    void stderrIsTerminal_pipeFileSocketOrNull_false() {
        assertFalse(Terminal.stderrIsTerminal(link -> Path.of("pipe:[48213]"), MUST_NOT_ASK));
        assertFalse(Terminal.stderrIsTerminal(link -> Path.of("/tmp/build.log"), MUST_NOT_ASK));
        assertFalse(Terminal.stderrIsTerminal(link -> Path.of("socket:[1234]"), MUST_NOT_ASK));
        assertFalse(Terminal.stderrIsTerminal(link -> Path.of("/dev/null"), MUST_NOT_ASK));
        assertFalse(Terminal.stderrIsTerminal(link -> Path.of("/home/dev/pts/1"), MUST_NOT_ASK));
    }

    @Test
    void stderrIsTerminal_linkUnreadable_usesFallback() {
        assertTrue(Terminal.stderrIsTerminal(link -> {
            throw new NoSuchFileException(link.toString());
        }, TTY));
        assertFalse(Terminal.stderrIsTerminal(link -> {
            throw new UnsupportedOperationException("no symbolic links here");
        }, NOT_TTY));
    }

    @Test
    void columns_fromEnvironmentWhenValid_else80() {
        assertEquals(120, Terminal.columns("120"));
        assertEquals(100, Terminal.columns(" 100 "));
        assertEquals(80, Terminal.columns(null));
        assertEquals(80, Terminal.columns("wide"));
        assertEquals(80, Terminal.columns("0"));
        assertEquals(80, Terminal.columns("-5"));
    }

    @Test
    void lineWidth_oneLessThanColumns() {
        assertEquals(79, Terminal.lineWidth(80));
        assertEquals(1, Terminal.lineWidth(1));
    }

    @Test
    void unicode_onlyWhenCharsetEncodesBlocks() {
        assertTrue(Terminal.unicode(StandardCharsets.UTF_8));
        assertFalse(Terminal.unicode(StandardCharsets.US_ASCII));
        assertFalse(Terminal.unicode(StandardCharsets.ISO_8859_1));
    }
}
