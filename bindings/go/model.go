package civiscore

/*
#include <stdlib.h>
#include <civiscore.h>
*/
import "C"

import (
	"encoding/json"
	"runtime"
	"strings"
	"sync/atomic"
	"unsafe"
)

// Node is one node of a model's tree, in model order (pre-order: the root first).
type Node struct {
	Index       int    // position in model order: the column of this node in Result.Scores
	ID          string // unique id
	Name        string // display name (any language; defaults to the id)
	Parent      string // the parent's id; "" for the root
	Level       int    // 0 for the root, 1 for its children, ...
	IsIndicator bool   // a leaf with a scoring rule
}

// Model is a validated, immutable indicator model (docs/model-format.md). Any number of goroutines may
// Fit and Score with one Model at the same time. Results and fitted states made from it stay usable
// after it is closed.
type Model struct {
	ptr          atomic.Pointer[C.civiscore_model]
	id           string
	name         string
	sha256       string
	nodes        []Node
	nodeIndex    map[string]int
	indicatorIDs []string
	inputColumns []string
	gradeLabels  []string
}

// LoadModelFile loads a model JSON file: ErrIO if unreadable, ErrModel (every problem with its JSON
// pointer) if invalid.
func LoadModelFile(path string) (*Model, error) {
	if err := CheckVersion(); err != nil {
		return nil, err
	}
	cPath, err := cArg(path)
	if err != nil {
		return nil, err
	}
	defer C.free(unsafe.Pointer(cPath))
	var out *C.civiscore_model
	if err := call(func() C.int { return C.civiscore_model_load_file(cPath, &out) }); err != nil {
		return nil, err
	}
	return newModel(out)
}

// LoadModelJSON loads a model from JSON text: ErrModel (every problem with its JSON pointer) if invalid.
func LoadModelJSON(json string) (*Model, error) {
	if err := CheckVersion(); err != nil {
		return nil, err
	}
	cJSON := cString(json)
	defer C.free(unsafe.Pointer(cJSON))
	var out *C.civiscore_model
	if err := call(func() C.int {
		return C.civiscore_model_load_string(cJSON, C.size_t(len(json)), &out)
	}); err != nil {
		return nil, err
	}
	return newModel(out)
}

func newModel(ptr *C.civiscore_model) (*Model, error) {
	m := &Model{}
	m.ptr.Store(ptr)
	runtime.SetFinalizer(m, (*Model).Close)
	// Immutable: read the description once instead of crossing into C on every access.
	var err error
	get := func(f func() *C.char) string {
		if err != nil {
			return ""
		}
		var text string
		text, err = stringAt(f)
		return text
	}
	m.id = get(func() *C.char { return C.civiscore_model_id(ptr) })
	m.name = get(func() *C.char { return C.civiscore_model_name(ptr) })
	m.sha256 = get(func() *C.char { return C.civiscore_model_sha256(ptr) })
	n := int(C.civiscore_model_node_count(ptr))
	m.nodes = make([]Node, n)
	m.nodeIndex = make(map[string]int, n)
	for i := 0; i < n; i++ {
		at := C.size_t(i)
		m.nodes[i] = Node{Index: i, ID: get(func() *C.char { return C.civiscore_model_node_id(ptr, at) }),
			Name:        get(func() *C.char { return C.civiscore_model_node_name(ptr, at) }),
			Level:       int(C.civiscore_model_node_level(ptr, at)),
			IsIndicator: C.civiscore_model_node_is_indicator(ptr, at) == 1}
		m.nodeIndex[m.nodes[i].ID] = i
	}
	for i := 0; i < n; i++ {
		if parent := int(C.civiscore_model_node_parent(ptr, C.size_t(i))); parent >= 0 {
			m.nodes[i].Parent = m.nodes[parent].ID
		}
	}
	list := func(count C.size_t, at func(C.size_t) *C.char) []string {
		values := make([]string, int(count))
		for i := range values {
			values[i] = get(func() *C.char { return at(C.size_t(i)) })
		}
		return values
	}
	m.indicatorIDs = list(C.civiscore_model_indicator_count(ptr),
		func(i C.size_t) *C.char { return C.civiscore_model_indicator_id(ptr, i) })
	m.inputColumns = list(C.civiscore_model_input_column_count(ptr),
		func(i C.size_t) *C.char { return C.civiscore_model_input_column(ptr, i) })
	m.gradeLabels = list(C.civiscore_model_grade_count(ptr),
		func(i C.size_t) *C.char { return C.civiscore_model_grade_label(ptr, i) })
	if err != nil {
		m.Close()
		return nil, err
	}
	return m, nil
}

// Close frees the C model; later calls report ErrInvalidArgument. Idempotent.
func (m *Model) Close() error {
	if ptr := m.ptr.Swap(nil); ptr != nil {
		C.civiscore_model_free(ptr)
		runtime.SetFinalizer(m, nil)
	}
	return nil
}

func (m *Model) handle() (*C.civiscore_model, error) {
	if m == nil {
		return nil, invalidArgument("the model is nil")
	}
	if ptr := m.ptr.Load(); ptr != nil {
		return ptr, nil
	}
	return nil, closedError("model")
}

// ID is the model's id.
func (m *Model) ID() string { return m.id }

// Name is the model's display name.
func (m *Model) Name() string { return m.name }

// SHA256 is the hex SHA-256 of the model's canonical JSON: the same for any formatting of the model.
func (m *Model) SHA256() string { return m.sha256 }

// Nodes are every node in model order (a copy).
func (m *Model) Nodes() []Node { return append([]Node(nil), m.nodes...) }

// NodeIDs are the node ids in model order.
func (m *Model) NodeIDs() []string { return m.nodeField(func(n Node) string { return n.ID }) }

// NodeNames are the node names in model order.
func (m *Model) NodeNames() []string { return m.nodeField(func(n Node) string { return n.Name }) }

// NodeParents are the parent ids in model order; "" for the root.
func (m *Model) NodeParents() []string { return m.nodeField(func(n Node) string { return n.Parent }) }

// NodeLevels are the depths in model order: 0 for the root.
func (m *Model) NodeLevels() []int {
	levels := make([]int, len(m.nodes))
	for i, node := range m.nodes {
		levels[i] = node.Level
	}
	return levels
}

func (m *Model) nodeField(field func(Node) string) []string {
	values := make([]string, len(m.nodes))
	for i, node := range m.nodes {
		values[i] = field(node)
	}
	return values
}

// NodeIndex is the position of a node in model order; ErrInvalidArgument for an unknown id.
func (m *Model) NodeIndex(id string) (int, error) {
	if index, ok := m.nodeIndex[id]; ok {
		return index, nil
	}
	return -1, invalidArgument("model '%s' has no node '%s'", m.id, id)
}

// IndicatorIDs are the indicator ids in model order.
func (m *Model) IndicatorIDs() []string { return append([]string(nil), m.indicatorIDs...) }

// InputColumns are the data columns the model reads, in the order rows and flat matrices must use.
func (m *Model) InputColumns() []string { return append([]string(nil), m.inputColumns...) }

// GradeLabels are the grade labels, best first.
func (m *Model) GradeLabels() []string { return append([]string(nil), m.gradeLabels...) }

// Tree is the tree, one node per line, indented by level; indicators marked with '*'.
func (m *Model) Tree() string {
	var text strings.Builder
	for i, node := range m.nodes {
		if i > 0 {
			text.WriteByte('\n')
		}
		text.WriteString(strings.Repeat("  ", node.Level))
		if node.IsIndicator {
			text.WriteString("* ")
		}
		text.WriteString(node.ID)
		if node.Name != node.ID {
			text.WriteString("  " + node.Name)
		}
	}
	return text.String()
}

// --- fit ----------------------------------------------------------------------------------------

// Fit learns the data-dependent parameters (min/max, mean/sd) from data. threads: 0 = all cores;
// results do not depend on it.
func (m *Model) Fit(data *Dataset, threads int) (*Fitted, error) {
	if threads < 0 {
		return nil, invalidArgument("threads must be >= 0 (0 = all cores), not %d", threads)
	}
	model, err := m.handle()
	if err != nil {
		return nil, err
	}
	dataset, err := data.handle()
	if err != nil {
		return nil, err
	}
	var out *C.civiscore_fitted
	err = call(func() C.int { return C.civiscore_fit(model, dataset, C.int(threads), &out) })
	runtime.KeepAlive(m)
	runtime.KeepAlive(data)
	if err != nil {
		return nil, err
	}
	return newFitted(out, m), nil
}

// FitRows fits on rows whose columns are InputColumns, in order; unitIDs may be nil.
func (m *Model) FitRows(rows [][]float64, unitIDs []string, threads int) (*Fitted, error) {
	data, err := NewDatasetFromRows(rows, m.inputColumns, unitIDs)
	if err != nil {
		return nil, err
	}
	defer data.Close()
	return m.Fit(data, threads)
}

// FitCSV fits on a CSV file with a "unit_id" column.
func (m *Model) FitCSV(path string, threads int) (*Fitted, error) {
	data, err := ReadCSV(path, "")
	if err != nil {
		return nil, err
	}
	defer data.Close()
	return m.Fit(data, threads)
}

// --- score --------------------------------------------------------------------------------------

// Score scores every unit of data with fitted (nil: fit on data first). threads: 0 = all cores;
// results are bit-identical whatever the count.
func (m *Model) Score(data *Dataset, fitted *Fitted, threads int) (*Result, error) {
	return m.ScoreWith(data, fitted, threads, ScoreOptions{})
}

// ScoreOptions are the options of ScoreWith.
type ScoreOptions struct {
	// Keep lists the nodes whose scores and coverage the result holds, for large runs that need only
	// the index and perhaps its dimensions. Each entry is a node id or a word: "all", "groups" (every
	// node that is not an indicator), "indicators" or "depth:N" (the root and the nodes at most N
	// levels below it: "depth:1" = the index and its dimensions); an entry that is not a node id may
	// also be a comma-separated list of ids and words. nil or empty = every node. The root is always
	// kept; ranks, grades, statuses and effective weights are those of Score.
	Keep []string
}

// ScoreWith is Score with options: with opts.Keep, the result holds only the kept nodes (see
// Result.KeptNodeIDs), whose values are bit for bit those of Score. An unknown node id or word in Keep
// is ErrInvalidArgument naming it.
func (m *Model) ScoreWith(data *Dataset, fitted *Fitted, threads int, opts ScoreOptions) (*Result, error) {
	if threads < 0 {
		return nil, invalidArgument("threads must be >= 0 (0 = all cores), not %d", threads)
	}
	model, err := m.handle()
	if err != nil {
		return nil, err
	}
	dataset, err := data.handle()
	if err != nil {
		return nil, err
	}
	var state *C.civiscore_fitted
	if fitted != nil {
		if state, err = fitted.handle(); err != nil {
			return nil, err
		}
	}
	var cOptions *C.char // NULL: every node, as Score
	if len(opts.Keep) > 0 {
		text, jsonErr := json.Marshal(struct {
			Keep []string `json:"keep"`
		}{opts.Keep})
		if jsonErr != nil {
			return nil, invalidArgument("ScoreOptions.Keep: %v", jsonErr)
		}
		cOptions = cString(string(text))
		defer C.free(unsafe.Pointer(cOptions))
	}
	var out *C.civiscore_result
	err = call(func() C.int {
		return C.civiscore_score_opts(model, state, dataset, cOptions, C.int(threads), &out)
	})
	runtime.KeepAlive(m)
	runtime.KeepAlive(data)
	runtime.KeepAlive(fitted)
	if err != nil {
		return nil, err
	}
	return newResult(out, m)
}

// ScoreRows scores rows whose columns are InputColumns, in order; unitIDs may be nil ("1", "2", ...).
func (m *Model) ScoreRows(rows [][]float64, unitIDs []string, fitted *Fitted, threads int) (*Result, error) {
	data, err := NewDatasetFromRows(rows, m.inputColumns, unitIDs)
	if err != nil {
		return nil, err
	}
	defer data.Close()
	return m.Score(data, fitted, threads)
}

// ScoreMatrix scores a flat len(unitIDs) x len(InputColumns) matrix in layout.
func (m *Model) ScoreMatrix(values []float64, unitIDs []string, layout Layout, fitted *Fitted,
	threads int) (*Result, error) {
	data, err := NewDatasetFromMatrix(values, len(unitIDs), m.inputColumns, layout, unitIDs)
	if err != nil {
		return nil, err
	}
	defer data.Close()
	return m.Score(data, fitted, threads)
}

// ScoreCSV scores a CSV file with a "unit_id" column, with fitted (nil: fit on the file first).
func (m *Model) ScoreCSV(path string, fitted *Fitted, threads int) (*Result, error) {
	data, err := ReadCSV(path, "")
	if err != nil {
		return nil, err
	}
	defer data.Close()
	return m.Score(data, fitted, threads)
}
