package org.civiscore;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.nio.charset.StandardCharsets;

/** The snprintf-style calls of civiscore.h: ask for the length, then fill a buffer of that size. */
final class Buffers {
    private Buffers() {
    }

    interface Writer {
        /** One call: write at most `cap` bytes to `buf`, the full length to the size_t at `outLen`. */
        int write(Pointer buf, SizeT cap, Pointer outLen);
    }

    static String readString(Writer writer) {
        Memory length = new Memory(Native.SIZE_T_SIZE); // a size_t out-parameter
        Civiscore.check(writer.write(null, new SizeT(0), length));
        long needed = sizeT(length);
        Memory buffer = new Memory(needed + 1);
        Civiscore.check(writer.write(buffer, new SizeT(needed + 1), length));
        if (sizeT(length) != needed) {
            throw new InternalException("output length changed between two calls: " + needed + " then "
                    + sizeT(length));
        }
        return new String(buffer.getByteArray(0, Math.toIntExact(needed)), StandardCharsets.UTF_8);
    }

    private static long sizeT(Pointer value) {
        return Native.SIZE_T_SIZE == 8 ? value.getLong(0) : Integer.toUnsignedLong(value.getInt(0));
    }
}
