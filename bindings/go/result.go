package civiscore

/*
#include <stdlib.h>
#include <civiscore.h>
*/
import "C"

import (
	"fmt"
	"runtime"
	"sync/atomic"
	"unsafe"
)

// UnitStatus is the status of one unit in a result.
type UnitStatus int

const (
	UnitOK       UnitStatus = C.CIVISCORE_UNIT_OK       // root scored from complete data
	UnitPartial  UnitStatus = C.CIVISCORE_UNIT_PARTIAL  // root scored, some values missing (coverage < 1)
	UnitUnscored UnitStatus = C.CIVISCORE_UNIT_UNSCORED // root not scored: unranked, ungraded
)

// String is "ok", "partial" or "unscored", as in the JSON and CSV output.
func (s UnitStatus) String() string {
	switch s {
	case UnitOK:
		return "ok"
	case UnitPartial:
		return "partial"
	case UnitUnscored:
		return "unscored"
	}
	return fmt.Sprintf("status %d", int(s))
}

// Format is an output format of a result (docs/output-formats.md).
type Format int

const (
	FormatJSON  Format = C.CIVISCORE_FORMAT_JSON
	FormatCSV   Format = C.CIVISCORE_FORMAT_CSV
	FormatTable Format = C.CIVISCORE_FORMAT_TABLE // for people; JSON and CSV are for programs
)

// Result holds the scores of every unit (in data order) for every node (in model order), with
// statuses, ranks, grades, coverage, effective weights and the SHA-256 of the model and fitted state.
// Every slice comes from the library in one call and belongs to the caller. NaN is a score that could
// not be computed. Immutable; share it between goroutines freely.
//
// A result of ScoreWith with ScoreOptions.Keep holds the scores and coverage of the kept nodes only
// (KeptNodeIDs): NodeScores and NodeCoverage of another node are ErrInvalidArgument naming it, and
// Scores and ScoresFlat (every node) are ErrInvalidArgument.
type Result struct {
	ptr          atomic.Pointer[C.civiscore_result]
	model        *Model
	unitIDs      []string
	kept         []bool   // per node, model order
	keptIDs      []string // the kept node ids, model order
	modelSHA256  string
	fittedSHA256 string
}

func newResult(ptr *C.civiscore_result, model *Model) (*Result, error) {
	r := &Result{model: model}
	r.ptr.Store(ptr)
	runtime.SetFinalizer(r, (*Result).Close)
	if n := int(C.civiscore_result_node_count(ptr)); n != len(model.nodes) {
		r.Close()
		return nil, &Error{Status: StatusInternal, Message: fmt.Sprintf(
			"result has %d nodes but model '%s' has %d", n, model.id, len(model.nodes))}
	}
	units := int(C.civiscore_result_unit_count(ptr))
	var err error
	r.unitIDs, err = readIDs(units, func(buf *C.char, capacity C.size_t, outLen *C.size_t) C.int {
		return C.civiscore_result_unit_ids(ptr, buf, capacity, outLen)
	})
	r.kept = make([]bool, len(model.nodes))
	for i := 0; i < len(model.nodes) && err == nil; i++ {
		var flag C.int
		err = call(func() C.int { return C.civiscore_result_node_kept(ptr, C.size_t(i), &flag) })
		r.kept[i] = flag == 1
		if r.kept[i] {
			r.keptIDs = append(r.keptIDs, model.nodes[i].ID)
		}
	}
	if err == nil {
		r.modelSHA256, err = stringAt(func() *C.char { return C.civiscore_result_model_sha256(ptr) })
	}
	if err == nil {
		r.fittedSHA256, err = stringAt(func() *C.char { return C.civiscore_result_fitted_sha256(ptr) })
	}
	if err != nil {
		r.Close()
		return nil, err
	}
	return r, nil
}

// Close frees the C result; later calls report ErrInvalidArgument. Idempotent.
func (r *Result) Close() error {
	if ptr := r.ptr.Swap(nil); ptr != nil {
		C.civiscore_result_free(ptr)
		runtime.SetFinalizer(r, nil)
	}
	return nil
}

func (r *Result) handle() (*C.civiscore_result, error) {
	if ptr := r.ptr.Load(); ptr != nil {
		return ptr, nil
	}
	return nil, closedError("result")
}

// Model is the model that produced the result.
func (r *Result) Model() *Model { return r.model }

// Len is the number of units.
func (r *Result) Len() int { return len(r.unitIDs) }

// UnitIDs are the unit ids in data order.
func (r *Result) UnitIDs() []string { return append([]string(nil), r.unitIDs...) }

// NodeIDs are the node ids in model order: the columns of Scores.
func (r *Result) NodeIDs() []string { return r.model.NodeIDs() }

// KeptNodeIDs are the nodes whose scores and coverage the result holds, in model order: every node,
// unless the result comes from ScoreWith with ScoreOptions.Keep.
func (r *Result) KeptNodeIDs() []string { return append([]string(nil), r.keptIDs...) }

// Kept reports whether the result holds the scores and coverage of a node (by id); ErrInvalidArgument
// for an unknown id.
func (r *Result) Kept(nodeID string) (bool, error) {
	index, err := r.model.NodeIndex(nodeID)
	if err != nil {
		return false, err
	}
	return r.kept[index], nil
}

// ModelSHA256 is the hex SHA-256 of the model's canonical JSON.
func (r *Result) ModelSHA256() string { return r.modelSHA256 }

// FittedSHA256 is the hex SHA-256 of the fitted state's canonical JSON.
func (r *Result) FittedSHA256() string { return r.fittedSHA256 }

// fill runs one array getter into a fresh slice of n elements (cgo reads and writes it in the call).
func fillFloat64(r *Result, n int, get func(*C.civiscore_result, *C.double, C.size_t) C.int) ([]float64, error) {
	ptr, err := r.handle()
	if err != nil {
		return nil, err
	}
	out := make([]float64, n)
	if n == 0 {
		return out, nil
	}
	err = call(func() C.int { return get(ptr, (*C.double)(unsafe.Pointer(&out[0])), C.size_t(n)) })
	runtime.KeepAlive(r)
	return out, err
}

func (r *Result) nodeAt(id string) (C.size_t, error) {
	index, err := r.model.NodeIndex(id)
	return C.size_t(index), err
}

// NodeScores are the scores of one node (by id) for every unit; NaN where it could not be scored.
// ErrInvalidArgument naming the node for a node the result did not keep (ScoreOptions.Keep).
func (r *Result) NodeScores(nodeID string) ([]float64, error) {
	node, err := r.nodeAt(nodeID)
	if err != nil {
		return nil, err
	}
	return fillFloat64(r, r.Len(), func(p *C.civiscore_result, out *C.double, n C.size_t) C.int {
		return C.civiscore_result_node_scores(p, node, out, n)
	})
}

// Total is the root's score for every unit.
func (r *Result) Total() ([]float64, error) {
	return r.NodeScores(r.model.nodes[0].ID)
}

// ScoresFlat are all scores as one flat units x nodes slice in layout; ErrInvalidArgument for a
// result that did not keep every node (read the kept nodes with NodeScores).
func (r *Result) ScoresFlat(layout Layout) ([]float64, error) {
	return fillFloat64(r, r.Len()*len(r.model.nodes), func(p *C.civiscore_result, out *C.double, n C.size_t) C.int {
		return C.civiscore_result_scores(p, C.int(layout), out, n)
	})
}

// Scores are all scores as units x nodes: Scores()[unit][node], nodes in model order;
// ErrInvalidArgument for a result that did not keep every node, as ScoresFlat.
func (r *Result) Scores() ([][]float64, error) {
	flat, err := r.ScoresFlat(RowMajor)
	if err != nil {
		return nil, err
	}
	nodes := len(r.model.nodes)
	rows := make([][]float64, r.Len())
	for i := range rows {
		rows[i] = flat[i*nodes : (i+1)*nodes : (i+1)*nodes]
	}
	return rows, nil
}

// NodeCoverage is the coverage of one node for every unit in [0, 1]; NaN where not applicable.
// ErrInvalidArgument naming the node for a node the result did not keep (ScoreOptions.Keep).
func (r *Result) NodeCoverage(nodeID string) ([]float64, error) {
	node, err := r.nodeAt(nodeID)
	if err != nil {
		return nil, err
	}
	return fillFloat64(r, r.Len(), func(p *C.civiscore_result, out *C.double, n C.size_t) C.int {
		return C.civiscore_result_node_coverage(p, node, out, n)
	})
}

// Coverage is the root's coverage for every unit: the weight share of its indicators that had data.
func (r *Result) Coverage() ([]float64, error) {
	return r.NodeCoverage(r.model.nodes[0].ID)
}

// Ranks are the rank per unit: 1 = best, ties share the lowest rank (1, 2, 2, 4); 0 = unranked
// (an unscored unit).
func (r *Result) Ranks() ([]int64, error) {
	ptr, err := r.handle()
	if err != nil {
		return nil, err
	}
	out := make([]int64, r.Len())
	if len(out) == 0 {
		return out, nil
	}
	err = call(func() C.int {
		return C.civiscore_result_ranks(ptr, (*C.int64_t)(unsafe.Pointer(&out[0])), C.size_t(len(out)))
	})
	runtime.KeepAlive(r)
	return out, err
}

func (r *Result) ints(get func(*C.civiscore_result, *C.int, C.size_t) C.int) ([]int, error) {
	ptr, err := r.handle()
	if err != nil {
		return nil, err
	}
	raw := make([]C.int, r.Len())
	if len(raw) > 0 {
		err = call(func() C.int { return get(ptr, &raw[0], C.size_t(len(raw))) })
		runtime.KeepAlive(r)
	}
	out := make([]int, len(raw))
	for i, value := range raw {
		out[i] = int(value)
	}
	return out, err
}

// GradeIndices are the index into Model.GradeLabels per unit; -1 = no grade.
func (r *Result) GradeIndices() ([]int, error) {
	return r.ints(func(p *C.civiscore_result, out *C.int, n C.size_t) C.int {
		return C.civiscore_result_grades(p, out, n)
	})
}

// Grades are the grade label per unit; "" for no grade (unscored, or the model has no grades).
func (r *Result) Grades() ([]string, error) {
	indices, err := r.GradeIndices()
	if err != nil {
		return nil, err
	}
	grades := make([]string, len(indices))
	for i, index := range indices {
		if index >= 0 {
			grades[i] = r.model.gradeLabels[index]
		}
	}
	return grades, nil
}

// Statuses are the status per unit: UnitOK, UnitPartial (some data missing) or UnitUnscored.
func (r *Result) Statuses() ([]UnitStatus, error) {
	raw, err := r.ints(func(p *C.civiscore_result, out *C.int, n C.size_t) C.int {
		return C.civiscore_result_statuses(p, out, n)
	})
	if err != nil {
		return nil, err
	}
	statuses := make([]UnitStatus, len(raw))
	for i, value := range raw {
		statuses[i] = UnitStatus(value)
	}
	return statuses, nil
}

// EffectiveWeights are the effective weight of every indicator in the root score, in the order of
// Model.IndicatorIDs (they sum to 1).
func (r *Result) EffectiveWeights() ([]float64, error) {
	return fillFloat64(r, len(r.model.indicatorIDs), func(p *C.civiscore_result, out *C.double, n C.size_t) C.int {
		return C.civiscore_result_effective_weights(p, out, n)
	})
}

// Text writes the result in format, the same text the CLI writes.
func (r *Result) Text(format Format) (string, error) {
	ptr, err := r.handle()
	if err != nil {
		return "", err
	}
	defer runtime.KeepAlive(r)
	return readString(func(buf *C.char, capacity C.size_t, outLen *C.size_t) C.int {
		return C.civiscore_result_write_string(ptr, C.int(format), buf, capacity, outLen)
	})
}

// ToJSON is the result as JSON (docs/output-formats.md).
func (r *Result) ToJSON() (string, error) { return r.Text(FormatJSON) }

// ToCSV is the result as CSV (docs/output-formats.md).
func (r *Result) ToCSV() (string, error) { return r.Text(FormatCSV) }

// ToTable is the result as a ranking table for people.
func (r *Result) ToTable() (string, error) { return r.Text(FormatTable) }

// WriteFile writes the result to path (created or truncated); ErrIO if it cannot be written.
func (r *Result) WriteFile(path string, format Format) error {
	ptr, err := r.handle()
	if err != nil {
		return err
	}
	cPath, err := cArg(path)
	if err != nil {
		return err
	}
	defer C.free(unsafe.Pointer(cPath))
	err = call(func() C.int { return C.civiscore_result_write_file(ptr, C.int(format), cPath) })
	runtime.KeepAlive(r)
	return err
}
