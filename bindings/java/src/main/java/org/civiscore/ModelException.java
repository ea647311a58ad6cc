package org.civiscore;

/** The model JSON is unreadable or invalid; the message lists every problem, one per line, with its JSON pointer (status {@code MODEL} of civiscore.h). */
public class ModelException extends CiviscoreException {
    private static final long serialVersionUID = 1L;

    public ModelException(String message) {
        super(Status.MODEL, message);
    }
}
