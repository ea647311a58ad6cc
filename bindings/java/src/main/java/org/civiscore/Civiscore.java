package org.civiscore;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.io.File;
import java.util.Map;

/**
 * Loading libciviscore and the versions.
 *
 * <p>The library is loaded on first use from, in order: the system property {@code civiscore.library}
 * (a file path), the environment variable {@code CIVISCORE_LIBRARY} (a file path), else by name
 * ({@code libciviscore.so}) through {@code jna.library.path} and the system's search path
 * ({@code LD_LIBRARY_PATH}, ld.so.cache). The loader refuses a library whose major version differs
 * from this binding's or that is older than it (SQLite-style: a newer library of the same major keeps
 * every function and status code an older caller uses).
 */
public final class Civiscore {
    /** The civiscore version this binding was written for. */
    public static final String BINDING_VERSION = "0.1.0";
    static final int BINDING_VERSION_NUMBER = 100; // MAJOR * 10000 + MINOR * 100 + PATCH
    static final int BINDING_MAJOR = 0;

    public static final String LIBRARY_PROPERTY = "civiscore.library";
    public static final String LIBRARY_ENV = "CIVISCORE_LIBRARY";

    private static volatile CApi api;

    private Civiscore() {
    }

    /** The run-time version of the loaded library, "MAJOR.MINOR.PATCH". */
    public static String libraryVersion() {
        return Strings.read(c().civiscore_version_string());
    }

    /** The run-time version number of the loaded library, MAJOR * 10000 + MINOR * 100 + PATCH. */
    public static int libraryVersionNumber() {
        return c().civiscore_version_number();
    }

    /** The C functions, loading the library on first use; LibraryException if it cannot be loaded. */
    static CApi c() {
        CApi loaded = api;
        if (loaded == null) {
            synchronized (Civiscore.class) {
                loaded = api;
                if (loaded == null) {
                    loaded = load();
                    api = loaded;
                }
            }
        }
        return loaded;
    }

    private static CApi load() {
        String explicit = System.getProperty(LIBRARY_PROPERTY);
        String source = "-D" + LIBRARY_PROPERTY;
        if (explicit == null || explicit.isEmpty()) {
            explicit = System.getenv(LIBRARY_ENV);
            source = "$" + LIBRARY_ENV;
        }
        String name = "civiscore";
        if (explicit != null && !explicit.isEmpty()) {
            if (!new File(explicit).isFile()) {
                throw new LibraryException(source + "=" + explicit + " does not name a file", null);
            }
            name = explicit;
        }
        // Strings never go through JNA's String conversion (see CApi), but set UTF-8 anyway so a
        // future declaration with String cannot silently use the platform charset.
        Map<String, Object> options = Map.of(Library.OPTION_STRING_ENCODING, "UTF-8");
        CApi loaded;
        try {
            loaded = Native.load(name, CApi.class, options);
        } catch (UnsatisfiedLinkError e) {
            throw new LibraryException("cannot load libciviscore (" + name + "): set -D" + LIBRARY_PROPERTY
                    + "=/path/to/libciviscore.so.0, $" + LIBRARY_ENV + ", -Djna.library.path=DIR or "
                    + "LD_LIBRARY_PATH; searched jna.library.path="
                    + System.getProperty("jna.library.path", "(not set)") + ": " + e.getMessage(), e);
        }
        int found = loaded.civiscore_version_number();
        if (found / 10000 != BINDING_MAJOR || found < BINDING_VERSION_NUMBER) {
            throw new LibraryException("version mismatch: the civiscore Java binding " + BINDING_VERSION
                    + " needs a library " + BINDING_MAJOR + ".x.y at least " + BINDING_VERSION
                    + ", but " + name + " is " + Strings.read(loaded.civiscore_version_string()), null);
        }
        return loaded;
    }

    /** Throws the exception for a failed call; must run on the thread that made the call, right after it. */
    static void check(int status) {
        if (status != Status.OK) {
            throw failure(status);
        }
    }

    /** The exception for `status`, with this thread's last error message (read before any other call). */
    static CiviscoreException failure(int status) {
        String message = Strings.read(c().civiscore_last_error_message());
        if (message == null || message.isEmpty()) {
            message = Strings.read(c().civiscore_status_string(status));
        }
        return CiviscoreException.of(status, message);
    }
}
