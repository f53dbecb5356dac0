package io.procpool.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.esotericsoftware.kryo.kryo5.Kryo;
import com.esotericsoftware.kryo.kryo5.KryoException;
import com.esotericsoftware.kryo.kryo5.io.Input;
import com.esotericsoftware.kryo.kryo5.io.Output;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The lean String/Integer path writes what Kryo's generic path writes, and HashMaps survive it. */
class LeanValuesTest {
    private static final List<Object> VALUES = Arrays.asList("", "param1", "é€😀", 0, -1, 15, Integer.MAX_VALUE,
            Integer.MIN_VALUE, null, 7L, 2.5, List.of(1, "x"));

    @Test
    void writeValue_sameBytesAsWriteClassAndObject() {
        Kryo kryo = new Kryo();
        kryo.setRegistrationRequired(false);
        for (Object v : VALUES) {
            Output lean = new Output(64, -1);
            KryoCodec.writeValue(kryo, lean, v);
            Output generic = new Output(64, -1);
            kryo.writeClassAndObject(generic, v);
            assertArrayEquals(generic.toBytes(), lean.toBytes(), String.valueOf(v));
            Input in = new Input(lean.toBytes());
            assertEquals(v, KryoCodec.readValue(kryo, in));
            assertEquals(lean.position(), in.position());
        }
    }

    @Test
    void hashMap_roundTrip_keepsTypesAndNulls() {
        KryoCodec codec = KryoCodec.trusting(List.of(), getClass().getClassLoader(), 1 << 20);
        HashMap<Object, Object> m = new HashMap<>();
        for (int i = 0; i < VALUES.size(); i++) {
            m.put(i % 2 == 0 ? "k" + i : (Object) i, VALUES.get(i));
        }
        m.put(null, "null key");
        m.put("nested", new HashMap<>(Map.of("a", 1)));
        byte[] bytes = codec.write(m);
        Object back = codec.read(bytes, 0, bytes.length);
        assertInstanceOf(HashMap.class, back);
        assertEquals(m, back);
        assertEquals(new ArrayList<>(List.of(1, "x")), ((Map<?, ?>) back).get(11));
    }

    @Test
    void mapKeys_everyLengthAndForm_readBackEqual_repeatedKeysShared() {
        KryoCodec codec = KryoCodec.trusting(List.of(), getClass().getClassLoader(), 1 << 20);
        List<Object> keys = new ArrayList<>(List.of("", "a", "é", "aé", "€€", "param1", "param\u007f", 42, 'c'));
        StringBuilder sb = new StringBuilder();
        for (int len = 2; len <= 40; len++) {
            sb.append((char) ('a' + len % 26));
            keys.add(sb.toString());
            keys.add(sb.toString().toUpperCase());
        }
        for (int round = 0; round < 3; round++) {
            HashMap<Object, Object> hash = new HashMap<>();
            for (int i = 0; i < keys.size(); i++) {
                hash.put(keys.get(i), i);
                byte[] one = codec.write(Map.of(keys.get(i), i));
                assertEquals(Map.of(keys.get(i), i), codec.read(one, 0, one.length), String.valueOf(keys.get(i)));
                byte[] two = codec.write(Map.of(keys.get(i), i, "other", -i));
                assertEquals(Map.of(keys.get(i), i, "other", -i), codec.read(two, 0, two.length));
            }
            byte[] bytes = codec.write(hash);
            assertEquals(hash, codec.read(bytes, 0, bytes.length));
        }
        byte[] bytes = codec.write(Map.of("sum", 1));
        Object first = ((Map<?, ?>) codec.read(bytes, 0, bytes.length)).keySet().iterator().next();
        Object second = ((Map<?, ?>) codec.read(bytes, 0, bytes.length)).keySet().iterator().next();
        org.junit.jupiter.api.Assertions.assertSame(first, second);
    }

    @Test
    void mapKey_truncatedAsciiKey_failsAsKryoDoes() {
        KryoCodec codec = KryoCodec.trusting(List.of(), getClass().getClassLoader(), 1 << 20);
        byte[] bytes = codec.write(new HashMap<>(Map.of("abcdef", 1)));
        byte[] cut = Arrays.copyOf(bytes, bytes.length - 4); // inside the key: its flagged last byte is gone
        assertThrows(KryoException.class, () -> codec.read(cut, 0, cut.length));
    }

    @Test
    void hashMap_countLargerThanBytes_failsBeforeAllocating() {
        KryoCodec codec = KryoCodec.trusting(List.of(), getClass().getClassLoader(), 1 << 20);
        byte[] bytes = codec.write(new HashMap<>(Map.of("a", 1)));
        byte[] forged = Arrays.copyOf(bytes, bytes.length);
        forged[1] = (byte) 0x7f; // entry count 127 in a few bytes
        assertThrows(KryoException.class, () -> codec.read(forged, 0, forged.length));
    }
}
