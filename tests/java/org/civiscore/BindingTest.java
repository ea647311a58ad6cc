package org.civiscore;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Tests of the Java binding, run by ctest (tests/java/run_java_tests.sh): a plain main-class runner so
 * nothing has to be downloaded. Every check compares with numbers the binding did not compute: the
 * CLI's JSON output for the sanshe example (the CLI links the engine statically, not through the C
 * ABI), or hand arithmetic for the small Chinese model.
 *
 * Arguments: the repository root. Environment: CIVISCORE_CLI = the civiscore executable.
 */
public final class BindingTest {
    private static Path root;
    private static Path modelPath;
    private static Path csvPath;
    private static Map<String, Object> cliJson;
    private static int failures;
    private static int checks;

    // A three-unit model with Chinese ids, names and grades; expected numbers worked out by hand below.
    static final String CHINESE_MODEL = "{\"civiscore_model\":1,\"id\":\"小模型\",\"name\":\"社区服务评估\","
            + "\"grades\":[{\"label\":\"优秀\",\"min\":90},{\"label\":\"合格\",\"min\":60},{\"label\":\"不合格\"}],"
            + "\"root\":{\"id\":\"总分\",\"name\":\"总分\",\"children\":["
            + "{\"id\":\"满意度\",\"name\":\"居民满意度\",\"weight\":0.5,\"rule\":{\"type\":\"goalposts\",\"worst\":50,\"best\":90}},"
            + "{\"id\":\"会议\",\"name\":\"联席会议次数\",\"weight\":0.5,\"rule\":{\"type\":\"target\",\"target\":4}}]}}";

    public static void main(String[] args) throws Exception {
        root = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath();
        modelPath = root.resolve("examples/sanshe/model.json");
        csvPath = root.resolve("examples/sanshe/communities.csv");
        cliJson = asMap(MiniJson.parse(runCli("score", "--model", modelPath.toString(), "--data",
                csvPath.toString(), "--format", "json")));

        run("library version", BindingTest::testVersion);
        run("model description equals the CLI's", BindingTest::testModelDescription);
        run("score a CSV path equals the CLI", BindingTest::testScoreCsv);
        run("score double[][] rows equals the CLI", BindingTest::testScoreRows);
        run("score a flat column-major double[] equals the CLI", BindingTest::testScoreFlat);
        run("toJson equals the CLI output byte for byte", BindingTest::testToJsonEqualsCli);
        run("fit, save, restore, score", BindingTest::testFittedRoundTrip);
        run("Chinese names, ids and grades round-trip", BindingTest::testChinese);
        run("unit ids round-trip: Chinese, commas, quotes, newlines, long ids", BindingTest::testUnitIds);
        run("a NUL in a unit or column id: InvalidArgumentException naming it", BindingTest::testNulInId);
        run("invalid model: ModelException with the JSON pointer", BindingTest::testInvalidModel);
        run("missing column: DataException naming it", BindingTest::testMissingColumn);
        run("other errors map to their classes", BindingTest::testOtherErrors);
        run("8 threads share one model", BindingTest::testConcurrent);
        run("score with keep depth:1: kept nodes bit for bit, the rest refused", BindingTest::testKeepDepth);
        run("keep: unknown words, escaped ids, groups, null and empty lists", BindingTest::testKeepOptions);

        System.out.println(checks + " checks, " + failures + " failures");
        System.exit(failures == 0 ? 0 : 1);
    }

    // --- tests -----------------------------------------------------------------------------------

    static void testVersion() {
        check(Civiscore.libraryVersion().equals(Civiscore.BINDING_VERSION), "library version "
                + Civiscore.libraryVersion() + " vs binding " + Civiscore.BINDING_VERSION);
        check(cliJson.get("civiscore_version").equals(Civiscore.libraryVersion()), "CLI version");
    }

    static void testModelDescription() {
        try (Model model = Model.fromFile(modelPath)) {
            Map<String, Object> cliModel = asMap(cliJson.get("model"));
            check(model.sha256().equals(cliModel.get("sha256")), "sha256");
            check(model.id().equals(cliModel.get("id")), "model id");
            List<Object> nodes = asList(cliJson.get("nodes"));
            check(model.nodeCount() == nodes.size(), "node count " + model.nodeCount());
            // The reference system is 5-13-42: 1 root + 5 + 13 + 42 nodes.
            check(model.nodeCount() == 61, "61 nodes");
            check(model.indicatorIds().size() == 42, "42 indicators");
            for (int i = 0; i < nodes.size(); i++) {
                Map<String, Object> cli = asMap(nodes.get(i));
                Node node = model.nodes().get(i);
                check(node.id().equals(cli.get("id")) && node.name().equals(cli.get("name"))
                        && java.util.Objects.equals(node.parent(), cli.get("parent"))
                        && node.level() == ((Double) cli.get("level")).intValue()
                        && model.nodeIds().get(i).equals(node.id())
                        && model.nodeNames().get(i).equals(node.name())
                        && java.util.Objects.equals(model.nodeParents().get(i), node.parent())
                        && model.nodeLevels().get(i) == node.level(), "node " + i + " " + node);
            }
            Node d1 = model.nodes().get(model.nodeIndex("D1"));
            check(d1.name().equals("联动机制建设"), "D1 name: " + d1.name());
            check(model.nodeParents().get(0) == null, "root has no parent");
            check(model.gradeLabels().get(0).equals("优秀"), "best grade: " + model.gradeLabels());
            check(model.inputColumns().contains("I40_mismatch") && model.inputColumns().contains("I01"),
                    "input columns " + model.inputColumns());
            expectThrows(InvalidArgumentException.class, () -> model.nodeIndex("nope"), "no node 'nope'");
        }
    }

    static void testScoreCsv() {
        try (Model model = Model.fromFile(modelPath); Result result = model.scoreCsv(csvPath)) {
            compareWithCli(model, result, "csv");
        }
    }

    static void testScoreRows() throws IOException {
        try (Model model = Model.fromFile(modelPath)) {
            Table table = readCsv(csvPath, model.inputColumns());
            try (Result result = model.score(table.rows, table.unitIds)) {
                compareWithCli(model, result, "rows");
            }
        }
    }

    static void testScoreFlat() throws IOException {
        try (Model model = Model.fromFile(modelPath)) {
            Table table = readCsv(csvPath, model.inputColumns());
            int units = table.rows.length;
            int columns = model.inputColumns().size();
            double[] flat = new double[units * columns];
            for (int i = 0; i < units; i++) {
                for (int j = 0; j < columns; j++) {
                    flat[j * units + i] = table.rows[i][j];
                }
            }
            try (Result result = model.score(flat, table.unitIds, Layout.COL_MAJOR)) {
                compareWithCli(model, result, "flat");
                // The full matrix in both layouts agrees with the per-node getter.
                double[][] scores = result.scores();
                double[] colMajor = result.scores(Layout.COL_MAJOR);
                double[] d1 = result.nodeScores("D1");
                int d1Index = model.nodeIndex("D1");
                boolean same = true;
                for (int i = 0; i < units; i++) {
                    same &= same(scores[i][d1Index], d1[i]) && same(colMajor[d1Index * units + i], d1[i]);
                }
                check(same, "scores() and scores(COL_MAJOR) agree with nodeScores(\"D1\")");
            }
            expectThrows(InvalidArgumentException.class,
                    () -> model.score(Arrays.copyOf(flat, flat.length - 1), table.unitIds, Layout.ROW_MAJOR),
                    "elements");
        }
    }

    static void testToJsonEqualsCli() {
        String cli = runCli("score", "--model", modelPath.toString(), "--data", csvPath.toString(),
                "--format", "json");
        String csv = runCli("score", "--model", modelPath.toString(), "--data", csvPath.toString(),
                "--format", "csv");
        try (Model model = Model.fromFile(modelPath); Result result = model.scoreCsv(csvPath)) {
            check(result.toJson().equals(cli), "toJson() == CLI --format json");
            check(result.toCsv().equals(csv), "toCsv() == CLI --format csv");
            check(result.toTable().contains("联动机制") || result.toTable().contains("D1"), "table");
        }
    }

    static void testFittedRoundTrip() throws IOException {
        Path dir = Files.createTempDirectory("civiscore-java");
        Path cliFitted = dir.resolve("fitted.json");
        runCli("fit", "--model", modelPath.toString(), "--data", csvPath.toString(), "--out",
                cliFitted.toString());
        try (Model model = Model.fromFile(modelPath); Fitted fitted = model.fitCsv(csvPath)) {
            String json = fitted.toJson();
            check(json.equals(Files.readString(cliFitted, StandardCharsets.UTF_8).strip()),
                    "Fitted.toJson() == CLI fit output");
            try (Fitted restored = model.fittedFromJson(json);
                 Result withFitted = model.scoreCsv(csvPath, restored);
                 Result direct = model.scoreCsv(csvPath)) {
                check(withFitted.fittedSha256().equals(direct.fittedSha256()), "fitted sha256");
                check(withFitted.fittedSha256().equals(cliJson.get("fitted_sha256")), "fitted sha256 vs CLI");
                check(Arrays.equals(withFitted.scores(Layout.ROW_MAJOR), direct.scores(Layout.ROW_MAJOR)),
                        "scores with the restored state == scores fitted on the fly");
            }
        } finally {
            Files.deleteIfExists(cliFitted);
            Files.deleteIfExists(dir);
        }
    }

    static void testChinese() throws IOException {
        try (Model model = Model.fromJson(CHINESE_MODEL)) {
            check(model.id().equals("小模型") && model.name().equals("社区服务评估"), "model id and name");
            check(model.nodeIds().equals(List.of("总分", "满意度", "会议")), "node ids " + model.nodeIds());
            check(model.nodeNames().equals(List.of("总分", "居民满意度", "联席会议次数")), "node names");
            check(model.gradeLabels().equals(List.of("优秀", "合格", "不合格")), "grades " + model.gradeLabels());
            check(model.inputColumns().equals(List.of("满意度", "会议")), "columns " + model.inputColumns());
            // 满意度 goalposts 50→0, 90→100: 90→100, 70→50, 80→75. 会议 target 4: 4→100, 2→50, 3→75.
            // Total = 0.5 * each: 100 (优秀, rank 1), 50 (不合格, rank 3), 75 (合格, rank 2).
            String[] units = {"东城社区", "西城社区", "南城社区"};
            double[][] rows = {{90, 4}, {70, 2}, {80, 3}};
            try (Result result = model.score(rows, units)) {
                check(result.unitIds().equals(List.of(units)), "unit ids " + result.unitIds());
                check(Arrays.equals(result.grades(), new String[] {"优秀", "不合格", "合格"}),
                        "grades " + Arrays.toString(result.grades()));
                check(Arrays.equals(result.ranks(), new long[] {1, 3, 2}), "ranks");
                double[] total = result.total();
                check(near(total[0], 100) && near(total[1], 50) && near(total[2], 75),
                        "totals " + Arrays.toString(total));
                check(result.effectiveWeights().equals(Map.of("满意度", 0.5, "会议", 0.5)),
                        "weights " + result.effectiveWeights());
                String csv = result.toCsv();
                check(csv.startsWith("unit_id,status,总分,满意度,会议,rank,grade\n东城社区,ok,100,100,100,1,优秀\n"),
                        "CSV in UTF-8: " + csv);
                // A CSV path with Chinese in it, and Chinese unit ids in the file.
                Path dir = Files.createTempDirectory("社区-java");
                Path file = dir.resolve("数据.csv");
                Files.writeString(file, "编号,满意度,会议\n东城社区,90,4\n", StandardCharsets.UTF_8);
                try (Dataset data = Dataset.readCsv(file, "编号"); Result fromFile = model.score(data)) {
                    check(fromFile.unitIds().equals(List.of("东城社区")) && fromFile.grades()[0].equals("优秀"),
                            "Chinese path, id column and unit id");
                } finally {
                    Files.deleteIfExists(file);
                    Files.deleteIfExists(dir);
                }
            }
        }
        // The sanshe example's grades come back as the CLI writes them (compared unit by unit above);
        // make sure 优秀 is among them so the comparison covered a Chinese label.
        try (Model model = Model.fromFile(modelPath); Result result = model.scoreCsv(csvPath)) {
            check(Arrays.asList(result.grades()).contains("优秀"), "sanshe has 优秀 units");
        }
    }

    static void testUnitIds() {
        // Ids pass in as one UTF-8 block with a pointer to each and come back in one NUL-separated
        // buffer: every text that might shift an offset (multi-byte, 4-byte, escapes, long).
        List<String> special = List.of("东城社区", "a,b", "\"quoted\"", "it's", "line\nbreak", "cr\r\ttab",
                " spaced ", "𝄞 outside the BMP", "中".repeat(5000) + "x".repeat(10000), "C0000001");
        List<String> ids = new ArrayList<>(special);
        for (int i = 0; i < 20000; i++) { // enough units for a wrong offset to land on another id
            ids.add(i % 3 == 0 ? "社区" + i : "C" + i);
        }
        double[][] rows = new double[ids.size()][];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = new double[] {50 + i % 40, i % 5};
        }
        try (Model model = Model.fromJson(CHINESE_MODEL);
             Dataset data = Dataset.fromRows(rows, model.inputColumns(), ids.toArray(new String[0]));
             Result result = model.score(data)) {
            check(data.unitIds().equals(ids), "dataset unit ids " + firstDifference(data.unitIds(), ids));
            check(result.unitIds().equals(ids), "result unit ids " + firstDifference(result.unitIds(), ids));
            check(result.unitIds().equals(data.unitIds()), "result ids == dataset ids");
            // The one-id-per-call functions read what C stored, independently of the bulk reader.
            CApi c = Civiscore.c();
            List<String> stored = new ArrayList<>();
            List<String> scored = new ArrayList<>();
            for (int i = 0; i < ids.size(); i++) {
                stored.add(Strings.required(c.civiscore_dataset_unit_id(data.handle(), new SizeT(i))));
                scored.add(Strings.required(c.civiscore_result_unit_id(result.handle(), new SizeT(i))));
            }
            check(stored.equals(ids), "ids as C stored them " + firstDifference(stored, ids));
            check(scored.equals(ids), "ids as the C result holds them " + firstDifference(scored, ids));
            check(result.toCsv().contains("\n\"a,b\",") && result.toCsv().contains("\n\"line\nbreak\","),
                    "CSV quotes the ids with a comma and a newline");
        }
        try (Model model = Model.fromJson(CHINESE_MODEL);
             Dataset numbered = Dataset.fromRows(new double[][] {{90, 4}, {70, 2}}, model.inputColumns(), null);
             Result result = model.score(numbered)) {
            check(numbered.unitIds().equals(List.of("1", "2")) && result.unitIds().equals(List.of("1", "2")),
                    "null ids: row numbers " + numbered.unitIds() + " " + result.unitIds());
        }
    }

    static void testNulInId() {
        try (Model model = Model.fromJson(CHINESE_MODEL)) {
            double[][] rows = {{90, 4}, {70, 2}, {80, 3}};
            // A trailing NUL is the silent case: C would see the valid id "东城".
            for (String bad : List.of("东城\0", "a\0b", "\0")) {
                String[] ids = {"first", "second", bad};
                String named = "unit id '" + bad.replace("\0", "\\0") + "' (unit 3) contains a NUL character";
                InvalidArgumentException e = expectThrows(InvalidArgumentException.class,
                        () -> Dataset.fromRows(rows, model.inputColumns(), ids), named);
                check(e != null && e.status() == Status.INVALID_ARGUMENT, "status of " + named);
                expectThrows(InvalidArgumentException.class, () -> model.score(rows, ids), named);
            }
            expectThrows(InvalidArgumentException.class,
                    () -> Dataset.fromRows(rows, List.of("满意度", "会议\0"), null),
                    "column id '会议\\0' (column 2) contains a NUL character");
            // Rows and units are counted from 1 in messages, as in the library's.
            expectThrows(InvalidArgumentException.class,
                    () -> Dataset.fromRows(new double[][] {{90, 4}, {70}}, model.inputColumns(), null),
                    "row 2 has 1 values, expected 2");
            expectThrows(InvalidArgumentException.class,
                    () -> Dataset.fromRows(rows, model.inputColumns(), new String[] {"a", null, "c"}),
                    "unit 2 has a null id");
            // Paths and column names reach C NUL-terminated: refused before C reads them cut short.
            expectThrows(InvalidArgumentException.class, () -> Model.fromFile("model.json\0.bak"),
                    "'model.json\\0.bak' contains a NUL character, where C would end it");
            expectThrows(InvalidArgumentException.class,
                    () -> Dataset.readCsv(java.nio.file.Path.of("data.csv"), "unit\0id"),
                    "'unit\\0id' contains a NUL character, where C would end it");
        }
    }

    /** The first index where two id lists differ, for a failure message that does not print 20000 ids. */
    static String firstDifference(List<String> actual, List<String> expected) {
        for (int i = 0; i < Math.min(actual.size(), expected.size()); i++) {
            if (!actual.get(i).equals(expected.get(i))) {
                return "differ at " + i + ": " + abbreviate(actual.get(i)) + " vs " + abbreviate(expected.get(i));
            }
        }
        return actual.size() + " ids vs " + expected.size();
    }

    static String abbreviate(String text) {
        return text.length() <= 40 ? "'" + text + "'" : "'" + text.substring(0, 40) + "...' (" + text.length() + ")";
    }

    static void testInvalidModel() {
        String bad = CHINESE_MODEL.replace("\"weight\":0.5,\"rule\":{\"type\":\"goalposts\"",
                "\"weight\":-1,\"rule\":{\"type\":\"goalposts\"");
        check(!bad.equals(CHINESE_MODEL), "the invalid model differs");
        ModelException e = expectThrows(ModelException.class, () -> Model.fromJson(bad),
                "/root/children/0/weight");
        check(e != null && e.status() == Status.MODEL, "status 2");
    }

    static void testMissingColumn() {
        try (Model model = Model.fromFile(modelPath)) {
            List<String> columns = new ArrayList<>(model.inputColumns());
            columns.remove("I07");
            double[][] rows = {new double[columns.size()]};
            try (Dataset data = Dataset.fromRows(rows, columns, new String[] {"u1"})) {
                DataException e = expectThrows(DataException.class, () -> model.score(data), "I07");
                check(e != null && e.status() == Status.DATA, "status 3");
            }
            expectThrows(InvalidArgumentException.class,
                    () -> model.score(new double[][] {{1, 2}}, null), "expected " + model.inputColumns().size());
        }
    }

    static void testOtherErrors() {
        expectThrows(FileException.class, () -> Model.fromFile("/nonexistent/模型.json"), "模型.json");
        try (Model sanshe = Model.fromFile(modelPath); Model small = Model.fromJson(CHINESE_MODEL);
             Fitted fitted = small.fit(new double[][] {{90, 4}, {70, 2}}, null)) {
            expectThrows(FittedStateException.class, () -> sanshe.fittedFromJson(fitted.toJson()), "");
            Model closed = Model.fromJson(CHINESE_MODEL);
            closed.close();
            closed.close(); // idempotent
            check(closed.isClosed(), "closed");
            expectThrows(InvalidArgumentException.class, () -> closed.score(new double[][] {{1, 1}}, null),
                    "closed");
            expectThrows(InvalidArgumentException.class, () -> small.score(new double[][] {{1, 1}}, null, null, -1),
                    "threads");
        }
    }

    static void testConcurrent() throws Exception {
        try (Model model = Model.fromFile(modelPath)) {
            Table table = readCsv(csvPath, model.inputColumns());
            double[] reference;
            try (Result single = model.score(table.rows, table.unitIds, null, 1)) {
                reference = single.scores(Layout.ROW_MAJOR);
            }
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Future<String>> futures = new ArrayList<>();
                for (int t = 0; t < 8; t++) {
                    final int thread = t;
                    futures.add(pool.submit(() -> {
                        for (int round = 0; round < 5; round++) {
                            try (Result result = model.score(table.rows, table.unitIds, null, 2)) {
                                if (!Arrays.equals(result.scores(Layout.ROW_MAJOR), reference)) {
                                    return "thread " + thread + " round " + round + ": scores differ";
                                }
                            }
                            // Each thread's error names its own column: messages are per thread.
                            String missing = model.inputColumns().get(thread);
                            List<String> columns = new ArrayList<>(model.inputColumns());
                            columns.remove(missing);
                            try (Dataset data = Dataset.fromRows(new double[][] {new double[columns.size()]},
                                    columns, null)) {
                                model.score(data).close();
                                return "thread " + thread + ": no error for missing " + missing;
                            } catch (DataException e) {
                                if (!e.getMessage().contains(missing)) {
                                    return "thread " + thread + ": message for " + missing + " is: "
                                            + e.getMessage();
                                }
                            }
                        }
                        return null;
                    }));
                }
                for (Future<String> future : futures) {
                    String problem = future.get();
                    check(problem == null, problem == null ? "thread ok" : problem);
                }
            } finally {
                pool.shutdown();
            }
        }
    }

    static void testKeepDepth() {
        try (Model model = Model.fromFile(modelPath); Dataset data = Dataset.readCsv(csvPath, null);
             Result full = model.score(data, null, 0);
             Result kept = model.score(data, null, 3, List.of("depth:1"))) {
            List<String> expected = model.nodes().stream().filter(n -> n.level() <= 1).map(Node::id).toList();
            check(expected.size() == 6, "sanshe: the root and 5 dimensions, " + expected);
            check(kept.keptNodeIds().equals(expected), "keptNodeIds " + kept.keptNodeIds());
            check(full.keptNodeIds().equals(model.nodeIds()), "a full result keeps every node");
            for (Node node : model.nodes()) {
                check(kept.kept(node.id()) == (node.level() <= 1), "kept(" + node.id() + ")");
                check(full.kept(node.id()), "full kept(" + node.id() + ")");
            }
            for (String id : expected) {
                check(sameBits(kept.nodeScores(id), full.nodeScores(id)), "scores of " + id + " bit for bit");
                check(sameBits(kept.nodeCoverage(id), full.nodeCoverage(id)), "coverage of " + id + " bit for bit");
                check(sameBits(kept.nodeScores(model.nodeIndex(id)), full.nodeScores(id)), "scores of node index of " + id);
            }
            check(sameBits(kept.total(), full.total()) && sameBits(kept.coverage(), full.coverage()), "total, coverage");
            check(Arrays.equals(kept.ranks(), full.ranks()), "ranks");
            check(Arrays.equals(kept.gradeIndices(), full.gradeIndices())
                    && Arrays.equals(kept.grades(), full.grades()), "grades");
            check(Arrays.equals(kept.statuses(), full.statuses()), "statuses");
            check(kept.effectiveWeights().equals(full.effectiveWeights()), "effective weights");
            check(kept.unitIds().equals(full.unitIds()) && kept.fittedSha256().equals(full.fittedSha256()),
                    "unit ids, fitted sha256");
            // The writers write only the kept nodes: the CLI's --keep output, byte for byte.
            check(kept.toJson().equals(runCli("score", "--model", modelPath.toString(), "--data",
                    csvPath.toString(), "--keep", "depth:1", "--format", "json")), "toJson() == CLI --keep depth:1");

            String indicator = model.indicatorIds().get(0);
            check(!kept.kept(indicator), indicator + " not kept");
            expectThrows(InvalidArgumentException.class, () -> kept.nodeScores(indicator), "'" + indicator + "'");
            expectThrows(InvalidArgumentException.class, () -> kept.nodeScores(model.nodeIndex(indicator)),
                    "'" + indicator + "'");
            expectThrows(InvalidArgumentException.class, () -> kept.nodeCoverage(indicator), "'" + indicator + "'");
            expectThrows(InvalidArgumentException.class, kept::scores, "kept only");
            expectThrows(InvalidArgumentException.class, () -> kept.kept("nope"), "no node 'nope'");
            // The library refuses too (the binding's own check above only words it for Java).
            double[] out = new double[kept.unitCount()];
            int node = model.nodeIndex(indicator);
            expectThrows(InvalidArgumentException.class, () -> Civiscore.check(Civiscore.c()
                    .civiscore_result_node_scores(kept.handle(), new SizeT(node), out, new SizeT(out.length))),
                    "'" + indicator + "') was not kept");
        }
    }

    static void testKeepOptions() {
        try (Model model = Model.fromFile(modelPath); Dataset data = Dataset.readCsv(csvPath, null);
             Result full = model.score(data)) {
            InvalidArgumentException e = expectThrows(InvalidArgumentException.class,
                    () -> model.score(data, null, 0, List.of("nosuchnode")), "nosuchnode");
            check(e != null && e.status() == Status.INVALID_ARGUMENT && e.getMessage().contains("keep"),
                    "unknown word: " + (e == null ? null : e.getMessage()));
            expectThrows(InvalidArgumentException.class, () -> model.score(data, null, 0, List.of("depth:x")),
                    "depth:x");
            // Ids with JSON's special characters arrive as written: an unknown node named in the
            // message, never a JSON parse error.
            for (String id : List.of("a\"b", "c\\d", "e\nf", "无此节点")) {
                InvalidArgumentException bad = expectThrows(InvalidArgumentException.class,
                        () -> model.score(data, null, 0, List.of("D1", id)), "'" + id + "'");
                check(bad != null && !bad.getMessage().contains("not valid JSON"),
                        "escaped " + id + ": " + (bad == null ? null : bad.getMessage()));
            }
            expectThrows(InvalidArgumentException.class, () -> model.score(data, null, 0,
                    Arrays.asList("D1", null)), "keep entry 2 is null");
            try (Result groups = model.score(data, null, 0, List.of("groups"))) {
                List<String> expected = model.nodes().stream().filter(n -> !n.isIndicator()).map(Node::id).toList();
                check(groups.keptNodeIds().equals(expected) && expected.size() == 19,
                        "groups keeps every non-indicator node: " + groups.keptNodeIds());
                for (String id : expected) {
                    check(sameBits(groups.nodeScores(id), full.nodeScores(id)), "groups: scores of " + id);
                }
            }
            try (Result list = model.score(data, null, 0, List.of("D1", "D2,I01"))) {
                List<String> named = List.of(model.nodeIds().get(0), "D1", "D2", "I01");
                check(list.keptNodeIds().equals(model.nodeIds().stream().filter(named::contains).toList()),
                        "ids and a comma list, in model order: " + list.keptNodeIds());
            }
            try (Result none = model.score(data, null, 0, null); Result empty = model.score(data, null, 0, List.of())) {
                check(none.keptNodeIds().equals(model.nodeIds()) && empty.keptNodeIds().equals(model.nodeIds()),
                        "null and empty keep every node");
                check(Arrays.equals(none.scores(Layout.ROW_MAJOR), full.scores(Layout.ROW_MAJOR))
                        && Arrays.equals(empty.scores(Layout.ROW_MAJOR), full.scores(Layout.ROW_MAJOR)),
                        "null and empty: the full matrix");
            }
        }
        // A Chinese id through an ASCII platform charset: the options are UTF-8 whatever the JVM says.
        try (Model model = Model.fromJson(CHINESE_MODEL);
             Dataset data = Dataset.fromRows(new double[][] {{90, 4}, {70, 2}}, model.inputColumns(), null);
             Result result = model.score(data, null, 0, List.of("满意度"))) {
            check(result.keptNodeIds().equals(List.of("总分", "满意度")), "Chinese keep " + result.keptNodeIds());
            check(!result.kept("会议") && near(result.nodeScores("满意度")[1], 50), "Chinese kept scores");
        }
        // The options text itself (checked last: the library checks above must run whatever it does).
        check("{\"keep\":[\"a\\\"b\",\"c\\\\d\",\"\\n\\t\\u0001\\u001f\",\"中\"]}".equals(
                Model.keepOptionsJson(List.of("a\"b", "c\\d", "\n\t\u0001\u001f", "中"))),
                "keepOptionsJson escapes: " + Model.keepOptionsJson(List.of("a\"b", "c\\d", "\n\t\u0001\u001f", "中")));
        check(MiniJson.parse(Model.keepOptionsJson(List.of("a\"b", "c\\d", "\n\u0001", "中")))
                .equals(Map.of("keep", List.of("a\"b", "c\\d", "\n\u0001", "中"))), "keepOptionsJson round-trips");
        check(Model.keepOptionsJson(null) == null && Model.keepOptionsJson(List.of()) == null, "null/empty: no options");
    }

    /** Bit for bit, NaN payloads included. */
    static boolean sameBits(double[] a, double[] b) {
        if (a.length != b.length) {
            return false;
        }
        for (int i = 0; i < a.length; i++) {
            if (Double.doubleToRawLongBits(a[i]) != Double.doubleToRawLongBits(b[i])) {
                return false;
            }
        }
        return true;
    }

    // --- comparison with the CLI -----------------------------------------------------------------

    static void compareWithCli(Model model, Result result, String what) {
        List<Object> units = asList(cliJson.get("units"));
        check(result.unitCount() == units.size(), what + ": " + result.unitCount() + " units vs " + units.size());
        check(result.modelSha256().equals(asMap(cliJson.get("model")).get("sha256")), what + ": model sha256");
        check(result.fittedSha256().equals(cliJson.get("fitted_sha256")), what + ": fitted sha256");
        double[][] scores = result.scores();
        long[] ranks = result.ranks();
        String[] grades = result.grades();
        UnitStatus[] statuses = result.statuses();
        double[] coverage = result.coverage();
        List<String> nodeIds = model.nodeIds();
        int mismatches = 0;
        String first = null;
        for (int i = 0; i < units.size(); i++) {
            Map<String, Object> unit = asMap(units.get(i));
            Map<String, Object> cliScores = asMap(unit.get("scores"));
            List<String> problems = new ArrayList<>();
            if (!result.unitIds().get(i).equals(unit.get("id"))) {
                problems.add("id");
            }
            if (!statuses[i].label().equals(unit.get("status"))) {
                problems.add("status");
            }
            Object rank = unit.get("rank");
            if (ranks[i] != (rank == null ? 0 : ((Double) rank).longValue())) {
                problems.add("rank " + ranks[i] + " vs " + rank);
            }
            if (!java.util.Objects.equals(grades[i], unit.get("grade"))) {
                problems.add("grade " + grades[i] + " vs " + unit.get("grade"));
            }
            if (!close(coverage[i], unit.get("coverage"))) {
                problems.add("coverage");
            }
            for (int j = 0; j < nodeIds.size(); j++) {
                if (!close(scores[i][j], cliScores.get(nodeIds.get(j)))) {
                    problems.add("score of " + nodeIds.get(j) + " " + scores[i][j] + " vs "
                            + cliScores.get(nodeIds.get(j)));
                }
            }
            if (!problems.isEmpty()) {
                mismatches++;
                if (first == null) {
                    first = unit.get("id") + ": " + problems;
                }
            }
        }
        check(mismatches == 0, what + ": " + mismatches + " units differ from the CLI; first " + first);
        Map<String, Object> cliWeights = asMap(cliJson.get("effective_weights"));
        Map<String, Double> weights = result.effectiveWeights();
        boolean sameWeights = weights.keySet().equals(cliWeights.keySet());
        for (Map.Entry<String, Double> entry : weights.entrySet()) {
            sameWeights &= close(entry.getValue(), cliWeights.get(entry.getKey()));
        }
        check(sameWeights, what + ": effective weights");
        // The example has all three statuses, so the comparison above covered each.
        check(Arrays.asList(statuses).containsAll(List.of(UnitStatus.values())), what + ": all statuses seen");
    }

    /** Within 1e-12, with NaN matching JSON null. */
    static boolean close(double value, Object cli) {
        if (cli == null) {
            return Double.isNaN(value);
        }
        return Math.abs(value - (Double) cli) <= 1e-12;
    }

    static boolean same(double a, double b) {
        return Double.compare(a, b) == 0;
    }

    static boolean near(double a, double b) {
        return Math.abs(a - b) <= 1e-9;
    }

    // --- helpers ---------------------------------------------------------------------------------

    /** The CSV as rows in `columns` order: empty = NaN, true/false = 1/0 (the example has no quotes). */
    static final class Table {
        double[][] rows;
        String[] unitIds;
    }

    static Table readCsv(Path path, List<String> columns) throws IOException {
        List<String> lines = Files.readAllLines(path, StandardCharsets.UTF_8);
        String[] header = lines.get(0).split(",", -1);
        Map<String, Integer> at = new HashMap<>();
        for (int j = 0; j < header.length; j++) {
            at.put(header[j], j);
        }
        Table table = new Table();
        table.rows = new double[lines.size() - 1][];
        table.unitIds = new String[lines.size() - 1];
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.indexOf('"') >= 0) {
                throw new IllegalStateException("the test reader does not handle quoted CSV: line " + (i + 1));
            }
            String[] cells = line.split(",", -1);
            table.unitIds[i - 1] = cells[at.get("unit_id")];
            double[] row = new double[columns.size()];
            for (int j = 0; j < columns.size(); j++) {
                String cell = cells[at.get(columns.get(j))].trim();
                row[j] = cell.isEmpty() ? Double.NaN
                        : cell.equals("true") ? 1 : cell.equals("false") ? 0 : Double.parseDouble(cell);
            }
            table.rows[i - 1] = row;
        }
        return table;
    }

    static String runCli(String... args) {
        String cli = System.getenv("CIVISCORE_CLI");
        if (cli == null || cli.isEmpty()) {
            throw new IllegalStateException("set CIVISCORE_CLI to the civiscore executable");
        }
        List<String> command = new ArrayList<>();
        command.add(cli);
        command.addAll(Arrays.asList(args));
        try {
            Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            byte[] out = readAll(process.getInputStream());
            int rc = process.waitFor();
            if (rc != 0) {
                throw new IllegalStateException(command + " exited with " + rc);
            }
            return new String(out, StandardCharsets.UTF_8);
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException("cannot run " + command, e);
        }
    }

    static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        in.transferTo(out);
        return out.toByteArray();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> asMap(Object value) {
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    static List<Object> asList(Object value) {
        return (List<Object>) value;
    }

    // --- the runner ------------------------------------------------------------------------------

    interface Body {
        void run() throws Exception;
    }

    static void run(String name, Body body) {
        int before = failures;
        try {
            body.run();
        } catch (Throwable e) {
            failures++;
            System.out.println("  error: " + e);
            e.printStackTrace(System.out);
        }
        System.out.println((failures == before ? "ok    " : "FAIL  ") + name);
    }

    static void check(boolean condition, String what) {
        checks++;
        if (!condition) {
            failures++;
            System.out.println("  check failed: " + what);
        }
    }

    static <T extends Throwable> T expectThrows(Class<T> type, Body body, String messagePart) {
        checks++;
        try {
            body.run();
        } catch (Throwable e) {
            if (type.isInstance(e) && e.getMessage() != null && e.getMessage().contains(messagePart)) {
                return type.cast(e);
            }
            failures++;
            System.out.println("  expected " + type.getSimpleName() + " containing '" + messagePart
                    + "', got " + e);
            return null;
        }
        failures++;
        System.out.println("  expected " + type.getSimpleName() + ", nothing was thrown");
        return null;
    }
}
