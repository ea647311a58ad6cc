package org.civiscore;

/** The status codes of civiscore.h. Their values never change; new ones are only appended. */
public final class Status {
    public static final int OK = 0;
    public static final int INVALID_ARGUMENT = 1;
    public static final int MODEL = 2;
    public static final int DATA = 3;
    public static final int IO = 4;
    public static final int OUT_OF_MEMORY = 5;
    public static final int FITTED = 6;
    public static final int INTERNAL = 7;

    private Status() {
    }
}
