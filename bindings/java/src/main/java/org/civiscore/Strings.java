package org.civiscore;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** UTF-8 across the boundary, both ways, whatever file.encoding and jna.encoding say. */
final class Strings {
    private Strings() {
    }

    /** `text` as NUL-terminated UTF-8; null stays null (a NULL `const char*`). */
    static byte[] utf8(String text) {
        if (text == null) {
            return null;
        }
        // C reads the argument (a path, a column name, options) only up to its NUL: one holding a
        // NUL character would be read cut short (another file, another column).
        if (text.indexOf('\0') >= 0) {
            throw new InvalidArgumentException("'" + text.replace("\0", "\\0")
                    + "' contains a NUL character, where C would end it");
        }
        byte[] encoded = text.getBytes(StandardCharsets.UTF_8);
        byte[] terminated = new byte[encoded.length + 1];
        System.arraycopy(encoded, 0, terminated, 0, encoded.length);
        return terminated;
    }

    /** UTF-8 bytes without a terminator, for the (text, len) functions. */
    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * A `const char* const*` of UTF-8 strings, valid as long as the returned block is reachable: the
     * pointer table, then every text with a NUL after it, in one allocation. JNA's StringArray makes
     * a native allocation per string, 1.5 s or more for 10^6 unit ids; this encodes once and
     * writes the table in one copy. A text holding a NUL character would be cut short by C, so it is
     * refused as "{what} id '...' ({what} n)", n 1-based.
     */
    static Memory array(List<String> texts, String what) {
        int n = texts.size();
        StringBuilder joined = new StringBuilder();
        for (int i = 0; i < n; i++) {
            String text = texts.get(i);
            if (text.indexOf('\0') >= 0) {
                throw new InvalidArgumentException(what + " id '" + text.replace("\0", "\\0") + "' (" + what
                        + " " + (i + 1) + ") contains a NUL character, where C would end it");
            }
            joined.append(text).append('\0');
        }
        byte[] bytes = joined.toString().getBytes(StandardCharsets.UTF_8);
        long table = (long) n * Native.POINTER_SIZE;
        Memory block = new Memory(Math.max(1, table + bytes.length)); // JNA refuses 0 bytes; C reads none
        block.write(table, bytes, 0, bytes.length);
        // UTF-8 has no 0 byte but the NUL character's, so the 0 bytes are exactly the terminators.
        long[] addresses = new long[n];
        long base = Pointer.nativeValue(block) + table;
        for (int b = 0, i = 0, start = 0; b < bytes.length; b++) {
            if (bytes[b] == 0) {
                addresses[i++] = base + start;
                start = b + 1;
            }
        }
        if (Native.POINTER_SIZE == 8) {
            block.write(0, addresses, 0, n);
        } else { // a 32-bit JVM: rare enough for a call per pointer
            for (int i = 0; i < n; i++) {
                block.setInt(4L * i, (int) addresses[i]);
            }
        }
        return block;
    }

    /** A returned `const char*` decoded as UTF-8; null for NULL. */
    static String read(Pointer text) {
        return text == null ? null : text.getString(0, "UTF-8");
    }

    /** As read, where NULL means the call failed (an index out of range): throws with the C message. */
    static String required(Pointer text) {
        if (text == null) {
            throw Civiscore.failure(Status.INVALID_ARGUMENT);
        }
        return text.getString(0, "UTF-8");
    }
}
