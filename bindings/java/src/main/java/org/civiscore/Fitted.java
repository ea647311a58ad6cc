package org.civiscore;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import java.lang.ref.Reference;

/**
 * What {@link Model#fit} learned from data (min/max, mean/sd), to score later data on the same scale.
 * Save it with {@link #toJson()} and restore it with {@link #fromJson}. Immutable; share it between
 * threads freely.
 */
public final class Fitted extends NativeHandle {
    private final Model model;

    Fitted(Pointer pointer, Model model) {
        super(pointer, p -> Civiscore.c().civiscore_fitted_free(p), "fitted state");
        this.model = model;
    }

    /** Reads a fitted state for `model`; FittedStateException if it was made for another model. */
    public static Fitted fromJson(Model model, String json) {
        byte[] raw = Strings.bytes(json);
        try {
            PointerByReference out = new PointerByReference();
            Civiscore.check(Civiscore.c().civiscore_fitted_from_json(model.handle(), raw,
                    new SizeT(raw.length), out));
            return new Fitted(out.getValue(), model);
        } finally {
            Reference.reachabilityFence(model);
        }
    }

    /** The model this state was fitted for. */
    public Model model() {
        return model;
    }

    /** The state as canonical JSON (sorted keys, no white space), stamped with the model's SHA-256. */
    public String toJson() {
        try {
            Pointer handle = handle();
            return Buffers.readString((buf, cap, len) -> Civiscore.c().civiscore_fitted_to_json(handle, buf, cap, len));
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    @Override
    public String toString() {
        return "Fitted state for model '" + model.id() + "'" + (isClosed() ? " (closed)" : "");
    }
}
