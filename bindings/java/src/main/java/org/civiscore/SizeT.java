package org.civiscore;

import com.sun.jna.IntegerType;
import com.sun.jna.Native;

/** C {@code size_t}: as wide as the platform's pointers, unsigned. */
public final class SizeT extends IntegerType {
    private static final long serialVersionUID = 1L;

    /** JNA builds return values through this constructor. */
    public SizeT() {
        this(0);
    }

    public SizeT(long value) {
        super(Native.SIZE_T_SIZE, value, true);
    }
}
