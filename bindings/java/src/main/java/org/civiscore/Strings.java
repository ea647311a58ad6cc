package org.civiscore;

import com.sun.jna.Pointer;
import com.sun.jna.StringArray;
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
        byte[] encoded = text.getBytes(StandardCharsets.UTF_8);
        byte[] terminated = new byte[encoded.length + 1];
        System.arraycopy(encoded, 0, terminated, 0, encoded.length);
        return terminated;
    }

    /** UTF-8 bytes without a terminator, for the (text, len) functions. */
    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** A `const char* const*` of UTF-8 strings, kept alive as long as the returned object. */
    static StringArray array(List<String> texts) {
        return new StringArray(texts.toArray(new String[0]), "UTF-8");
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
