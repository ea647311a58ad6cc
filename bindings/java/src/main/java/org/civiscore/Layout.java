package org.civiscore;

/** How a flat {@code double[]} holds a units x columns matrix (CIVISCORE_ROW_MAJOR / _COL_MAJOR). */
public enum Layout {
    /** Element (unit i, column j) at {@code i * columns + j}. */
    ROW_MAJOR(0),
    /** Element (unit i, column j) at {@code j * units + i}. */
    COL_MAJOR(1);

    final int code;

    Layout(int code) {
        this.code = code;
    }
}
