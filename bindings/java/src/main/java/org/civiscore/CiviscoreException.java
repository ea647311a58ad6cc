package org.civiscore;

/**
 * A failure reported by the civiscore library: {@link #status()} is the C status code
 * ({@link Status}), {@link #getMessage()} the library's message for the failing call, which names the
 * place (JSON pointer, CSV line and column, unit and column).
 *
 * <p>Unchecked, with one subclass per status code, so a service can catch the family or one cause:
 * {@link InvalidArgumentException}, {@link ModelException}, {@link DataException},
 * {@link FileException}, {@link OutOfMemoryException}, {@link FittedStateException},
 * {@link InternalException}; {@link LibraryException} when the shared library cannot be loaded.
 */
public class CiviscoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;

    public CiviscoreException(int status, String message) {
        super(message);
        this.status = status;
    }

    /** The C status code ({@link Status}); -1 for a {@link LibraryException}. */
    public int status() {
        return status;
    }

    /** The exception class for a status code; unknown (future) codes become a plain CiviscoreException. */
    static CiviscoreException of(int status, String message) {
        switch (status) {
            case Status.INVALID_ARGUMENT: return new InvalidArgumentException(message);
            case Status.MODEL: return new ModelException(message);
            case Status.DATA: return new DataException(message);
            case Status.IO: return new FileException(message);
            case Status.OUT_OF_MEMORY: return new OutOfMemoryException(message);
            case Status.FITTED: return new FittedStateException(message);
            case Status.INTERNAL: return new InternalException(message);
            default: return new CiviscoreException(status, message);
        }
    }
}
