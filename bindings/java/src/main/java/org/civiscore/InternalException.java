package org.civiscore;

/** A bug in civiscore: please report it with the message (status {@code INTERNAL} of civiscore.h). */
public class InternalException extends CiviscoreException {
    private static final long serialVersionUID = 1L;

    public InternalException(String message) {
        super(Status.INTERNAL, message);
    }
}
