package org.civiscore;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import java.lang.ref.Reference;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Units x columns of raw values with unit ids, as fit and score read them. NaN is missing.
 *
 * <p>{@link Model#fit} and {@link Model#score} build one from rows, a flat array or a CSV file and
 * close it again; build one yourself to fit and score the same data without converting it twice.
 * Immutable and safe to share between threads. Matching columns to the model (and naming a missing
 * one) is the library's job, so every input gets the same messages.
 */
public final class Dataset extends NativeHandle {
    private Dataset(Pointer pointer) {
        super(pointer, p -> Civiscore.c().civiscore_dataset_free(p), "dataset");
    }

    /**
     * From rows: {@code rows[i][j]} is unit i's value of {@code columns.get(j)}.
     *
     * @param unitIds one id per row, or null for "1", "2", ... (1-based row numbers)
     */
    public static Dataset fromRows(double[][] rows, List<String> columns, String[] unitIds) {
        if (rows == null || columns == null) {
            throw new InvalidArgumentException("rows and columns must not be null");
        }
        int width = columns.size();
        double[] flat = new double[Math.multiplyExact(rows.length, width)];
        for (int i = 0; i < rows.length; i++) {
            if (rows[i] == null || rows[i].length != width) {
                throw new InvalidArgumentException("row " + (i + 1) + " has "
                        + (rows[i] == null ? "no values" : rows[i].length + " values") + ", expected "
                        + width + " (one per column: " + String.join(", ", columns) + ")");
            }
            System.arraycopy(rows[i], 0, flat, i * width, width);
        }
        return fromMatrix(flat, rows.length, columns, Layout.ROW_MAJOR, unitIds);
    }

    /**
     * From a dense flat matrix of {@code nUnits x columns.size()} values in {@code layout}.
     *
     * @param unitIds one id per unit, or null for "1", "2", ...
     */
    public static Dataset fromMatrix(double[] values, int nUnits, List<String> columns, Layout layout,
                                     String[] unitIds) {
        if (values == null || columns == null || layout == null) {
            throw new InvalidArgumentException("values, columns and layout must not be null");
        }
        if (nUnits < 0 || (long) nUnits * columns.size() != values.length) {
            throw new InvalidArgumentException("values has " + values.length + " elements, expected "
                    + nUnits + " units x " + columns.size() + " columns");
        }
        if (unitIds != null && unitIds.length != nUnits) {
            throw new InvalidArgumentException(unitIds.length + " unit ids for " + nUnits + " units");
        }
        for (String column : columns) {
            if (column == null) {
                throw new InvalidArgumentException("a column id is null");
            }
        }
        if (unitIds != null) {
            for (int i = 0; i < unitIds.length; i++) {
                if (unitIds[i] == null) {
                    throw new InvalidArgumentException("unit " + (i + 1) + " has a null id");
                }
            }
        }
        // The id blocks are freed when the call returns, not when the garbage collector gets to them
        // (25 MB at 10^6 units). JNA passes an empty Java array as NULL; the library accepts NULL
        // values only when there is nothing to read.
        try (Memory columnArray = Strings.array(columns, "column");
             Memory unitArray = unitIds == null ? null : Strings.array(Arrays.asList(unitIds), "unit")) {
            PointerByReference out = new PointerByReference();
            Civiscore.check(Civiscore.c().civiscore_dataset_from_matrix(values.length == 0 ? null : values,
                    new SizeT(nUnits), new SizeT(columns.size()), layout.code, new SizeT(0), columnArray,
                    unitArray, out));
            return new Dataset(out.getValue());
        }
    }

    /** Reads a CSV file whose {@code idColumn} (null: "unit_id") names the units. */
    public static Dataset readCsv(Path path, String idColumn) {
        PointerByReference out = new PointerByReference();
        Civiscore.check(Civiscore.c().civiscore_dataset_read_csv(Strings.utf8(path.toString()),
                Strings.utf8(idColumn), out));
        return new Dataset(out.getValue());
    }

    /** As {@link #readCsv}, from CSV text in memory. */
    public static Dataset parseCsv(String text, String idColumn) {
        byte[] raw = Strings.bytes(text);
        PointerByReference out = new PointerByReference();
        Civiscore.check(Civiscore.c().civiscore_dataset_parse_csv(raw, new SizeT(raw.length),
                Strings.utf8(idColumn), out));
        return new Dataset(out.getValue());
    }

    public int unitCount() {
        try {
            return Math.toIntExact(Civiscore.c().civiscore_dataset_unit_count(handle()).longValue());
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    /** Unit ids in data order. */
    public List<String> unitIds() {
        try {
            Pointer handle = handle();
            return Buffers.readIds(unitCount(), (buf, cap, len) ->
                    Civiscore.c().civiscore_dataset_unit_ids(handle, buf, cap, len));
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    public List<String> columnIds() {
        try {
            CApi c = Civiscore.c();
            int n = Math.toIntExact(c.civiscore_dataset_column_count(handle()).longValue());
            List<String> ids = new ArrayList<>(n);
            for (int j = 0; j < n; j++) {
                ids.add(Strings.required(c.civiscore_dataset_column_id(handle(), new SizeT(j))));
            }
            return ids;
        } finally {
            Reference.reachabilityFence(this);
        }
    }
}
