package io.procpool.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.esotericsoftware.kryo.kryo5.KryoException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.MonthDay;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.Period;
import java.time.Year;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.Date;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class KryoCodecTest {
    private static final int CAP = 1 << 20;
    private static final ClassLoader LOADER = KryoCodecTest.class.getClassLoader();

    /** Every class the round-trip values send by name; the filtering codec accepts these and nothing else. */
    private static final Set<Class<?>> BY_NAME = Set.of(Shipment.class, Shipment.Stop.class, Mode.class,
            Traps.SafeBox.class, Traps.SafeEnum.class, Traps.SafeRec.class,
            Arrays.asList().getClass(), Collections.unmodifiableList(new ArrayList<>()).getClass(),
            Collections.unmodifiableList(new LinkedList<>()).getClass(),
            Collections.unmodifiableMap(new HashMap<>()).getClass(), Collections.unmodifiableSet(new HashSet<>()).getClass(),
            Collections.emptyList().getClass(), Collections.emptyMap().getClass(), Collections.emptySet().getClass(),
            Collections.singletonList(1).getClass(), Collections.singletonMap(1, 1).getClass(),
            Collections.singleton(1).getClass(), new ArrayList<>(List.of(1)).subList(0, 1).getClass(),
            Collections.reverseOrder().getClass(), EnumMap.class, EnumSet.noneOf(Mode.class).getClass(),
            Optional.class, ZonedDateTime.class, OffsetDateTime.class, OffsetTime.class, ZoneId.of("Europe/Paris")
                    .getClass(), ZoneOffset.class, Period.class, Year.class, YearMonth.class, MonthDay.class,
            DayOfWeek.class, int[][].class, String.CASE_INSENSITIVE_ORDER.getClass(),
            Collections.reverseOrder(String.CASE_INSENSITIVE_ORDER).getClass(), Comparator.naturalOrder().getClass());

    private final Set<Class<?>> filterAsked = new HashSet<>();
    private final List<Class<?>> observed = new ArrayList<>();

    private KryoCodec trusting() {
        return KryoCodec.trusting(List.of(), LOADER, CAP);
    }

    private KryoCodec filtering(Set<Class<?>> allowed) {
        return new KryoCodec(List.of(), LOADER, c -> {
            filterAsked.add(c);
            return allowed.contains(c);
        }, observed::add, CAP);
    }

    static Stream<Arguments> values() {
        Map<String, Object> seed = new HashMap<>();
        seed.put("seed", 42L);
        seed.put("run", 7);
        seed.put("name", "sweep-\u00e9");
        seed.put("rate", 0.25);
        seed.put("scale", 1.5f);
        seed.put("enabled", true);
        seed.put("none", null);
        Map<String, Integer> linked = new LinkedHashMap<>();
        linked.put("z", 1);
        linked.put("a", 2);
        linked.put("m", 3);
        TreeMap<String, Integer> reversed = new TreeMap<>(Comparator.reverseOrder());
        reversed.putAll(linked);
        List<Shipment.Stop> stops = List.of(new Shipment.Stop("Paris", 48.85, 2.35),
                new Shipment.Stop("Lyon", 45.76, 4.84));
        EnumMap<Mode, String> enumMap = new EnumMap<>(Mode.class);
        enumMap.put(Mode.FAST, "f");
        return Stream.of(
                arg("seed HashMap<String,Object>", seed),
                arg("null", null),
                arg("empty String", ""),
                arg("unicode String", "na\u00efve \u65e5\u672c \uD83D\uDE80"),
                arg("Integer", Integer.MIN_VALUE),
                arg("Long", Long.MAX_VALUE),
                arg("Double NaN", Double.NaN),
                arg("Float", -0.0f),
                arg("Short", (short) -3),
                arg("Byte", (byte) 0x7F),
                arg("Character", '\u00e9'),
                arg("Boolean", Boolean.TRUE),
                arg("int[]", new int[] {1, -1, Integer.MAX_VALUE}),
                arg("long[]", new long[] {Long.MIN_VALUE, 0}),
                arg("double[]", new double[] {0.1, Double.NEGATIVE_INFINITY}),
                arg("float[]", new float[] {1.5f}),
                arg("short[]", new short[] {1, 2}),
                arg("byte[]", new byte[] {0, -128, 127}),
                arg("char[]", "abc".toCharArray()),
                arg("boolean[]", new boolean[] {true, false}),
                arg("empty int[]", new int[0]),
                arg("String[] with null", new String[] {"a", null, ""}),
                arg("Integer[]", new Integer[] {1, null}),
                arg("Object[] mixed", new Object[] {1, "two", List.of(3)}),
                arg("int[][]", new int[][] {{1}, {2, 3}, {}}),
                arg("ArrayList", new ArrayList<>(List.of(1, "x", 2.0))),
                arg("LinkedList", new LinkedList<>(List.of("a", "b"))),
                arg("ArrayDeque", new ArrayDeque<>(List.of(3, 2, 1))),
                arg("LinkedHashMap", linked),
                arg("TreeMap", new TreeMap<>(linked)),
                arg("TreeMap reverse order", reversed),
                arg("TreeSet case-insensitive", new TreeSet<>(String.CASE_INSENSITIVE_ORDER)),
                arg("TreeSet reversed case-insensitive",
                        new TreeSet<>(Collections.reverseOrder(String.CASE_INSENSITIVE_ORDER))),
                arg("TreeMap natural order", new TreeMap<>(Comparator.<String>naturalOrder())),
                arg("HashSet", new HashSet<>(List.of("a", "b", "c"))),
                arg("LinkedHashSet", new LinkedHashSet<>(List.of(3, 1, 2))),
                arg("TreeSet", new TreeSet<>(List.of(3, 1, 2))),
                arg("List.of()", List.of()),
                arg("List.of(1)", List.of(1)),
                arg("List.of(1,2)", List.of(1, 2)),
                arg("List.of(3)", List.of(1, 2, 3)),
                arg("List.of(12)", List.copyOf(IntStream.range(0, 12).boxed().toList())),
                arg("List.of(...).subList", List.of(1, 2, 3, 4).subList(1, 3)),
                arg("Stream.toList with null", Stream.of("a", null, "c").toList()),
                arg("Map.of()", Map.of()),
                arg("Map.of(1)", Map.of("a", 1)),
                arg("Map.of(2)", Map.of("a", 1, "b", 2)),
                arg("Map.of(5)", Map.of("a", 1, "b", 2, "c", 3, "d", 4, "e", 5)),
                arg("Map.ofEntries(12)", IntStream.range(0, 12).boxed()
                        .collect(Collectors.toUnmodifiableMap(i -> "k" + i, i -> i))),
                arg("Set.of()", Set.of()),
                arg("Set.of(1)", Set.of("x")),
                arg("Set.of(2)", Set.of("x", "y")),
                arg("Set.of(5)", Set.of(1, 2, 3, 4, 5)),
                arg("Arrays.asList", Arrays.asList("a", null, "c")),
                arg("unmodifiableList", Collections.unmodifiableList(new ArrayList<>(List.of(1, 2)))),
                arg("unmodifiableList of LinkedList", Collections.unmodifiableList(new LinkedList<>(List.of(1)))),
                arg("unmodifiableMap", Collections.unmodifiableMap(new HashMap<>(Map.of("k", "v")))),
                arg("unmodifiableSet", Collections.unmodifiableSet(new HashSet<>(Set.of(1, 2)))),
                arg("emptyList", Collections.emptyList()),
                arg("emptyMap", Collections.emptyMap()),
                arg("emptySet", Collections.emptySet()),
                arg("singletonList", Collections.singletonList("s")),
                arg("singletonMap", Collections.singletonMap("k", 1)),
                arg("singleton", Collections.singleton(1)),
                arg("ArrayList.subList", new ArrayList<>(List.of(1, 2, 3)).subList(1, 3)),
                arg("nested collections", List.of(Map.of("xs", new ArrayList<>(List.of(1, 2))), Map.of())),
                arg("UUID", UUID.fromString("123e4567-e89b-12d3-a456-426614174000")),
                arg("BigDecimal", new BigDecimal("-12345678901234567890.000123")),
                arg("BigDecimal scale", new BigDecimal("1.50")),
                arg("BigInteger", new BigInteger("-98765432109876543210987654321")),
                arg("Instant", Instant.parse("2024-02-29T12:34:56.789123456Z")),
                arg("Duration", Duration.ofSeconds(-5, 7)),
                arg("LocalDate", LocalDate.of(1970, 1, 1)),
                arg("LocalDateTime", LocalDateTime.of(2030, 12, 31, 23, 59, 59, 999_999_999)),
                arg("LocalTime", LocalTime.NOON),
                arg("ZonedDateTime region", ZonedDateTime.of(2024, 3, 31, 2, 30, 0, 0, ZoneId.of("Europe/Paris"))),
                arg("OffsetDateTime", OffsetDateTime.of(2024, 1, 1, 0, 0, 0, 0, ZoneOffset.ofHours(-7))),
                arg("OffsetTime", OffsetTime.of(1, 2, 3, 4, ZoneOffset.UTC)),
                arg("ZoneId", ZoneId.of("Asia/Tokyo")),
                arg("ZoneOffset", ZoneOffset.ofHoursMinutes(5, 30)),
                arg("Period", Period.of(1, -2, 3)),
                arg("Year", Year.of(2024)),
                arg("YearMonth", YearMonth.of(2024, 2)),
                arg("MonthDay", MonthDay.of(2, 29)),
                arg("DayOfWeek", DayOfWeek.SUNDAY),
                arg("Date", new Date(1_700_000_000_000L)),
                arg("Optional", Optional.of("x")),
                arg("Optional.empty", Optional.empty()),
                arg("record", new Shipment("s-1", stops.get(0), stops, Mode.FAST, Map.of("boxes", 3))),
                arg("record with nulls and ArrayList",
                        new Shipment(null, null, new ArrayList<>(stops), null, new HashMap<>())),
                arg("list of records", List.of(new Shipment("a", null, List.of(), Mode.SLOW, Map.of()))),
                arg("nested record", new Shipment.Stop("Nowhere", Double.NaN, -0.0)),
                arg("enum", Mode.SLOW),
                arg("enum with body", Mode.FAST),
                arg("EnumMap", enumMap),
                arg("EnumSet", EnumSet.of(Mode.FAST, Mode.SLOW)),
                arg("empty EnumSet", EnumSet.noneOf(Mode.class)));
    }

    private static Arguments arg(String name, Object value) {
        return Arguments.of(Named.of(name, value));
    }

    private static void assertDeepEquals(Object expected, Object actual) {
        if (expected instanceof ArrayDeque<?> d) {
            assertInstanceOf(ArrayDeque.class, actual);
            assertEquals(List.copyOf(d), List.copyOf((ArrayDeque<?>) actual));
            return;
        }
        assertTrue(Arrays.deepEquals(new Object[] {expected}, new Object[] {actual}),
                () -> "expected " + describe(expected) + " but got " + describe(actual));
    }

    private static String describe(Object o) {
        if (o == null) {
            return "null";
        }
        String text = o.getClass().isArray() ? Arrays.deepToString(new Object[] {o}) : String.valueOf(o);
        return text + " (" + o.getClass().getName() + ")";
    }

    @ParameterizedTest
    @MethodSource("values")
    void roundTrip_trustingToTrustingAndFiltering_givesEqualValue(Object value) {
        byte[] bytes = trusting().write(value);
        assertDeepEquals(value, trusting().read(bytes, 0, bytes.length));
        assertDeepEquals(value, filtering(BY_NAME).read(bytes, 0, bytes.length));
    }

    @ParameterizedTest
    @MethodSource("values")
    void roundTrip_filteringWriterToTrustingReader_givesEqualValueAndSameBytes(Object value) {
        KryoCodec writer = filtering(BY_NAME);
        byte[] bytes = writer.write(value);
        assertDeepEquals(value, trusting().read(bytes, 0, bytes.length));
        assertArrayEquals(trusting().write(value), bytes, "both codecs must speak the same format");
        byte[] again = writer.write(value);
        assertArrayEquals(bytes, again, "a reused codec writes the same bytes");
    }

    @Test
    void roundTrip_standardMutableCollections_keepTheirClass() {
        KryoCodec w = trusting();
        KryoCodec r = filtering(Set.of());
        for (Object v : List.of(new HashMap<>(Map.of(1, 2)), new ArrayList<>(List.of(1)), new LinkedHashMap<>(),
                new TreeMap<>(Map.of(1, 2)), new HashSet<>(Set.of(1)), new LinkedList<>(), new ArrayDeque<>())) {
            byte[] b = w.write(v);
            assertSame(v.getClass(), r.read(b, 0, b.length).getClass(), v.getClass().getName());
        }
        assertTrue(filterAsked.isEmpty(), "built-in registrations never go through the filter: " + filterAsked);
        KryoCodec byName = filtering(BY_NAME);
        for (EnumSet<Mode> v : List.of(EnumSet.of(Mode.FAST), EnumSet.noneOf(Mode.class))) {
            byte[] b = w.write(v);
            assertEquals(v, byName.read(b, 0, b.length));
            assertInstanceOf(EnumSet.class, byName.read(b, 0, b.length));
        }
        List<String> withNull = Stream.of("a", null).toList();
        byte[] b = w.write(withNull);
        List<?> back = (List<?>) r.read(b, 0, b.length);
        assertEquals(withNull, back);
        assertThrows(UnsupportedOperationException.class, () -> back.remove(0), "stays unmodifiable");
    }

    @Test
    @Disabled("limitation: an EnumMap arrives as an equal LinkedHashMap; the key type of an empty"
            + " EnumMap is not readable on Java 17 without --add-opens java.base/java.util")
    void roundTrip_enumMap_keepsItsClass() {
        EnumMap<Mode, Integer> v = new EnumMap<>(Mode.class);
        byte[] b = trusting().write(v);
        assertInstanceOf(EnumMap.class, trusting().read(b, 0, b.length));
    }

    @Test
    void roundTrip_immutableFactoriesStayImmutable() {
        KryoCodec c = trusting();
        for (Object v : List.<Object>of(List.of(1, 2, 3), Map.of("a", 1), Set.of(1, 2))) {
            byte[] b = c.write(v);
            Object back = c.read(b, 0, b.length);
            assertSame(v.getClass(), back.getClass());
        }
    }

    @Test
    void read_manyValuesThroughOneCodec_eachReadIsIndependent() {
        KryoCodec w = trusting();
        KryoCodec r = filtering(BY_NAME);
        for (int i = 0; i < 1000; i++) {
            Object v = i % 2 == 0 ? new Shipment("s" + i, null, List.of(), Mode.SLOW, Map.of("i", i)) : List.of(i, "x");
            byte[] b = w.write(v);
            assertEquals(v, r.read(b, 0, b.length));
        }
    }

    @Test
    void read_sliceOfLargerArray_readsOnlyTheSlice() {
        byte[] value = trusting().write("hello");
        byte[] framed = new byte[value.length + 6];
        System.arraycopy(value, 0, framed, 3, value.length);
        assertEquals("hello", trusting().read(framed, 3, value.length));
    }

    @Test
    void read_trailingBytes_isRefused() {
        byte[] value = trusting().write(5);
        byte[] longer = Arrays.copyOf(value, value.length + 2);
        KryoException e = assertThrows(KryoException.class, () -> trusting().read(longer, 0, longer.length));
        assertTrue(e.getMessage().contains("trailing bytes"), e.getMessage());
    }

    @Test
    void userClasses_registeredInSameOrder_travelByIdWithoutFilterOrNames() {
        List<Class<?>> user = List.of(Shipment.class, Shipment.Stop.class, Mode.class);
        KryoCodec w = new KryoCodec(user, LOADER, c -> true, observed::add, CAP);
        KryoCodec r = new KryoCodec(user, LOADER, c -> {
            filterAsked.add(c);
            return false;
        }, c -> {}, CAP);
        Shipment s = new Shipment("x", new Shipment.Stop("a", 1, 2), List.of(), Mode.FAST, Map.of());
        byte[] b = w.write(s);
        assertEquals(s, r.read(b, 0, b.length));
        assertTrue(filterAsked.isEmpty(), "registered classes must not need the filter: " + filterAsked);
        assertTrue(observed.isEmpty(), "registered classes are not written by name: " + observed);
        assertFalse(new String(b, StandardCharsets.ISO_8859_1).contains("Shipment"), "class name in the bytes");
    }

    @Test
    void nameObserver_seesUnregisteredClassesWrittenByName() {
        KryoCodec w = filtering(BY_NAME);
        w.write(new ArrayList<>(List.of(new Shipment("x", new Shipment.Stop("a", 1, 2), List.of(), Mode.FAST, Map.of()),
                new Shipment.Stop("b", 3, 4), Mode.FAST)));
        assertEquals(Set.of(Shipment.class, Shipment.Stop.class, Mode.class), Set.copyOf(observed),
                "the enum itself, not its constant's body class, so the reader's filter sees the same class");
        assertFalse(observed.contains(String.class));
    }

    // ---- trust filter

    /** Serializes the safe twin and renames it in the bytes to its trap twin. */
    private static byte[] bytesNamingTrap(Object safeInstance) {
        byte[] bytes = KryoCodec.trusting(List.of(), LOADER, CAP).write(safeInstance);
        byte[] from = "$Safe".getBytes(StandardCharsets.US_ASCII);
        byte[] to = "$Trap".getBytes(StandardCharsets.US_ASCII);
        int found = -1;
        for (int i = 0; i + from.length <= bytes.length; i++) {
            if (Arrays.equals(bytes, i, i + from.length, from, 0, from.length)) {
                assertEquals(-1, found, "class name appears twice");
                found = i;
            }
        }
        assertTrue(found >= 0, "class name not found in the bytes");
        System.arraycopy(to, 0, bytes, found, to.length);
        return bytes;
    }

    private void assertRefused(byte[] bytes, String trapName) {
        KryoCodec codec = filtering(BY_NAME);
        KryoException e = assertThrows(KryoException.class, () -> codec.read(bytes, 0, bytes.length));
        assertTrue(e.getMessage().contains(trapName), e.getMessage());
        assertTrue(e.getMessage().contains("register"), e.getMessage());
    }

    @Test
    void filtering_classNotAllowed_isRefusedBeforeInitOrConstruction() {
        byte[] bytes = bytesNamingTrap(new Traps.SafeBox(7));
        assertRefused(bytes, "io.procpool.protocol.Traps$TrapBox");
        assertFalse(Traps.boxInitialized, "static initializer of a refused class ran");
        assertFalse(Traps.boxConstructed, "refused class was constructed");
        // The same bytes through a codec that trusts everything do build the trap: the flags can flip.
        Object built = trusting().read(bytes, 0, bytes.length);
        assertEquals("io.procpool.protocol.Traps$TrapBox", built.getClass().getName());
        assertTrue(Traps.boxInitialized);
    }

    @Test
    void filtering_enumNotAllowed_isRefusedBeforeInit() {
        byte[] bytes = bytesNamingTrap(Traps.SafeEnum.TWO);
        assertRefused(bytes, "io.procpool.protocol.Traps$TrapEnum");
        assertFalse(Traps.enumInitialized, "static initializer of a refused enum ran");
        assertEquals("TWO", String.valueOf(trusting().read(bytes, 0, bytes.length)));
        assertTrue(Traps.enumInitialized);
    }

    @Test
    void filtering_recordNotAllowed_isRefusedBeforeInitOrConstruction() {
        byte[] bytes = bytesNamingTrap(new Traps.SafeRec(3));
        assertRefused(bytes, "io.procpool.protocol.Traps$TrapRec");
        assertFalse(Traps.recInitialized, "static initializer of a refused record ran");
        assertFalse(Traps.recConstructed, "refused record was constructed");
        assertEquals("TrapRec[value=3]", String.valueOf(trusting().read(bytes, 0, bytes.length)));
        assertTrue(Traps.recConstructed);
    }

    @Test
    void filtering_disallowedClassNestedInAllowedCollection_isRefused() {
        KryoCodec w = trusting();
        byte[] bytes = w.write(new ArrayList<>(List.of(1, new Shipment.Stop("a", 1, 2))));
        KryoCodec r = filtering(Set.of(Shipment.class));
        KryoException e = assertThrows(KryoException.class, () -> r.read(bytes, 0, bytes.length));
        assertTrue(e.getMessage().contains(Shipment.Stop.class.getName()), e.getMessage());
        assertTrue(e.getMessage().contains("register(Stop.class)"), e.getMessage());
    }

    @Test
    void filtering_unknownClassName_isKryoException() {
        byte[] bytes = bytesNamingTrap(new Traps.SafeBox(1));
        byte[] renamed = new String(bytes, StandardCharsets.ISO_8859_1).replace("$TrapB", "$NopeB")
                .getBytes(StandardCharsets.ISO_8859_1);
        KryoException e = assertThrows(KryoException.class,
                () -> filtering(BY_NAME).read(renamed, 0, renamed.length));
        assertTrue(e.getMessage().contains("NopeBox"), e.getMessage());
    }

    // ---- size cap

    @Test
    void write_objectAboveCap_throwsTooLargeWithExactSizeAndCap() {
        byte[] big = new byte[10_000];
        int exact = KryoCodec.trusting(List.of(), LOADER, CAP).write(big).length;
        KryoCodec small = KryoCodec.trusting(List.of(), LOADER, 4096);
        KryoCodec.TooLargeException e = assertThrows(KryoCodec.TooLargeException.class, () -> small.write(big));
        assertEquals(exact, e.size());
        assertEquals(4096, e.cap());
        assertTrue(e.getMessage().contains(exact + " bytes"), e.getMessage());
        assertTrue(e.getMessage().contains("4096"), e.getMessage());
        assertArrayEquals(new int[] {1, 2}, (int[]) readBack(small, small.write(new int[] {1, 2})),
                "codec stays usable after an oversized write");
    }

    @Test
    void write_overflowDeepInsideRecord_throwsTooLargeWithExactSize() {
        List<Shipment.Stop> stops = IntStream.range(0, 400).mapToObj(i -> new Shipment.Stop("stop-" + i, i, -i))
                .toList();
        Shipment s = new Shipment("big", null, stops, Mode.SLOW, Map.of());
        int exact = trusting().write(s).length;
        assertTrue(exact > 8192, "test value too small: " + exact);
        KryoCodec small = new KryoCodec(List.of(), LOADER, c -> true, c -> {}, 8192);
        KryoCodec.TooLargeException e = assertThrows(KryoCodec.TooLargeException.class, () -> small.write(s));
        assertEquals(exact, e.size());
        assertEquals(8192, e.cap());
    }

    @Test
    void write_objectExactlyAtCap_fits() {
        KryoCodec unlimited = trusting();
        int overhead = unlimited.write(new byte[4990]).length - 4990;
        byte[] fits = new byte[5000 - overhead];
        KryoCodec capped = KryoCodec.trusting(List.of(), LOADER, 5000);
        assertEquals(5000, capped.write(fits).length);
        assertThrows(KryoCodec.TooLargeException.class, () -> capped.write(new byte[5001 - overhead]));
    }

    @Test
    void codec_capBelowInitialBuffer_worksAndEnforcesCap() {
        KryoCodec c = KryoCodec.trusting(List.of(), LOADER, 1000);
        assertEquals("small", readBack(c, c.write("small")));
        KryoCodec.TooLargeException e = assertThrows(KryoCodec.TooLargeException.class,
                () -> c.write("x".repeat(2000)));
        assertEquals(1000, e.cap());
    }

    private static Object readBack(KryoCodec c, byte[] b) {
        return c.read(b, 0, b.length);
    }

    @Test
    void isOpaqueJdkType_onlyForJdkTypesWithoutPublicNoArgConstructor() {
        assertTrue(KryoCodec.isOpaqueJdkType(Arrays.asList().getClass()));
        assertTrue(KryoCodec.isOpaqueJdkType(Collections.unmodifiableMap(new HashMap<>()).getClass()));
        assertFalse(KryoCodec.isOpaqueJdkType(ArrayList.class));
        assertFalse(KryoCodec.isOpaqueJdkType(Shipment.class));
    }
}
