package org.civiscore;

/** The data is unreadable or inconsistent with the model (a missing column, a duplicate unit id, an infinite value); the message names the unit, column, line (status {@code DATA} of civiscore.h). */
public class DataException extends CiviscoreException {
    private static final long serialVersionUID = 1L;

    public DataException(String message) {
        super(Status.DATA, message);
    }
}
