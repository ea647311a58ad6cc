package org.civiscore;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import java.lang.ref.Reference;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Scores of every unit (in data order) for every node (in model order), with statuses, ranks, grades,
 * coverage, effective weights and the SHA-256 of the model and fitted state that produced them.
 *
 * <p>Every array comes from the library in one call into a fresh Java array the caller owns. NaN is
 * a score that could not be computed. Immutable; share it between threads freely.
 *
 * <p>A result scored with a keep list ({@link Model#score(Dataset, Fitted, int, List)}) holds only the
 * scores and coverage of the kept nodes ({@link #keptNodeIds()}): reading another node's, or the
 * whole {@link #scores()} matrix, throws InvalidArgumentException naming it. Ranks, grades,
 * statuses and effective weights are always complete.
 */
public final class Result extends NativeHandle {
    private final Model model;
    private final int unitCount;
    private volatile List<String> unitIds; // read on first use: a run that needs only scores skips it
    private final String modelSha256;
    private final String fittedSha256;
    private final boolean[] kept;
    private final List<String> keptNodeIds;

    Result(Pointer pointer, Model model) {
        super(pointer, p -> Civiscore.c().civiscore_result_free(p), "result");
        this.model = model;
        CApi c = Civiscore.c();
        unitCount = Math.toIntExact(c.civiscore_result_unit_count(pointer).longValue());
        long nodeCount = c.civiscore_result_node_count(pointer).longValue();
        if (nodeCount != model.nodeCount()) {
            throw new InternalException("result has " + nodeCount + " nodes but model '" + model.id()
                    + "' has " + model.nodeCount());
        }
        kept = new boolean[model.nodeCount()];
        List<String> keptIds = new ArrayList<>();
        IntByReference flag = new IntByReference();
        for (int node = 0; node < kept.length; node++) {
            Civiscore.check(c.civiscore_result_node_kept(pointer, new SizeT(node), flag));
            kept[node] = flag.getValue() != 0;
            if (kept[node]) {
                keptIds.add(model.nodes().get(node).id());
            }
        }
        keptNodeIds = Collections.unmodifiableList(keptIds);
        modelSha256 = Strings.required(c.civiscore_result_model_sha256(pointer));
        fittedSha256 = Strings.required(c.civiscore_result_fitted_sha256(pointer));
    }

    // --- identity --------------------------------------------------------------------------------

    public Model model() {
        return model;
    }

    public int unitCount() {
        return unitCount;
    }

    public int nodeCount() {
        return model.nodeCount();
    }

    /** Unit ids in data order (unmodifiable), read from the library on first use. */
    public List<String> unitIds() {
        List<String> ids = unitIds;
        if (ids == null) { // two threads may both read them: the same ids, so either list will do
            try {
                Pointer handle = handle();
                ids = Collections.unmodifiableList(Buffers.readIds(unitCount, (buf, cap, len) ->
                        Civiscore.c().civiscore_result_unit_ids(handle, buf, cap, len)));
                unitIds = ids;
            } finally {
                Reference.reachabilityFence(this);
            }
        }
        return ids;
    }

    /** Node ids in model order: the columns of {@link #scores()}. */
    public List<String> nodeIds() {
        return model.nodeIds();
    }

    /**
     * The nodes whose scores and coverage the result holds, in model order: every node unless it was
     * scored with a keep list ({@link Model#score(Dataset, Fitted, int, List)}); always the root.
     */
    public List<String> keptNodeIds() {
        return keptNodeIds;
    }

    /** Whether the result holds `nodeId`'s scores and coverage; InvalidArgumentException for an unknown id. */
    public boolean kept(String nodeId) {
        return kept[model.nodeIndex(nodeId)];
    }

    /** Hex SHA-256 of the model's canonical JSON. */
    public String modelSha256() {
        return modelSha256;
    }

    /** Hex SHA-256 of the fitted state's canonical JSON. */
    public String fittedSha256() {
        return fittedSha256;
    }

    // --- values ----------------------------------------------------------------------------------

    /**
     * The scores of one node (by id) for every unit; NaN where it could not be scored.
     * InvalidArgumentException for an unknown id or a node the result did not keep.
     */
    public double[] nodeScores(String nodeId) {
        return nodeScores(model.nodeIndex(nodeId));
    }

    /** The scores of the node at `node` (model order) for every unit. */
    public double[] nodeScores(int node) {
        checkNode(node);
        requireKept(node);
        try {
            double[] out = new double[unitCount];
            Civiscore.check(Civiscore.c().civiscore_result_node_scores(handle(), new SizeT(node), out,
                    new SizeT(unitCount)));
            return out;
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    /** The root's score for every unit. */
    public double[] total() {
        return nodeScores(0);
    }

    /**
     * Units x nodes: {@code scores()[unit][node]}, nodes in model order. A result scored with a keep
     * list has no such matrix (InvalidArgumentException): read {@link #nodeScores(String)} per kept node.
     */
    public double[][] scores() {
        int nodes = nodeCount();
        double[] flat = scores(Layout.ROW_MAJOR);
        double[][] rows = new double[unitCount][];
        for (int i = 0; i < unitCount; i++) {
            rows[i] = new double[nodes];
            System.arraycopy(flat, i * nodes, rows[i], 0, nodes);
        }
        return rows;
    }

    /** All scores as one flat units x nodes array in `layout`. */
    public double[] scores(Layout layout) {
        if (keptNodeIds.size() != kept.length) {
            throw new InvalidArgumentException("scores() has a column per node, but this result kept only "
                    + String.join(", ", keptNodeIds) + " (scored with keep); read them with nodeScores, or "
                    + "score without keep");
        }
        try {
            int n = Math.multiplyExact(unitCount, nodeCount());
            double[] out = new double[n];
            if (n > 0) {
                Civiscore.check(Civiscore.c().civiscore_result_scores(handle(), layout.code, out,
                        new SizeT(n)));
            }
            return out;
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    /** The coverage of one node for every unit in [0, 1]; NaN where the whole node was not applicable. */
    public double[] nodeCoverage(String nodeId) {
        int node = model.nodeIndex(nodeId);
        requireKept(node);
        try {
            double[] out = new double[unitCount];
            Civiscore.check(Civiscore.c().civiscore_result_node_coverage(handle(), new SizeT(node), out,
                    new SizeT(unitCount)));
            return out;
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    /** The root's coverage for every unit: the weight share of its indicators that had data. */
    public double[] coverage() {
        return nodeCoverage(model.nodes().get(0).id());
    }

    /** Rank per unit: 1 = best, ties share the lowest rank (1, 2, 2, 4); <b>0 = unranked</b> (unscored). */
    public long[] ranks() {
        try {
            long[] out = new long[unitCount];
            Civiscore.check(Civiscore.c().civiscore_result_ranks(handle(), out, new SizeT(unitCount)));
            return out;
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    /** Index into {@link Model#gradeLabels()} per unit; -1 = no grade. */
    public int[] gradeIndices() {
        try {
            int[] out = new int[unitCount];
            Civiscore.check(Civiscore.c().civiscore_result_grades(handle(), out, new SizeT(unitCount)));
            return out;
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    /** Grade label per unit; null for no grade (unscored, or the model has no grades). */
    public String[] grades() {
        int[] indices = gradeIndices();
        List<String> labels = model.gradeLabels();
        String[] out = new String[unitCount];
        for (int i = 0; i < unitCount; i++) {
            out[i] = indices[i] < 0 ? null : labels.get(indices[i]);
        }
        return out;
    }

    /** Status per unit: OK, PARTIAL (some data missing) or UNSCORED. */
    public UnitStatus[] statuses() {
        try {
            int[] raw = new int[unitCount];
            Civiscore.check(Civiscore.c().civiscore_result_statuses(handle(), raw, new SizeT(unitCount)));
            UnitStatus[] out = new UnitStatus[unitCount];
            for (int i = 0; i < unitCount; i++) {
                out[i] = UnitStatus.of(raw[i]);
            }
            return out;
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    /** Effective weight of every indicator in the root score (indicator order; they sum to 1). */
    public Map<String, Double> effectiveWeights() {
        List<String> indicators = model.indicatorIds();
        try {
            double[] raw = new double[indicators.size()];
            Civiscore.check(Civiscore.c().civiscore_result_effective_weights(handle(), raw,
                    new SizeT(raw.length)));
            Map<String, Double> out = new LinkedHashMap<>();
            for (int i = 0; i < raw.length; i++) {
                out.put(indicators.get(i), raw[i]);
            }
            return Collections.unmodifiableMap(out);
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    // --- output ----------------------------------------------------------------------------------

    /** The result in `format` (docs/output-formats.md), the same text the CLI writes. */
    public String toString(Format format) {
        try {
            Pointer handle = handle();
            return Buffers.readString((buf, cap, len) ->
                    Civiscore.c().civiscore_result_write_string(handle, format.code, buf, cap, len));
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    public String toJson() {
        return toString(Format.JSON);
    }

    public String toCsv() {
        return toString(Format.CSV);
    }

    public String toTable() {
        return toString(Format.TABLE);
    }

    /** Writes the result to a file (created or truncated); FileException if it cannot be written. */
    public void write(Path path, Format format) {
        try {
            Civiscore.check(Civiscore.c().civiscore_result_write_file(handle(), format.code,
                    Strings.utf8(path.toString())));
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    private void checkNode(int node) {
        if (node < 0 || node >= nodeCount()) {
            throw new InvalidArgumentException("node index " + node + " out of range: model '" + model.id()
                    + "' has " + nodeCount() + " nodes");
        }
    }

    /** InvalidArgumentException naming a node the result did not keep (clearer than the C message). */
    private void requireKept(int node) {
        if (!kept[node]) {
            throw new InvalidArgumentException("node '" + model.nodes().get(node).id() + "' was not kept in "
                    + "this result (scored with keep, keeping " + String.join(", ", keptNodeIds)
                    + "); score again with a keep that includes it");
        }
    }

    @Override
    public String toString() {
        return "Result of model '" + model.id() + "': " + unitCount + " units"
                + (isClosed() ? " (closed)" : "");
    }
}
