package org.civiscore;

/** The library ran out of memory (status {@code OUT_OF_MEMORY} of civiscore.h). */
public class OutOfMemoryException extends CiviscoreException {
    private static final long serialVersionUID = 1L;

    public OutOfMemoryException(String message) {
        super(Status.OUT_OF_MEMORY, message);
    }
}
