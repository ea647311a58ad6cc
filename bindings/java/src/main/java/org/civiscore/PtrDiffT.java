package org.civiscore;

import com.sun.jna.IntegerType;
import com.sun.jna.Native;

/** C {@code ptrdiff_t}: as wide as the platform's pointers, signed (-1 means "none" in civiscore.h). */
public final class PtrDiffT extends IntegerType {
    private static final long serialVersionUID = 1L;

    /** JNA builds return values through this constructor. */
    public PtrDiffT() {
        this(0);
    }

    public PtrDiffT(long value) {
        super(Native.POINTER_SIZE, value, false);
    }
}
