package io.procpool.protocol;

import com.esotericsoftware.kryo.kryo5.Kryo;
import com.esotericsoftware.kryo.kryo5.KryoException;
import com.esotericsoftware.kryo.kryo5.Registration;
import com.esotericsoftware.kryo.kryo5.Serializer;
import com.esotericsoftware.kryo.kryo5.SerializerFactory;
import com.esotericsoftware.kryo.kryo5.io.Input;
import com.esotericsoftware.kryo.kryo5.io.Output;
import com.esotericsoftware.kryo.kryo5.serializers.ImmutableCollectionsSerializers;
import com.esotericsoftware.kryo.kryo5.util.DefaultClassResolver;
import com.esotericsoftware.kryo.kryo5.util.MapReferenceResolver;
import com.esotericsoftware.kryo.kryo5.util.ObjectMap;
import java.lang.reflect.Modifier;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * One Kryo instance set up identically on both sides of the channel, plus reusable buffers.
 * Not thread-safe: one codec per thread (the coordinator keeps a small pool).
 *
 * <p>Registration order is part of the wire format: the built-in list below, then the user's
 * classes in the order the coordinator sends them. Classes outside the registry still work; Kryo
 * writes their name. When reading, a name is resolved only if {@code nameFilter} accepts the class,
 * so a peer cannot make this side instantiate an arbitrary class.
 */
@SuppressWarnings("rawtypes") // Kryo's resolver and factory APIs take raw Class
public final class KryoCodec {
    private static final Class<?>[] BUILT_IN = {
        HashMap.class, ArrayList.class, LinkedHashMap.class, TreeMap.class, HashSet.class, LinkedHashSet.class,
        TreeSet.class, LinkedList.class, ArrayDeque.class, Object[].class, String[].class, int[].class,
        long[].class, double[].class, float[].class, short[].class, byte[].class, char[].class, boolean[].class,
        Integer[].class, Long[].class, Double[].class, BigInteger.class, BigDecimal.class, UUID.class,
        java.time.Instant.class, java.time.Duration.class, java.time.LocalDate.class,
        java.time.LocalDateTime.class, java.time.LocalTime.class, java.util.Date.class,
    };

    private static final byte[] EMPTY = new byte[0];
    /** The class behind both {@code List.of(a, b, c)} and {@code Stream.toList()}; only the latter may hold nulls. */
    private static final Class<?> LIST_N = List.of(1, 2, 3).getClass();
    private static final int INITIAL_BUFFER = 4096;
    /**
     * The class tags {@code writeClassAndObject} writes for String and Integer (registration id +
     * 2, Kryo's built-in ids); the lean path below writes and reads the same bytes without the
     * class resolver. Checked against the Kryo instance in the constructor.
     */
    static final int STRING_TAG = 3;
    static final int INT_TAG = 2;

    private final Kryo kryo;
    private final Output output;
    private final Input input = new Input();

    /**
     * @param userClasses classes to register after the built-in ones, same order on both sides
     * @param loader where names from the peer are resolved
     * @param nameFilter decides whether a class named by the peer may be instantiated here
     * @param nameObserver sees each class this side writes by name (not registered)
     * @param maxBytes largest serialized object; larger ones fail with {@link TooLargeException}
     */
    public KryoCodec(List<Class<?>> userClasses, ClassLoader loader, Predicate<Class<?>> nameFilter,
            Consumer<Class<?>> nameObserver, int maxBytes) {
        kryo = new Kryo(new FilteringClassResolver(nameFilter, nameObserver), new MapReferenceResolver());
        kryo.setReferences(false);
        kryo.setRegistrationRequired(false);
        kryo.setWarnUnregisteredClasses(false);
        kryo.setClassLoader(loader);
        ImmutableCollectionsSerializers.addDefaultSerializers(kryo);
        kryo.addDefaultSerializer(Collection.class, new CopyingCollectionFactory());
        kryo.addDefaultSerializer(Map.class, new CopyingMapFactory());
        kryo.addDefaultSerializer(UUID.class, new UuidSerializer());
        addSingletonComparator(Collections.reverseOrder());
        addSingletonComparator(String.CASE_INSENSITIVE_ORDER);
        kryo.addDefaultSerializer(Collections.reverseOrder(String.CASE_INSENSITIVE_ORDER).getClass(),
                new ReversedComparatorSerializer());
        for (Class<?> c : BUILT_IN) {
            kryo.register(c);
        }
        ImmutableCollectionsSerializers.registerSerializers(kryo);
        kryo.getRegistration(LIST_N).setSerializer(new ImmutableListSerializer());
        kryo.getRegistration(List.of(1).getClass()).setSerializer(new ImmutableListSerializer());
        KeyStrings keys = new KeyStrings();
        kryo.getRegistration(Map.of(1, 1).getClass()).setSerializer(new ImmutableMapSerializer(keys));
        kryo.getRegistration(Map.of(1, 1, 2, 2).getClass()).setSerializer(new ImmutableMapSerializer(keys));
        kryo.getRegistration(Set.of(1).getClass()).setSerializer(new ImmutableSetSerializer());
        kryo.getRegistration(Set.of(1, 2, 3).getClass()).setSerializer(new ImmutableSetSerializer());
        kryo.getRegistration(HashMap.class).setSerializer(new HashMapSerializer(keys));
        if (kryo.getRegistration(String.class).getId() + 2 != STRING_TAG
                || kryo.getRegistration(Integer.class).getId() + 2 != INT_TAG) {
            throw new IllegalStateException("Kryo's built-in registration ids changed; update KryoCodec's tags");
        }
        for (Class<?> c : userClasses) {
            kryo.register(c);
        }
        output = new Output(Math.min(INITIAL_BUFFER, maxBytes), maxBytes);
    }

    /** Stateless JDK comparators (a TreeMap's comparator travels with it) have no constructor Kryo can call. */
    private void addSingletonComparator(Comparator<?> singleton) {
        kryo.addDefaultSerializer(singleton.getClass(), new Serializer<Object>(false, true) {
            @Override
            public void write(Kryo k, Output out, Object value) {}

            @Override
            public Object read(Kryo k, Input in, Class<?> type) {
                return singleton;
            }
        });
    }

    /** Codec that accepts every class the peer names; for the worker, which trusts its coordinator. */
    public static KryoCodec trusting(List<Class<?>> userClasses, ClassLoader loader, int maxBytes) {
        return new KryoCodec(userClasses, loader, c -> true, c -> {}, maxBytes);
    }

    /**
     * Serializes one object graph.
     *
     * @return a fresh array with the bytes
     * @throws TooLargeException when the bytes exceed the cap given at construction
     * @throws KryoException when Kryo cannot serialize the graph
     */
    public byte[] write(Object value) {
        serialize(value);
        return output.toBytes();
    }

    /**
     * Serializes one object graph and appends it to {@code to} as a length-prefixed block, without
     * an intermediate array.
     *
     * @throws TooLargeException when the bytes exceed the cap given at construction
     * @throws KryoException when Kryo cannot serialize the graph
     */
    public void writeTo(Object value, PayloadWriter to) {
        serialize(value);
        to.writeBytes(output.getBuffer(), 0, output.position());
    }

    private void serialize(Object value) {
        output.reset();
        try {
            kryo.writeClassAndObject(output, value);
        } catch (KryoException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("Buffer overflow")) {
                throw new TooLargeException(measure(value), output.getMaxCapacity());
            }
            throw e;
        } finally {
            kryo.reset();
        }
    }

    private long measure(Object value) {
        Output counting = new Output(new java.io.OutputStream() {
            @Override
            public void write(int b) {}

            @Override
            public void write(byte[] b, int off, int len) {}
        }, 1 << 16);
        try {
            kryo.writeClassAndObject(counting, value);
            counting.flush();
            return counting.total();
        } catch (RuntimeException e) {
            return -1;
        } finally {
            kryo.reset();
        }
    }

    /**
     * Deserializes one object graph from {@code bytes[offset, offset + length)}.
     *
     * @throws KryoException when the bytes are not a valid graph or name a class that is not allowed
     */
    public Object read(byte[] bytes, int offset, int length) {
        input.setBuffer(bytes, offset, length);
        try {
            Object value = kryo.readClassAndObject(input);
            if (input.position() != offset + length) {
                throw new KryoException("trailing bytes after object: read " + (input.position() - offset)
                        + " of " + length);
            }
            return value;
        } finally {
            kryo.reset();
            input.setBuffer(EMPTY);
        }
    }

    /** Thrown when a serialized object is larger than the frame cap. */
    public static final class TooLargeException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final long size;
        private final long cap;

        TooLargeException(long size, long cap) {
            super("serialized size " + (size < 0 ? "unknown" : size + " bytes") + " exceeds the frame cap of " + cap
                    + " bytes");
            this.size = size;
            this.cap = cap;
        }

        /** Serialized size in bytes, or -1 when it could not be measured. */
        public long size() {
            return size;
        }

        /** The cap that was exceeded. */
        public long cap() {
            return cap;
        }
    }

    /** UUID as two longs (its fields are not open to reflection on Java 17). */
    private static final class UuidSerializer extends Serializer<UUID> {
        UuidSerializer() {
            setImmutable(true);
        }

        @Override
        public void write(Kryo k, Output out, UUID u) {
            out.writeLong(u.getMostSignificantBits());
            out.writeLong(u.getLeastSignificantBits());
        }

        @Override
        public UUID read(Kryo k, Input in, Class<? extends UUID> t) {
            return new UUID(in.readLong(), in.readLong());
        }
    }

    /** Resolves names through a filter and reports classes written by name. */
    private static final class FilteringClassResolver extends DefaultClassResolver {
        private final Predicate<Class<?>> nameFilter;
        private final Consumer<Class<?>> nameObserver;

        FilteringClassResolver(Predicate<Class<?>> nameFilter, Consumer<Class<?>> nameObserver) {
            this.nameFilter = nameFilter;
            this.nameObserver = nameObserver;
        }

        @Override
        protected void writeName(Output output, Class type, Registration registration) {
            nameObserver.accept(registration.getType()); // the enum, not the class of a constant's body
            super.writeName(output, type, registration);
        }

        /**
         * Kryo resolves a name read from the peer here first. The filter runs before Kryo builds a
         * serializer for the class, because building one can initialise it (an enum's static block).
         */
        @Override
        protected Class getTypeByName(String className) {
            Class<?> type = super.getTypeByName(className);
            if (type == null) {
                type = loadWithoutInit(className);
                if (type == null) {
                    return null; // Kryo retries and reports "Unable to find class"
                }
                if (nameToClass == null) {
                    nameToClass = new ObjectMap<>();
                }
                nameToClass.put(className, type);
            }
            Class<?> checked = type;
            while (!checked.isEnum() && checked != Enum.class && Enum.class.isAssignableFrom(checked)) {
                checked = checked.getSuperclass(); // a constant with a body is judged as its enum
            }
            if (!nameFilter.test(checked)) {
                throw new KryoException("class " + checked.getName()
                        + " is not allowed to be created from the peer's bytes; register it with"
                        + " WorkerPool.builder().register(" + checked.getSimpleName() + ".class)");
            }
            return type;
        }

        private Class<?> loadWithoutInit(String className) {
            for (ClassLoader l : new ClassLoader[] {kryo.getClassLoader(), Kryo.class.getClassLoader()}) {
                try {
                    return Class.forName(className, false, l);
                } catch (ClassNotFoundException | LinkageError e) {
                    // try the next loader, then let Kryo report the name
                }
            }
            return null;
        }
    }

    /**
     * {@code k.writeClassAndObject(out, o)}, byte for byte, with Strings and Integers (the keys
     * and values of most task parameters) written directly: the generic path costs a resolver
     * lookup and a serializer dispatch per value, which a cold JVM runs interpreted and then has
     * to compile, on both sides of the channel.
     */
    static void writeValue(Kryo k, Output out, Object o) {
        Class<?> c = o == null ? null : o.getClass();
        if (c == String.class) {
            out.writeVarInt(STRING_TAG, true);
            out.writeString((String) o);
        } else if (c == Integer.class) {
            out.writeVarInt(INT_TAG, true);
            out.writeInt((Integer) o, false);
        } else {
            k.writeClassAndObject(out, o);
        }
    }

    /** Reads what {@link #writeValue} (or {@code writeClassAndObject}) wrote. */
    static Object readValue(Kryo k, Input in) {
        int start = in.position();
        int tag = in.readVarInt(true);
        if (tag == STRING_TAG) {
            return in.readString();
        }
        if (tag == INT_TAG) {
            return in.readInt(false);
        }
        in.setPosition(start);
        return k.readClassAndObject(in);
    }

    /** Count, then each element with its class: the form of every collection serializer here. */
    private static void writeElements(Kryo k, Output out, Collection<Object> elements) {
        out.writeVarInt(elements.size(), true);
        for (Object o : elements) {
            writeValue(k, out, o);
        }
    }

    /** Reads what {@link #writeElements} wrote; a count larger than the bytes left fails before allocating. */
    private static Object[] readElements(Kryo k, Input in) {
        int n = in.readVarInt(true);
        if (n > in.limit() - in.position()) {
            throw new KryoException("collection of " + n + " elements in " + (in.limit() - in.position()) + " bytes");
        }
        Object[] elements = new Object[n];
        for (int i = 0; i < n; i++) {
            elements[i] = readValue(k, in);
        }
        return elements;
    }

    /** Count, then key and value of each entry with their classes. */
    private static void writeEntries(Kryo k, Output out, Map<Object, Object> map) {
        out.writeVarInt(map.size(), true);
        for (Map.Entry<Object, Object> e : map.entrySet()) {
            writeValue(k, out, e.getKey());
            writeValue(k, out, e.getValue());
        }
    }

    /** Reads what {@link #writeEntries} wrote, as key, value, key, value...; counts are checked as above. */
    private static Object[] readEntries(Kryo k, Input in) {
        int n = readEntryCount(in);
        Object[] kv = new Object[2 * n];
        for (int i = 0; i < kv.length; i++) {
            kv[i] = readValue(k, in);
        }
        return kv;
    }

    private static int readEntryCount(Input in) {
        int n = in.readVarInt(true);
        if (n > (in.limit() - in.position()) / 2) {
            throw new KryoException("map of " + n + " entries in " + (in.limit() - in.position()) + " bytes");
        }
        return n;
    }

    /**
     * {@code HashMap}: entries as {@link #writeEntries}, read straight into a map sized for them
     * (Kryo's MapSerializer goes through its generics bookkeeping for every entry).
     */
    private static final class HashMapSerializer extends Serializer<Map<Object, Object>> {
        private final KeyStrings keys;

        HashMapSerializer(KeyStrings keys) {
            this.keys = keys;
        }

        @Override
        public void write(Kryo k, Output out, Map<Object, Object> map) {
            writeEntries(k, out, map);
        }

        @Override
        public Map<Object, Object> read(Kryo k, Input in, Class<? extends Map<Object, Object>> type) {
            int n = readEntryCount(in);
            HashMap<Object, Object> m = new HashMap<>(n < 3 ? n + 1 : (int) (n / 0.75f + 1));
            for (int i = 0; i < n; i++) {
                Object key = keys.readKey(k, in);
                m.put(key, readValue(k, in));
            }
            return m;
        }

        @Override
        public Map<Object, Object> copy(Kryo k, Map<Object, Object> original) {
            return new HashMap<>(original);
        }
    }

    /** {@code Stream.toList()} shares its class with {@code List.of(...)} but may hold nulls. */
    private static final class ImmutableListSerializer extends Serializer<List<Object>> {
        ImmutableListSerializer() {
            super(false, true);
        }

        @Override
        public void write(Kryo k, Output out, List<Object> list) {
            writeElements(k, out, list);
        }

        @Override
        public List<Object> read(Kryo k, Input in, Class<? extends List<Object>> type) {
            Object[] elements = readElements(k, in);
            for (Object o : elements) {
                if (o == null) {
                    return Arrays.stream(elements).toList();
                }
            }
            return List.of(elements);
        }
    }

    /**
     * {@code Map.of(...)}: entries straight into the factory (Kryo's own serializer fills a
     * HashMap and copies it, three times the allocation on the hottest path of small tasks).
     */
    private static final class ImmutableMapSerializer extends Serializer<Map<Object, Object>> {
        private final KeyStrings keys;

        ImmutableMapSerializer(KeyStrings keys) {
            super(false, true);
            this.keys = keys;
        }

        @Override
        public void write(Kryo k, Output out, Map<Object, Object> map) {
            writeEntries(k, out, map);
        }

        @Override
        @SuppressWarnings("unchecked")
        public Map<Object, Object> read(Kryo k, Input in, Class<? extends Map<Object, Object>> type) {
            int n = readEntryCount(in);
            if (n == 1) { // the commonest result shape, without the entry array
                Object key = keys.readKey(k, in);
                return Map.of(key, readValue(k, in));
            }
            Object[] kv = new Object[2 * n];
            for (int i = 0; i < kv.length; i += 2) {
                kv[i] = keys.readKey(k, in);
                kv[i + 1] = readValue(k, in);
            }
            switch (n) {
                case 0:
                    return Map.of();
                case 1:
                    return Map.of(kv[0], kv[1]);
                case 2:
                    return Map.of(kv[0], kv[1], kv[2], kv[3]);
                case 3:
                    return Map.of(kv[0], kv[1], kv[2], kv[3], kv[4], kv[5]);
                case 4:
                    return Map.of(kv[0], kv[1], kv[2], kv[3], kv[4], kv[5], kv[6], kv[7]);
                default:
                    Map.Entry<Object, Object>[] entries = new Map.Entry[n];
                    for (int i = 0; i < n; i++) {
                        entries[i] = Map.entry(kv[2 * i], kv[2 * i + 1]);
                    }
                    return Map.ofEntries(entries);
            }
        }
    }

    /**
     * Map keys read as the one String instance per distinct short key: most maps that cross the
     * channel share a few keys ({@code "param1"}, {@code "sum"}), and a new String (two objects,
     * ~50 bytes) per key and element is most of what decoding a small map allocates. A small
     * direct-mapped table of the last keys seen, compared with the bytes in place, so a key that
     * is not in it costs what {@code readString} costs anyway. Only Kryo's ASCII form (2 to 32
     * chars, last byte flagged) is looked up; every other value goes the usual way. One per codec,
     * like the Kryo instance it serves (not thread-safe).
     */
    static final class KeyStrings {
        private static final int SLOTS = 32;
        private final String[] strings = new String[SLOTS];

        /** Reads what {@link #writeValue} wrote for a map key. */
        Object readKey(Kryo k, Input in) {
            byte[] buf = in.getBuffer();
            int pos = in.position();
            int limit = in.limit();
            if (pos + 1 >= limit || buf[pos] != STRING_TAG || (buf[pos + 1] & 0x80) != 0) {
                return readValue(k, in);
            }
            int start = pos + 1;
            int end = start; // index of the last char, the one with the high bit set
            int hash = 0;
            while (end < limit && end - start < 32 && (buf[end] & 0x80) == 0) {
                hash = 31 * hash + buf[end];
                end++;
            }
            if (end >= limit || end - start >= 32) {
                return readValue(k, in);
            }
            int last = buf[end] & 0x7F;
            hash = 31 * hash + last;
            int slot = (hash ^ (hash >>> 7)) & (SLOTS - 1);
            String s = strings[slot];
            int len = end - start + 1;
            if (s != null && s.length() == len && s.charAt(len - 1) == last && sameAscii(s, buf, start, len - 1)) {
                in.setPosition(end + 1);
                return s;
            }
            in.setPosition(start);
            s = in.readString();
            strings[slot] = s;
            return s;
        }

        private static boolean sameAscii(String s, byte[] buf, int off, int n) {
            for (int i = 0; i < n; i++) {
                if (s.charAt(i) != buf[off + i]) {
                    return false;
                }
            }
            return true;
        }
    }

    /** {@code Set.of(...)}: elements straight into the factory. */
    private static final class ImmutableSetSerializer extends Serializer<Set<Object>> {
        ImmutableSetSerializer() {
            super(false, true);
        }

        @Override
        public void write(Kryo k, Output out, Set<Object> set) {
            writeElements(k, out, set);
        }

        @Override
        public Set<Object> read(Kryo k, Input in, Class<? extends Set<Object>> type) {
            return Set.of(readElements(k, in));
        }
    }

    /** {@code Collections.reverseOrder(cmp)}: sent as the comparator it reverses. */
    @SuppressWarnings("unchecked")
    private static final class ReversedComparatorSerializer extends Serializer<Comparator<Object>> {
        ReversedComparatorSerializer() {
            super(false, true);
        }

        @Override
        public void write(Kryo k, Output out, Comparator<Object> reversed) {
            k.writeClassAndObject(out, Collections.reverseOrder(reversed)); // reversing twice gives the original
        }

        @Override
        public Comparator<Object> read(Kryo k, Input in, Class<? extends Comparator<Object>> type) {
            return Collections.reverseOrder((Comparator<Object>) k.readClassAndObject(in));
        }
    }

    /** True for JDK collection types Kryo cannot rebuild reflectively (unmodifiable views, Arrays.asList...). */
    static boolean isOpaqueJdkType(Class<?> type) {
        String name = type.getName();
        if (!(name.startsWith("java.") || name.startsWith("javax."))) {
            return false;
        }
        if (EnumSet.class.isAssignableFrom(type)) {
            return false; // Kryo's EnumSetSerializer keeps the element type
        }
        if (!Modifier.isPublic(type.getModifiers())) {
            return true;
        }
        try {
            type.getConstructor();
            return false;
        } catch (NoSuchMethodException e) {
            return true;
        }
    }

    /** Sends opaque JDK collections as their elements and rebuilds an ArrayList or LinkedHashSet. */
    private static final class CopyingCollectionFactory implements SerializerFactory<Serializer<Collection<Object>>> {
        @Override
        public Serializer<Collection<Object>> newSerializer(Kryo kryo, Class type) {
            return new Serializer<>() {
                @Override
                public void write(Kryo k, Output out, Collection<Object> c) {
                    writeElements(k, out, c);
                }

                @Override
                public Collection<Object> read(Kryo k, Input in, Class<? extends Collection<Object>> t) {
                    List<Object> elements = Arrays.asList(readElements(k, in));
                    return Set.class.isAssignableFrom(t) ? new LinkedHashSet<>(elements) : new ArrayList<>(elements);
                }
            };
        }

        @Override
        public boolean isSupported(Class type) {
            return isOpaqueJdkType(type);
        }
    }

    /** Sends opaque JDK maps as their entries and rebuilds a LinkedHashMap. */
    private static final class CopyingMapFactory implements SerializerFactory<Serializer<Map<Object, Object>>> {
        @Override
        public Serializer<Map<Object, Object>> newSerializer(Kryo kryo, Class type) {
            return new Serializer<>() {
                @Override
                public void write(Kryo k, Output out, Map<Object, Object> m) {
                    writeEntries(k, out, m);
                }

                @Override
                public Map<Object, Object> read(Kryo k, Input in, Class<? extends Map<Object, Object>> t) {
                    Object[] kv = readEntries(k, in);
                    Map<Object, Object> m = new LinkedHashMap<>();
                    for (int i = 0; i < kv.length; i += 2) {
                        m.put(kv[i], kv[i + 1]);
                    }
                    return m;
                }
            };
        }

        @Override
        public boolean isSupported(Class type) {
            return isOpaqueJdkType(type);
        }
    }
}
