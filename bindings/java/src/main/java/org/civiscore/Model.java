package org.civiscore;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import java.lang.ref.Reference;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A validated, immutable indicator model (docs/model-format.md).
 *
 * <p>Build with {@link #fromFile} or {@link #fromJson}; an invalid model throws {@link ModelException}
 * listing every problem with its JSON pointer. Then {@link #fit} and {@link #score}.
 *
 * <p><b>Threads:</b> one model, many threads. A Model (like a {@link Fitted}, {@link Dataset} and
 * {@link Result}) is immutable once built: any number of threads may call {@code score} and
 * {@code fit} on the same instance at once, without locking, and get the same numbers as one thread.
 * Error messages are per thread, so each thread's exceptions carry its own message. Only
 * {@link #close()} must not race with calls still using the model; results and fitted states made
 * from it stay usable after it is closed.
 *
 * <p>{@code threads} arguments: 0 = all hardware threads inside one call; results are bit-identical
 * whatever the count. A service that already runs many requests in parallel may prefer 1.
 */
public final class Model extends NativeHandle {
    private final String id;
    private final String name;
    private final String sha256;
    private final List<Node> nodes;
    private final Map<String, Integer> nodeIndex;
    private final List<String> indicatorIds;
    private final List<String> inputColumns;
    private final List<String> gradeLabels;

    private Model(Pointer pointer) {
        super(pointer, p -> Civiscore.c().civiscore_model_free(p), "model");
        // Immutable: read the description once instead of crossing into C on every access.
        CApi c = Civiscore.c();
        id = Strings.required(c.civiscore_model_id(pointer));
        name = Strings.required(c.civiscore_model_name(pointer));
        sha256 = Strings.required(c.civiscore_model_sha256(pointer));
        int nodeCount = Math.toIntExact(c.civiscore_model_node_count(pointer).longValue());
        List<String> ids = new ArrayList<>(nodeCount);
        for (int i = 0; i < nodeCount; i++) {
            ids.add(Strings.required(c.civiscore_model_node_id(pointer, new SizeT(i))));
        }
        List<Node> built = new ArrayList<>(nodeCount);
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < nodeCount; i++) {
            SizeT at = new SizeT(i);
            long parent = c.civiscore_model_node_parent(pointer, at).longValue();
            built.add(new Node(i, ids.get(i), Strings.required(c.civiscore_model_node_name(pointer, at)),
                    parent < 0 ? null : ids.get((int) parent), c.civiscore_model_node_level(pointer, at),
                    c.civiscore_model_node_is_indicator(pointer, at) == 1));
            index.put(ids.get(i), i);
        }
        nodes = Collections.unmodifiableList(built);
        nodeIndex = Collections.unmodifiableMap(index);
        indicatorIds = readList(c.civiscore_model_indicator_count(pointer),
                i -> c.civiscore_model_indicator_id(pointer, i));
        inputColumns = readList(c.civiscore_model_input_column_count(pointer),
                i -> c.civiscore_model_input_column(pointer, i));
        gradeLabels = readList(c.civiscore_model_grade_count(pointer),
                i -> c.civiscore_model_grade_label(pointer, i));
    }

    private interface StringAt {
        Pointer get(SizeT i);
    }

    private static List<String> readList(SizeT count, StringAt at) {
        int n = Math.toIntExact(count.longValue());
        List<String> values = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            values.add(Strings.required(at.get(new SizeT(i))));
        }
        return Collections.unmodifiableList(values);
    }

    // --- construction ----------------------------------------------------------------------------

    /** Loads a model JSON file; FileException if unreadable, ModelException if invalid. */
    public static Model fromFile(Path path) {
        return fromFile(path.toString());
    }

    /** Loads a model JSON file; FileException if unreadable, ModelException if invalid. */
    public static Model fromFile(String path) {
        PointerByReference out = new PointerByReference();
        Civiscore.check(Civiscore.c().civiscore_model_load_file(Strings.utf8(path), out));
        return new Model(out.getValue());
    }

    /** Loads a model from JSON text; ModelException if invalid. */
    public static Model fromJson(String json) {
        byte[] raw = Strings.bytes(json);
        PointerByReference out = new PointerByReference();
        Civiscore.check(Civiscore.c().civiscore_model_load_string(raw, new SizeT(raw.length), out));
        return new Model(out.getValue());
    }

    // --- description -----------------------------------------------------------------------------

    public String id() {
        return id;
    }

    public String name() {
        return name;
    }

    /** Hex SHA-256 of the canonical JSON: the same for any formatting of the same model. */
    public String sha256() {
        return sha256;
    }

    /** Every node in model order (pre-order: the root first). */
    public List<Node> nodes() {
        return nodes;
    }

    public int nodeCount() {
        return nodes.size();
    }

    public List<String> nodeIds() {
        return nodes.stream().map(Node::id).toList();
    }

    public List<String> nodeNames() {
        return nodes.stream().map(Node::name).toList();
    }

    /** The parent id of every node; null for the root. */
    public List<String> nodeParents() {
        return nodes.stream().map(Node::parent).toList(); // Stream.toList keeps the root's null
    }

    /** The depth of every node: 0 for the root. */
    public List<Integer> nodeLevels() {
        return nodes.stream().map(Node::level).toList();
    }

    /** Position of a node in model order; InvalidArgumentException for an unknown id. */
    public int nodeIndex(String nodeId) {
        Integer index = nodeIndex.get(nodeId);
        if (index == null) {
            throw new InvalidArgumentException("model '" + id + "' has no node '" + nodeId + "'");
        }
        return index;
    }

    public List<String> indicatorIds() {
        return indicatorIds;
    }

    /** The data columns the model reads, in the order positional data (rows, flat arrays) must use. */
    public List<String> inputColumns() {
        return inputColumns;
    }

    /** Grade labels, best first. */
    public List<String> gradeLabels() {
        return gradeLabels;
    }

    // --- fit -------------------------------------------------------------------------------------

    /** Learns the data-dependent parameters (min/max, mean/sd) from `data` using all cores. */
    public Fitted fit(Dataset data) {
        return fit(data, 0);
    }

    /** As {@link #fit(Dataset)} with `threads` (0 = all cores); results do not depend on it. */
    public Fitted fit(Dataset data, int threads) {
        checkThreads(threads);
        try {
            PointerByReference out = new PointerByReference();
            Civiscore.check(Civiscore.c().civiscore_fit(handle(), data.handle(), threads, out));
            return new Fitted(out.getValue(), this);
        } finally {
            Reference.reachabilityFence(this);
            Reference.reachabilityFence(data);
        }
    }

    /** Fits on rows whose columns are {@link #inputColumns()}, in order; unitIds may be null. */
    public Fitted fit(double[][] rows, String[] unitIds) {
        try (Dataset data = Dataset.fromRows(rows, inputColumns, unitIds)) {
            return fit(data, 0);
        }
    }

    /** Fits on a CSV file with a "unit_id" column. */
    public Fitted fitCsv(Path csv) {
        try (Dataset data = Dataset.readCsv(csv, null)) {
            return fit(data, 0);
        }
    }

    /** Reads a fitted state saved with {@link Fitted#toJson()}; FittedStateException if it is for another model. */
    public Fitted fittedFromJson(String json) {
        return Fitted.fromJson(this, json);
    }

    // --- score -----------------------------------------------------------------------------------

    /** Scores every unit, fitting on `data` itself first. */
    public Result score(Dataset data) {
        return score(data, null, 0);
    }

    /** Scores every unit with a fitted state (null: fit on `data` first). */
    public Result score(Dataset data, Fitted fitted) {
        return score(data, fitted, 0);
    }

    /** Scores every unit with a fitted state (null: fit on `data`), `threads` (0 = all cores). */
    public Result score(Dataset data, Fitted fitted, int threads) {
        return score(data, fitted, threads, null);
    }

    /**
     * As {@link #score(Dataset, Fitted, int)}, keeping only some nodes' scores and coverage: for large
     * runs (a province of 10^6 units) that need only the index, or the index and its dimensions.
     *
     * <p>Each entry of `keep` is a node id, or a specification of comma-separated node ids and the
     * words "all", "groups" (every node that is not an indicator), "indicators" and "depth:N" (the root
     * and the nodes at most N levels below it: {@code List.of("depth:1")} = the index and its
     * dimensions). The root is always kept. Null or an empty list keeps every node (a plain score).
     * Ranks, grades, statuses, effective weights and the root are always complete, and the kept nodes'
     * values are bit for bit those of a full score; {@link Result#keptNodeIds()} lists the kept nodes,
     * and reading another node's scores or coverage (or {@link Result#scores()}, which has a column per
     * node) throws InvalidArgumentException naming it. An id or word the library does not know throws
     * InvalidArgumentException naming it. The result's writers ({@link Result#toJson()}, ...) write
     * only the kept nodes.
     */
    public Result score(Dataset data, Fitted fitted, int threads, List<String> keep) {
        checkThreads(threads);
        if (data == null) {
            throw new InvalidArgumentException("data must not be null");
        }
        byte[] options = Strings.utf8(keepOptionsJson(keep)); // a null entry fails before any work
        try {
            PointerByReference out = new PointerByReference();
            Pointer fittedHandle = fitted == null ? null : fitted.handle();
            if (options == null) {
                Civiscore.check(Civiscore.c().civiscore_score(handle(), fittedHandle, data.handle(),
                        threads, out));
            } else {
                Civiscore.check(Civiscore.c().civiscore_score_opts(handle(), fittedHandle, data.handle(),
                        options, threads, out));
            }
            return new Result(out.getValue(), this);
        } finally {
            Reference.reachabilityFence(this);
            Reference.reachabilityFence(fitted);
            Reference.reachabilityFence(data);
        }
    }

    /**
     * The options_json of civiscore_score_opts for `keep`: {"keep": [...]} with every entry a JSON
     * string; null for null or an empty list (every node). The library resolves the ids and words and
     * names any it does not know; here only null entries are refused.
     */
    static String keepOptionsJson(List<String> keep) {
        if (keep == null || keep.isEmpty()) {
            return null;
        }
        StringBuilder json = new StringBuilder("{\"keep\":[");
        for (int i = 0; i < keep.size(); i++) {
            String entry = keep.get(i);
            if (entry == null) {
                throw new InvalidArgumentException("keep entry " + (i + 1) + " is null: give node ids and words "
                        + "(all, groups, indicators, depth:N), or a null list for every node");
            }
            if (i > 0) {
                json.append(',');
            }
            appendJsonString(json, entry);
        }
        return json.append("]}").toString();
    }

    private static final String HEX = "0123456789abcdef";

    /** `text` as a JSON string: quote, backslash and control characters escaped; the rest as is (UTF-8 later). */
    static void appendJsonString(StringBuilder json, String text) {
        json.append('"');
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            switch (ch) {
                case '"': json.append("\\\""); break;
                case '\\': json.append("\\\\"); break;
                case '\n': json.append("\\n"); break;
                case '\r': json.append("\\r"); break;
                case '\t': json.append("\\t"); break;
                case '\b': json.append("\\b"); break;
                case '\f': json.append("\\f"); break;
                default:
                    if (ch < 0x20) {
                        json.append("\\u00").append(HEX.charAt(ch >> 4)).append(HEX.charAt(ch & 0xf));
                    } else {
                        json.append(ch);
                    }
            }
        }
        json.append('"');
    }

    /** Scores rows whose columns are {@link #inputColumns()}, in order; unitIds may be null ("1", "2", ...). */
    public Result score(double[][] rows, String[] unitIds) {
        return score(rows, unitIds, null, 0);
    }

    /** As {@link #score(double[][], String[])} with a fitted state (null: fit on the rows) and threads. */
    public Result score(double[][] rows, String[] unitIds, Fitted fitted, int threads) {
        try (Dataset data = Dataset.fromRows(rows, inputColumns, unitIds)) {
            return score(data, fitted, threads);
        }
    }

    /**
     * Scores a flat units x {@link #inputColumns()} matrix in `layout`; one unit per id, so
     * {@code values.length == unitIds.length * inputColumns().size()}.
     */
    public Result score(double[] values, String[] unitIds, Layout layout) {
        return score(values, unitIds, layout, null, 0);
    }

    /** As {@link #score(double[], String[], Layout)} with a fitted state (null: fit first) and threads. */
    public Result score(double[] values, String[] unitIds, Layout layout, Fitted fitted, int threads) {
        if (unitIds == null) {
            throw new InvalidArgumentException("unitIds must not be null: they give the number of units");
        }
        try (Dataset data = Dataset.fromMatrix(values, unitIds.length, inputColumns, layout, unitIds)) {
            return score(data, fitted, threads);
        }
    }

    /** Scores a CSV file with a "unit_id" column, fitting on it first. */
    public Result scoreCsv(Path csv) {
        return scoreCsv(csv, null);
    }

    /** Scores a CSV file with a "unit_id" column with a fitted state (null: fit on the file first). */
    public Result scoreCsv(Path csv, Fitted fitted) {
        try (Dataset data = Dataset.readCsv(csv, null)) {
            return score(data, fitted, 0);
        }
    }

    private static void checkThreads(int threads) {
        if (threads < 0) {
            throw new InvalidArgumentException("threads must be >= 0 (0 = all cores), not " + threads);
        }
    }

    // --- display ---------------------------------------------------------------------------------

    /** The tree, one node per line, indented by level; indicators marked with '*'. */
    public String tree() {
        StringBuilder text = new StringBuilder();
        for (Node node : nodes) {
            if (text.length() > 0) {
                text.append('\n');
            }
            text.append("  ".repeat(node.level())).append(node.isIndicator() ? "* " : "").append(node.id());
            if (!node.name().equals(node.id())) {
                text.append("  ").append(node.name());
            }
        }
        return text.toString();
    }

    @Override
    public String toString() {
        return "Model '" + id + "' " + name + ": " + nodes.size() + " nodes, " + indicatorIds.size()
                + " indicators, sha256 " + sha256.substring(0, Math.min(12, sha256.length()));
    }
}
