package org.civiscore;

import com.sun.jna.Pointer;
import java.lang.ref.Cleaner;
import java.util.function.Consumer;

/**
 * An owned C handle: freed by {@link #close()} (try-with-resources), or by a {@link Cleaner} when the
 * object becomes unreachable without being closed — a safety net, not a schedule: close handles you
 * are done with, the garbage collector does not see the native memory they hold.
 *
 * <p>Methods that pass the pointer to C end with {@code Reference.reachabilityFence(this)}, so the
 * Cleaner cannot free the handle while a call that uses it is still running.
 */
public abstract class NativeHandle implements AutoCloseable {
    private static final Cleaner CLEANER = Cleaner.create();

    private final Pointer pointer;
    private final Cleaner.Cleanable cleanable;
    private final String kind;
    private volatile boolean closed;

    /** The free action holds only the pointer, never the handle object, or the object would stay reachable. */
    private static final class Release implements Runnable {
        private final Pointer pointer;
        private final Consumer<Pointer> free;

        Release(Pointer pointer, Consumer<Pointer> free) {
            this.pointer = pointer;
            this.free = free;
        }

        @Override
        public void run() {
            free.accept(pointer);
        }
    }

    NativeHandle(Pointer pointer, Consumer<Pointer> free, String kind) {
        if (pointer == null) {
            throw new InternalException("civiscore returned no " + kind + " handle without an error");
        }
        this.pointer = pointer;
        this.kind = kind;
        this.cleanable = CLEANER.register(this, new Release(pointer, free));
    }

    /** The pointer for a C call; InvalidArgumentException once closed. */
    final Pointer handle() {
        if (closed) {
            throw new InvalidArgumentException("the " + kind + " is closed");
        }
        return pointer;
    }

    /** True once {@link #close()} ran. */
    public final boolean isClosed() {
        return closed;
    }

    /**
     * Frees the C handle now; later calls on this object throw InvalidArgumentException. Idempotent and
     * safe from any thread, but closing a handle while another thread is still using it is the
     * caller's error (as in C).
     */
    @Override
    public final void close() {
        closed = true;
        cleanable.clean(); // runs Release at most once, whoever calls first
    }
}
