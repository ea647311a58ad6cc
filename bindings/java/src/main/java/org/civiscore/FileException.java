package org.civiscore;

/** A file could not be opened, read or written (status {@code IO} of civiscore.h). */
public class FileException extends CiviscoreException {
    private static final long serialVersionUID = 1L;

    public FileException(String message) {
        super(Status.IO, message);
    }
}
