package org.civiscore;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The snprintf-style calls of civiscore.h: ask for the length, then fill a buffer of that size. */
final class Buffers {
    private Buffers() {
    }

    interface Writer {
        /** One call: write at most `cap` bytes to `buf`, the full length to the size_t at `outLen`. */
        int write(Pointer buf, SizeT cap, Pointer outLen);
    }

    static String readString(Writer writer) {
        // Freed on return rather than when the garbage collector gets to them: a result's CSV
        // at 10^6 units is over 100 MB of native memory.
        try (Memory length = new Memory(Native.SIZE_T_SIZE)) { // a size_t out-parameter
            Civiscore.check(writer.write(null, new SizeT(0), length));
            long needed = sizeT(length);
            try (Memory buffer = new Memory(needed + 1)) {
                Civiscore.check(writer.write(buffer, new SizeT(needed + 1), length));
                if (sizeT(length) != needed) {
                    throw new InternalException("output length changed between two calls: " + needed
                            + " then " + sizeT(length));
                }
                return new String(buffer.getByteArray(0, Math.toIntExact(needed)), StandardCharsets.UTF_8);
            }
        }
    }

    /**
     * The `count` unit ids a civiscore_*_unit_ids call writes (a NUL after each), in a new list: one
     * call and one UTF-8 decoding for all of them, where a call per id took 0.5 s for 10^6 units.
     */
    static List<String> readIds(int count, Writer writer) {
        String text = readString(writer);
        List<String> ids = new ArrayList<>(count);
        for (int start = 0, end; (end = text.indexOf('\0', start)) >= 0; start = end + 1) {
            ids.add(text.substring(start, end));
        }
        if (ids.size() != count) { // a library bug, but a wrong id per unit would be worse than failing
            throw new InternalException(ids.size() + " unit ids for " + count + " units");
        }
        return ids;
    }

    private static long sizeT(Pointer value) {
        return Native.SIZE_T_SIZE == 8 ? value.getLong(0) : Integer.toUnsignedLong(value.getInt(0));
    }
}
