package org.civiscore;

/** A fitted state is unreadable or was made for another model (status {@code FITTED} of civiscore.h). */
public class FittedStateException extends CiviscoreException {
    private static final long serialVersionUID = 1L;

    public FittedStateException(String message) {
        super(Status.FITTED, message);
    }
}
