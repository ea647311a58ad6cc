package org.civiscore;

/** A bad argument: wrong shape, unknown node id, a closed handle, an option out of range (status {@code INVALID_ARGUMENT} of civiscore.h). */
public class InvalidArgumentException extends CiviscoreException {
    private static final long serialVersionUID = 1L;

    public InvalidArgumentException(String message) {
        super(Status.INVALID_ARGUMENT, message);
    }
}
