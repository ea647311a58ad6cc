package org.civiscore;

/** libciviscore could not be found or loaded, or its version cannot serve this binding. */
public class LibraryException extends CiviscoreException {
    private static final long serialVersionUID = 1L;

    public LibraryException(String message, Throwable cause) {
        super(-1, message);
        if (cause != null) {
            initCause(cause);
        }
    }
}
