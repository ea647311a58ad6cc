package civiscore_test

// Tests of the Go binding, run by ctest through tests/go/run_go_tests.sh. Every check compares with
// numbers the binding did not compute: the CLI's JSON output for the sanshe example (the CLI links the
// engine statically, not through the C ABI), or hand arithmetic for the small Chinese model.
// Environment: CIVISCORE_CLI = the civiscore executable; CIVISCORE_SOURCE_DIR = the repository root.

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"testing"

	"civiscore"
)

// A three-unit model with Chinese ids, names and grades; expected numbers worked out by hand below.
const chineseModel = `{"civiscore_model":1,"id":"小模型","name":"社区服务评估",
 "grades":[{"label":"优秀","min":90},{"label":"合格","min":60},{"label":"不合格"}],
 "root":{"id":"总分","name":"总分","children":[
   {"id":"满意度","name":"居民满意度","weight":0.5,"rule":{"type":"goalposts","worst":50,"best":90}},
   {"id":"会议","name":"联席会议次数","weight":0.5,"rule":{"type":"target","target":4}}]}}`

type cliNode struct {
	ID     string  `json:"id"`
	Name   string  `json:"name"`
	Parent *string `json:"parent"`
	Level  int     `json:"level"`
}

type cliUnit struct {
	ID       string              `json:"id"`
	Status   string              `json:"status"`
	Scores   map[string]*float64 `json:"scores"`
	Rank     *int64              `json:"rank"`
	Grade    *string             `json:"grade"`
	Coverage *float64            `json:"coverage"`
}

type cliResult struct {
	Version string `json:"civiscore_version"`
	Model   struct {
		ID     string `json:"id"`
		SHA256 string `json:"sha256"`
	} `json:"model"`
	FittedSHA256     string             `json:"fitted_sha256"`
	Nodes            []cliNode          `json:"nodes"`
	Units            []cliUnit          `json:"units"`
	EffectiveWeights map[string]float64 `json:"effective_weights"`
}

func sourceDir(t *testing.T) string {
	dir := os.Getenv("CIVISCORE_SOURCE_DIR")
	if dir == "" {
		dir = "../.."
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		t.Fatal(err)
	}
	return abs
}

func sanshe(t *testing.T) (model, csv string) {
	root := sourceDir(t)
	return filepath.Join(root, "examples/sanshe/model.json"), filepath.Join(root, "examples/sanshe/communities.csv")
}

func runCLI(t *testing.T, args ...string) []byte {
	t.Helper()
	cli := os.Getenv("CIVISCORE_CLI")
	if cli == "" {
		t.Fatal("set CIVISCORE_CLI to the civiscore executable")
	}
	out, err := exec.Command(cli, args...).Output()
	if err != nil {
		t.Fatalf("%s %v: %v", cli, args, err)
	}
	return out
}

var (
	cliOnce   sync.Once
	cliCached cliResult
	cliRaw    []byte
)

func cliJSON(t *testing.T) (cliResult, []byte) {
	modelPath, csvPath := sanshe(t)
	cliOnce.Do(func() {
		cliRaw = runCLI(t, "score", "--model", modelPath, "--data", csvPath, "--format", "json")
		if err := json.Unmarshal(cliRaw, &cliCached); err != nil {
			t.Fatal(err)
		}
	})
	return cliCached, cliRaw
}

// must returns value, or panics with err: a panic fails the test with its stack (Go cannot pass a
// (value, error) pair to a function together with t).
func must[T any](value T, err error) T {
	if err != nil {
		panic(err)
	}
	return value
}

// readRows reads the CSV into rows in `columns` order: empty = NaN, true/false = 1/0.
func readRows(t *testing.T, path string, columns []string) ([][]float64, []string) {
	text := string(must(os.ReadFile(path)))
	lines := strings.Split(strings.TrimRight(text, "\n"), "\n")
	at := map[string]int{}
	for j, name := range strings.Split(lines[0], ",") {
		at[name] = j
	}
	rows := make([][]float64, 0, len(lines)-1)
	ids := make([]string, 0, len(lines)-1)
	for i, line := range lines[1:] {
		if strings.Contains(line, `"`) {
			t.Fatalf("the test reader does not handle quoted CSV: line %d", i+2)
		}
		cells := strings.Split(line, ",")
		ids = append(ids, cells[at["unit_id"]])
		row := make([]float64, len(columns))
		for j, column := range columns {
			cell := strings.TrimSpace(cells[at[column]])
			switch cell {
			case "":
				row[j] = math.NaN()
			case "true":
				row[j] = 1
			case "false":
				row[j] = 0
			default:
				row[j] = must(strconv.ParseFloat(cell, 64))
			}
		}
		rows = append(rows, row)
	}
	return rows, ids
}

func close12(value float64, cli *float64) bool {
	if cli == nil {
		return math.IsNaN(value)
	}
	return math.Abs(value-*cli) <= 1e-12
}

// compareWithCLI checks every unit of result against the CLI: scores within 1e-12, the rest exact.
func compareWithCLI(t *testing.T, model *civiscore.Model, result *civiscore.Result) {
	t.Helper()
	cli, _ := cliJSON(t)
	if result.Len() != len(cli.Units) {
		t.Fatalf("%d units vs the CLI's %d", result.Len(), len(cli.Units))
	}
	if result.ModelSHA256() != cli.Model.SHA256 || result.FittedSHA256() != cli.FittedSHA256 {
		t.Errorf("sha256 differ: %s/%s vs %s/%s", result.ModelSHA256(), result.FittedSHA256(),
			cli.Model.SHA256, cli.FittedSHA256)
	}
	scores := must(result.Scores())
	ranks := must(result.Ranks())
	grades := must(result.Grades())
	statuses := must(result.Statuses())
	coverage := must(result.Coverage())
	ids := result.UnitIDs()
	nodes := model.NodeIDs()
	seen := map[civiscore.UnitStatus]bool{}
	mismatches := 0
	for i, unit := range cli.Units {
		var problems []string
		if ids[i] != unit.ID {
			problems = append(problems, "id")
		}
		if statuses[i].String() != unit.Status {
			problems = append(problems, "status")
		}
		seen[statuses[i]] = true
		wantRank := int64(0) // JSON null = unranked = 0 in the binding
		if unit.Rank != nil {
			wantRank = *unit.Rank
		}
		if ranks[i] != wantRank {
			problems = append(problems, fmt.Sprintf("rank %d vs %d", ranks[i], wantRank))
		}
		wantGrade := "" // JSON null = no grade = "" in the binding
		if unit.Grade != nil {
			wantGrade = *unit.Grade
		}
		if grades[i] != wantGrade {
			problems = append(problems, "grade "+grades[i]+" vs "+wantGrade)
		}
		if !close12(coverage[i], unit.Coverage) {
			problems = append(problems, "coverage")
		}
		for j, node := range nodes {
			if !close12(scores[i][j], unit.Scores[node]) {
				problems = append(problems, fmt.Sprintf("score of %s %v", node, scores[i][j]))
			}
		}
		if len(problems) > 0 {
			mismatches++
			if mismatches <= 3 {
				t.Errorf("unit %s: %v", unit.ID, problems)
			}
		}
	}
	if mismatches > 0 {
		t.Errorf("%d units differ from the CLI", mismatches)
	}
	if len(seen) != 3 {
		t.Errorf("the example should have all three statuses, saw %v", seen)
	}
	weights := must(result.EffectiveWeights())
	for i, indicator := range model.IndicatorIDs() {
		want := cli.EffectiveWeights[indicator]
		if !close12(weights[i], &want) {
			t.Errorf("effective weight of %s: %v vs %v", indicator, weights[i], want)
		}
	}
}

func TestVersion(t *testing.T) {
	cli, _ := cliJSON(t)
	if civiscore.LibraryVersion() != civiscore.BindingVersion || cli.Version != civiscore.LibraryVersion() {
		t.Errorf("library %s, binding %s, CLI %s", civiscore.LibraryVersion(), civiscore.BindingVersion, cli.Version)
	}
	if err := civiscore.CheckVersion(); err != nil {
		t.Error(err)
	}
}

func TestModelDescription(t *testing.T) {
	modelPath, _ := sanshe(t)
	model := must(civiscore.LoadModelFile(modelPath))
	defer model.Close()
	cli, _ := cliJSON(t)
	if model.SHA256() != cli.Model.SHA256 || model.ID() != cli.Model.ID {
		t.Errorf("model %s %s vs %s %s", model.ID(), model.SHA256(), cli.Model.ID, cli.Model.SHA256)
	}
	// The reference system is 5-13-42: 1 root + 5 + 13 + 42 nodes.
	if len(model.Nodes()) != 61 || len(model.IndicatorIDs()) != 42 || len(cli.Nodes) != 61 {
		t.Fatalf("%d nodes, %d indicators", len(model.Nodes()), len(model.IndicatorIDs()))
	}
	ids, names, parents, levels := model.NodeIDs(), model.NodeNames(), model.NodeParents(), model.NodeLevels()
	for i, node := range cli.Nodes {
		parent := ""
		if node.Parent != nil {
			parent = *node.Parent
		}
		if ids[i] != node.ID || names[i] != node.Name || parents[i] != parent || levels[i] != node.Level {
			t.Errorf("node %d: %s %s %s %d vs %+v", i, ids[i], names[i], parents[i], levels[i], node)
		}
	}
	d1 := must(model.NodeIndex("D1"))
	if names[d1] != "联动机制建设" {
		t.Errorf("D1 is named %q", names[d1])
	}
	if model.GradeLabels()[0] != "优秀" {
		t.Errorf("grades %v", model.GradeLabels())
	}
	if _, err := model.NodeIndex("nope"); !errors.Is(err, civiscore.ErrInvalidArgument) {
		t.Errorf("NodeIndex(nope): %v", err)
	}
}

func TestScoreCSVEqualsCLI(t *testing.T) {
	modelPath, csvPath := sanshe(t)
	model := must(civiscore.LoadModelFile(modelPath))
	defer model.Close()
	result := must(model.ScoreCSV(csvPath, nil, 0))
	defer result.Close()
	compareWithCLI(t, model, result)
	_, raw := cliJSON(t)
	if text := must(result.ToJSON()); text != string(raw) {
		t.Error("ToJSON differs from the CLI's --format json")
	}
	csv := runCLI(t, "score", "--model", modelPath, "--data", csvPath, "--format", "csv")
	if text := must(result.ToCSV()); text != string(csv) {
		t.Error("ToCSV differs from the CLI's --format csv")
	}
}

func TestScoreRowsAndMatrixEqualCLI(t *testing.T) {
	modelPath, csvPath := sanshe(t)
	model := must(civiscore.LoadModelFile(modelPath))
	defer model.Close()
	rows, ids := readRows(t, csvPath, model.InputColumns())
	result := must(model.ScoreRows(rows, ids, nil, 0))
	defer result.Close()
	compareWithCLI(t, model, result)

	columns := len(model.InputColumns())
	flat := make([]float64, len(rows)*columns)
	for i, row := range rows {
		for j, value := range row {
			flat[j*len(rows)+i] = value
		}
	}
	fromMatrix := must(model.ScoreMatrix(flat, ids, civiscore.ColMajor, nil, 1))
	defer fromMatrix.Close()
	compareWithCLI(t, model, fromMatrix)
	colMajor := must(fromMatrix.ScoresFlat(civiscore.ColMajor))
	d1 := must(fromMatrix.NodeScores("D1"))
	at := must(model.NodeIndex("D1"))
	for i := range d1 {
		if math.Float64bits(colMajor[at*len(rows)+i]) != math.Float64bits(d1[i]) {
			t.Fatalf("ScoresFlat(ColMajor) and NodeScores(D1) differ at unit %d", i)
		}
	}
	if _, err := model.ScoreMatrix(flat[1:], ids, civiscore.RowMajor, nil, 0); !errors.Is(err, civiscore.ErrInvalidArgument) {
		t.Errorf("short matrix: %v", err)
	}
}

// firstDifference is the first index where a and b differ bit for bit (any NaN equals any NaN), or -1.
func firstDifference(a, b []float64) int {
	if len(a) != len(b) {
		return 0
	}
	for i := range a {
		if math.Float64bits(a[i]) != math.Float64bits(b[i]) && !(math.IsNaN(a[i]) && math.IsNaN(b[i])) {
			return i
		}
	}
	return -1
}

func TestScoreWithKeep(t *testing.T) {
	modelPath, csvPath := sanshe(t)
	model := must(civiscore.LoadModelFile(modelPath))
	defer model.Close()
	data := must(civiscore.ReadCSV(csvPath, ""))
	defer data.Close()
	fitted := must(model.Fit(data, 0))
	defer fitted.Close()
	full := must(model.Score(data, fitted, 0))
	defer full.Close()
	if !reflect.DeepEqual(full.KeptNodeIDs(), model.NodeIDs()) {
		t.Errorf("Score keeps %v, not every node", full.KeptNodeIDs())
	}
	kept := must(model.ScoreWith(data, fitted, 0, civiscore.ScoreOptions{Keep: []string{"depth:1"}}))
	defer kept.Close()

	var want []string // the root and its direct children, model order
	var dropped string
	for _, node := range model.Nodes() {
		if node.Level <= 1 {
			want = append(want, node.ID)
		} else if node.IsIndicator && dropped == "" {
			dropped = node.ID
		}
	}
	if len(want) != 6 || !reflect.DeepEqual(kept.KeptNodeIDs(), want) {
		t.Fatalf("depth:1 keeps %v, want %v", kept.KeptNodeIDs(), want)
	}
	for _, id := range want {
		if d := firstDifference(must(kept.NodeScores(id)), must(full.NodeScores(id))); d >= 0 {
			t.Errorf("NodeScores(%s) differs from Score's at unit %d", id, d)
		}
		if d := firstDifference(must(kept.NodeCoverage(id)), must(full.NodeCoverage(id))); d >= 0 {
			t.Errorf("NodeCoverage(%s) differs from Score's at unit %d", id, d)
		}
	}
	if !reflect.DeepEqual(must(kept.Ranks()), must(full.Ranks())) ||
		!reflect.DeepEqual(must(kept.Grades()), must(full.Grades())) ||
		!reflect.DeepEqual(must(kept.Statuses()), must(full.Statuses())) {
		t.Error("ranks, grades or statuses differ from Score's")
	}
	if k, err := kept.Kept(dropped); err != nil || k {
		t.Errorf("Kept(%s) = %v, %v", dropped, k, err)
	}
	if k, err := kept.Kept(want[1]); err != nil || !k {
		t.Errorf("Kept(%s) = %v, %v", want[1], k, err)
	}
	if _, err := kept.Kept("nope"); !errors.Is(err, civiscore.ErrInvalidArgument) {
		t.Errorf("Kept(nope): %v", err)
	}
	if _, err := kept.NodeScores(dropped); !errors.Is(err, civiscore.ErrInvalidArgument) ||
		!strings.Contains(err.Error(), "'"+dropped+"'") {
		t.Errorf("NodeScores(%s) of a node not kept: %v", dropped, err)
	}
	if _, err := kept.Scores(); !errors.Is(err, civiscore.ErrInvalidArgument) {
		t.Errorf("Scores of a kept result: %v", err)
	}

	groups := must(model.ScoreWith(data, fitted, 0, civiscore.ScoreOptions{Keep: []string{"groups"}}))
	defer groups.Close()
	var nonIndicators []string
	for _, node := range model.Nodes() {
		if !node.IsIndicator {
			nonIndicators = append(nonIndicators, node.ID)
		}
	}
	if !reflect.DeepEqual(groups.KeptNodeIDs(), nonIndicators) {
		t.Errorf("groups keeps %v, want %v", groups.KeptNodeIDs(), nonIndicators)
	}

	every := must(model.ScoreWith(data, fitted, 0, civiscore.ScoreOptions{}))
	defer every.Close()
	if !reflect.DeepEqual(every.KeptNodeIDs(), model.NodeIDs()) ||
		firstDifference(must(every.ScoresFlat(civiscore.RowMajor)), must(full.ScoresFlat(civiscore.RowMajor))) >= 0 {
		t.Error("ScoreWith without Keep differs from Score")
	}

	_, err := model.ScoreWith(data, fitted, 0, civiscore.ScoreOptions{Keep: []string{"D1", "nosuchnode"}})
	if !errors.Is(err, civiscore.ErrInvalidArgument) || !strings.Contains(err.Error(), "nosuchnode") {
		t.Errorf("unknown keep word: %v", err)
	}
}

func TestFittedRoundTrip(t *testing.T) {
	modelPath, csvPath := sanshe(t)
	fittedPath := filepath.Join(t.TempDir(), "fitted.json")
	runCLI(t, "fit", "--model", modelPath, "--data", csvPath, "--out", fittedPath)
	model := must(civiscore.LoadModelFile(modelPath))
	defer model.Close()
	fitted := must(model.FitCSV(csvPath, 0))
	defer fitted.Close()
	text := must(fitted.ToJSON())
	if want := strings.TrimSpace(string(must(os.ReadFile(fittedPath)))); text != want {
		t.Error("Fitted.ToJSON differs from the CLI's fit output")
	}
	restored := must(model.FittedFromJSON(text))
	defer restored.Close()
	withFitted := must(model.ScoreCSV(csvPath, restored, 0))
	defer withFitted.Close()
	compareWithCLI(t, model, withFitted)
}

func TestChineseRoundTrip(t *testing.T) {
	model := must(civiscore.LoadModelJSON(chineseModel))
	defer model.Close()
	if model.ID() != "小模型" || model.Name() != "社区服务评估" {
		t.Errorf("model %q %q", model.ID(), model.Name())
	}
	check := func(what string, got, want any) {
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: %v, want %v", what, got, want)
		}
	}
	check("node ids", model.NodeIDs(), []string{"总分", "满意度", "会议"})
	check("node names", model.NodeNames(), []string{"总分", "居民满意度", "联席会议次数"})
	check("parents", model.NodeParents(), []string{"", "总分", "总分"})
	check("grades", model.GradeLabels(), []string{"优秀", "合格", "不合格"})
	check("columns", model.InputColumns(), []string{"满意度", "会议"})
	// 满意度 goalposts 50→0, 90→100: 90→100, 70→50, 80→75. 会议 target 4: 4→100, 2→50, 3→75.
	// Total = 0.5 * each: 100 (优秀, rank 1), 50 (不合格, rank 3), 75 (合格, rank 2).
	units := []string{"东城社区", "西城社区", "南城社区"}
	result := must(model.ScoreRows([][]float64{{90, 4}, {70, 2}, {80, 3}}, units, nil, 0))
	defer result.Close()
	check("unit ids", result.UnitIDs(), units)
	check("grades", must(result.Grades()), []string{"优秀", "不合格", "合格"})
	check("ranks", must(result.Ranks()), []int64{1, 3, 2})
	total := must(result.Total())
	for i, want := range []float64{100, 50, 75} {
		if math.Abs(total[i]-want) > 1e-9 {
			t.Errorf("total of %s: %v, want %v", units[i], total[i], want)
		}
	}
	check("weights", must(result.EffectiveWeights()), []float64{0.5, 0.5})
	csv := must(result.ToCSV())
	if !strings.HasPrefix(csv, "unit_id,status,总分,满意度,会议,rank,grade\n东城社区,ok,100,100,100,1,优秀\n") {
		t.Errorf("CSV: %s", csv)
	}
	// A CSV path with Chinese in it, with a Chinese id column and unit id.
	path := filepath.Join(t.TempDir(), "数据.csv")
	if err := os.WriteFile(path, []byte("编号,满意度,会议\n东城社区,90,4\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	data := must(civiscore.ReadCSV(path, "编号"))
	defer data.Close()
	fromFile := must(model.Score(data, nil, 0))
	defer fromFile.Close()
	check("unit from file", fromFile.UnitIDs(), []string{"东城社区"})
	check("grade from file", must(fromFile.Grades()), []string{"优秀"})
}

// Unit ids cross the C ABI as one buffer with a NUL after each id, both ways: every byte of an id
// other than NUL must come back as it went in, in order, from the dataset and from the result.
func TestUnitIDsRoundTrip(t *testing.T) {
	model := must(civiscore.LoadModelJSON(chineseModel))
	defer model.Close()
	ids := []string{"东城社区", "a,b", `say "hi"`, "'single'", "line1\nline2", "crlf\r\n", "tab\there",
		strings.Repeat("长", 10000), " ", "🏠"}
	for i := len(ids); i < 1500; i++ { // more than one of the C library's 512-unit copy blocks
		ids = append(ids, fmt.Sprintf("C%07d", i+1))
	}
	values := make([]float64, 2*len(ids))
	for i := range ids {
		values[2*i], values[2*i+1] = float64(50+i%41), float64(i%5)
	}
	data := must(civiscore.NewDatasetFromMatrix(values, len(ids), model.InputColumns(), civiscore.RowMajor, ids))
	defer data.Close()
	if got := must(data.UnitIDs()); !reflect.DeepEqual(got, ids) {
		t.Errorf("dataset ids: %s", idsDiffer(got, ids))
	}
	result := must(model.Score(data, nil, 0))
	defer result.Close()
	if got := result.UnitIDs(); result.Len() != len(ids) || !reflect.DeepEqual(got, ids) {
		t.Errorf("result ids (Len %d): %s", result.Len(), idsDiffer(got, ids))
	}
	// Without ids the library names the units "1", "2", ...; the result has the dataset's ids.
	unnamed := must(civiscore.NewDatasetFromMatrix(values[:6], 3, model.InputColumns(), civiscore.ColMajor, nil))
	defer unnamed.Close()
	if got := must(unnamed.UnitIDs()); !reflect.DeepEqual(got, []string{"1", "2", "3"}) {
		t.Errorf("default ids: %q", got)
	}
	scored := must(model.Score(unnamed, nil, 0))
	defer scored.Close()
	if got := scored.UnitIDs(); !reflect.DeepEqual(got, must(unnamed.UnitIDs())) {
		t.Errorf("result ids %q differ from the dataset's", got)
	}
}

func idsDiffer(got, want []string) string {
	for i := 0; i < len(got) && i < len(want); i++ {
		if got[i] != want[i] {
			return fmt.Sprintf("unit %d is %.40q (%d bytes), want %.40q (%d bytes)",
				i+1, got[i], len(got[i]), want[i], len(want[i]))
		}
	}
	return fmt.Sprintf("%d ids, want %d", len(got), len(want))
}

// C reads an id only up to a NUL byte ("x\x00y" would become "x"), so the binding refuses it.
func TestNULInIDRefused(t *testing.T) {
	model := must(civiscore.LoadModelJSON(chineseModel))
	defer model.Close()
	_, err := model.ScoreRows([][]float64{{90, 4}, {70, 2}, {80, 3}}, []string{"东城", "西城\x00南", "南城"}, nil, 0)
	var e *civiscore.Error
	if !errors.As(err, &e) || e.Status != civiscore.StatusInvalidArgument ||
		e.Message != `unit id "西城\x00南" (unit 2) contains a NUL character` {
		t.Errorf("unit id with a NUL: %v", err)
	}
	_, err = civiscore.NewDatasetFromRows([][]float64{{1, 2}}, []string{"满意度", "会\x00议"}, nil)
	if !errors.As(err, &e) || e.Status != civiscore.StatusInvalidArgument ||
		e.Message != `column id "会\x00议" (column 2) contains a NUL character` {
		t.Errorf("column id with a NUL: %v", err)
	}
	// Rows are counted from 1 in messages, as in the library's.
	_, err = civiscore.NewDatasetFromRows([][]float64{{1, 2}, {3}}, []string{"满意度", "会议"}, nil)
	if err == nil || !strings.Contains(err.Error(), "row 2 has 1 values, expected 2") {
		t.Errorf("short row: %v", err)
	}
}

// Paths and column names reach C NUL-terminated: one holding a NUL would be read cut short (another
// file), so it is refused before the call.
func TestNULInCStringArgumentRefused(t *testing.T) {
	const want = "contains a NUL character, where C would end it"
	if _, err := civiscore.LoadModelFile("model.json\x00.bak"); err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("model path: %v", err)
	}
	if _, err := civiscore.ReadCSV("data.csv", "unit\x00id"); err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("id column: %v", err)
	}
	model := must(civiscore.LoadModelJSON(chineseModel))
	defer model.Close()
	result := must(model.ScoreRows([][]float64{{90, 4}}, []string{"东城"}, nil, 0))
	defer result.Close()
	out := filepath.Join(t.TempDir(), "out.json")
	if err := result.WriteFile(out+"\x00x", civiscore.FormatJSON); err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("output path: %v", err)
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("a file was written at %s", out)
	}
}

func TestInvalidModel(t *testing.T) {
	bad := strings.Replace(chineseModel, `"weight":0.5,"rule":{"type":"goalposts"`, `"weight":-1,"rule":{"type":"goalposts"`, 1)
	if bad == chineseModel {
		t.Fatal("the invalid model did not change")
	}
	_, err := civiscore.LoadModelJSON(bad)
	var e *civiscore.Error
	if !errors.Is(err, civiscore.ErrModel) || !errors.As(err, &e) || e.Status != civiscore.StatusModel ||
		!strings.Contains(e.Message, "/root/children/0/weight") {
		t.Errorf("invalid model: %v", err)
	}
	if errors.Is(err, civiscore.ErrData) {
		t.Error("a model error matched ErrData")
	}
}

func TestMissingColumn(t *testing.T) {
	modelPath, _ := sanshe(t)
	model := must(civiscore.LoadModelFile(modelPath))
	defer model.Close()
	var columns []string
	for _, column := range model.InputColumns() {
		if column != "I07" {
			columns = append(columns, column)
		}
	}
	data := must(civiscore.NewDatasetFromRows([][]float64{make([]float64, len(columns))}, columns, []string{"u1"}))
	defer data.Close()
	_, err := model.Score(data, nil, 0)
	var e *civiscore.Error
	if !errors.Is(err, civiscore.ErrData) || !errors.As(err, &e) || !strings.Contains(e.Message, "I07") {
		t.Errorf("missing column: %v", err)
	}
	if _, err := model.ScoreRows([][]float64{{1, 2}}, nil, nil, 0); !errors.Is(err, civiscore.ErrInvalidArgument) {
		t.Errorf("short row: %v", err)
	}
}

func TestOtherErrors(t *testing.T) {
	if _, err := civiscore.LoadModelFile("/nonexistent/模型.json"); !errors.Is(err, civiscore.ErrIO) ||
		!strings.Contains(err.Error(), "模型.json") {
		t.Errorf("missing file: %v", err)
	}
	modelPath, _ := sanshe(t)
	sansheModel := must(civiscore.LoadModelFile(modelPath))
	defer sansheModel.Close()
	small := must(civiscore.LoadModelJSON(chineseModel))
	fitted := must(small.FitRows([][]float64{{90, 4}, {70, 2}}, nil, 0))
	defer fitted.Close()
	if _, err := sansheModel.FittedFromJSON(must(fitted.ToJSON())); !errors.Is(err, civiscore.ErrFitted) {
		t.Errorf("fitted state of another model: %v", err)
	}
	small.Close()
	small.Close() // idempotent
	if _, err := small.ScoreRows([][]float64{{1, 1}}, nil, nil, 0); !errors.Is(err, civiscore.ErrInvalidArgument) {
		t.Errorf("closed model: %v", err)
	}
	if _, err := sansheModel.Fit(nil, -1); !errors.Is(err, civiscore.ErrInvalidArgument) || !strings.Contains(err.Error(), "threads") {
		t.Errorf("negative threads: %v", err)
	}
}

func TestConcurrentGoroutines(t *testing.T) {
	modelPath, csvPath := sanshe(t)
	model := must(civiscore.LoadModelFile(modelPath))
	defer model.Close()
	rows, ids := readRows(t, csvPath, model.InputColumns())
	single := must(model.ScoreRows(rows, ids, nil, 1))
	reference := must(single.ScoresFlat(civiscore.RowMajor))
	single.Close()
	inputs := model.InputColumns()
	var wg sync.WaitGroup
	problems := make(chan string, 64)
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for round := 0; round < 5; round++ {
				result, err := model.ScoreRows(rows, ids, nil, 2)
				if err != nil {
					problems <- err.Error()
					return
				}
				scores, err := result.ScoresFlat(civiscore.RowMajor)
				result.Close()
				if err != nil || len(scores) != len(reference) {
					problems <- fmt.Sprintf("goroutine %d: %v", g, err)
					return
				}
				for k := range scores {
					if math.Float64bits(scores[k]) != math.Float64bits(reference[k]) {
						problems <- fmt.Sprintf("goroutine %d round %d: score %d differs", g, round, k)
						return
					}
				}
				// Each goroutine's error names its own column: the message is read on the call's thread.
				missing := inputs[g]
				columns := append(append([]string(nil), inputs[:g]...), inputs[g+1:]...)
				data, err := civiscore.NewDatasetFromRows([][]float64{make([]float64, len(columns))}, columns, nil)
				if err != nil {
					problems <- err.Error()
					return
				}
				_, err = model.Score(data, nil, 1)
				data.Close()
				if !errors.Is(err, civiscore.ErrData) || !strings.Contains(err.Error(), missing) {
					problems <- fmt.Sprintf("goroutine %d: error for missing %s: %v", g, missing, err)
					return
				}
			}
		}(g)
	}
	wg.Wait()
	close(problems)
	for problem := range problems {
		t.Error(problem)
	}
}
