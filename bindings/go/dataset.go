package civiscore

/*
#include <stdlib.h>
#include <civiscore.h>
*/
import "C"

import (
	"runtime"
	"sync/atomic"
	"unsafe"
)

// Layout says how a flat []float64 holds a units x columns matrix.
type Layout int

const (
	// RowMajor: element (unit i, column j) at i*columns + j.
	RowMajor Layout = C.CIVISCORE_ROW_MAJOR
	// ColMajor: element (unit i, column j) at j*units + i.
	ColMajor Layout = C.CIVISCORE_COL_MAJOR
)

// Dataset is units x columns of raw values with unit ids, as Fit and Score read them (NaN = missing).
// Model.ScoreRows and friends build one and free it again; build one yourself to fit and score the
// same data without converting it twice. Immutable and safe to share between goroutines.
type Dataset struct {
	ptr atomic.Pointer[C.civiscore_dataset]
}

func newDataset(ptr *C.civiscore_dataset) *Dataset {
	d := &Dataset{}
	d.ptr.Store(ptr)
	runtime.SetFinalizer(d, (*Dataset).Close)
	return d
}

// Close frees the C dataset; later calls report ErrInvalidArgument. Idempotent.
func (d *Dataset) Close() error {
	if ptr := d.ptr.Swap(nil); ptr != nil {
		C.civiscore_dataset_free(ptr)
		runtime.SetFinalizer(d, nil)
	}
	return nil
}

func (d *Dataset) handle() (*C.civiscore_dataset, error) {
	if d == nil {
		return nil, invalidArgument("the dataset is nil")
	}
	if ptr := d.ptr.Load(); ptr != nil {
		return ptr, nil
	}
	return nil, closedError("dataset")
}

// NewDatasetFromRows builds a dataset where rows[i][j] is unit i's value of columns[j]. unitIDs names
// the rows; nil names them "1", "2", ... (1-based row numbers).
func NewDatasetFromRows(rows [][]float64, columns []string, unitIDs []string) (*Dataset, error) {
	width := len(columns)
	flat := make([]float64, 0, len(rows)*width)
	for i, row := range rows {
		if len(row) != width {
			return nil, invalidArgument("row %d has %d values, expected %d (one per column: %v)",
				i+1, len(row), width, columns)
		}
		flat = append(flat, row...)
	}
	return NewDatasetFromMatrix(flat, len(rows), columns, RowMajor, unitIDs)
}

// NewDatasetFromMatrix builds a dataset from a dense flat matrix of nUnits x len(columns) values in
// layout. unitIDs may be nil ("1", "2", ...).
func NewDatasetFromMatrix(values []float64, nUnits int, columns []string, layout Layout,
	unitIDs []string) (*Dataset, error) {
	if nUnits < 0 || nUnits*len(columns) != len(values) {
		return nil, invalidArgument("values has %d elements, expected %d units x %d columns",
			len(values), nUnits, len(columns))
	}
	if unitIDs != nil && len(unitIDs) != nUnits {
		return nil, invalidArgument("%d unit ids for %d units", len(unitIDs), nUnits)
	}
	if columns == nil {
		columns = []string{}
	}
	cColumns, freeColumns, err := cStrings(columns, "column")
	if err != nil {
		return nil, err
	}
	defer freeColumns()
	cUnits, freeUnits, err := cStrings(unitIDs, "unit")
	if err != nil {
		return nil, err
	}
	defer freeUnits()
	var data *C.double
	if len(values) > 0 {
		data = (*C.double)(unsafe.Pointer(&values[0])) // read during the call only (copied by C)
	}
	var out *C.civiscore_dataset
	err = call(func() C.int {
		return C.civiscore_dataset_from_matrix(data, C.size_t(nUnits), C.size_t(len(columns)),
			C.int(layout), 0, cColumns, cUnits, &out)
	})
	runtime.KeepAlive(values)
	if err != nil {
		return nil, err
	}
	return newDataset(out), nil
}

// ReadCSV reads a CSV file whose idColumn ("" means "unit_id") names the units.
func ReadCSV(path string, idColumn string) (*Dataset, error) {
	cPath, err := cArg(path)
	if err != nil {
		return nil, err
	}
	defer C.free(unsafe.Pointer(cPath))
	var cID *C.char
	if idColumn != "" {
		if cID, err = cArg(idColumn); err != nil {
			return nil, err
		}
		defer C.free(unsafe.Pointer(cID))
	}
	var out *C.civiscore_dataset
	if err := call(func() C.int { return C.civiscore_dataset_read_csv(cPath, cID, &out) }); err != nil {
		return nil, err
	}
	return newDataset(out), nil
}

// ParseCSV is ReadCSV from CSV text in memory.
func ParseCSV(text string, idColumn string) (*Dataset, error) {
	var cID *C.char
	if idColumn != "" {
		var err error
		if cID, err = cArg(idColumn); err != nil {
			return nil, err
		}
		defer C.free(unsafe.Pointer(cID))
	}
	cText := cString(text) // passed with its length: a NUL inside is the library's to report
	defer C.free(unsafe.Pointer(cText))
	var out *C.civiscore_dataset
	if err := call(func() C.int {
		return C.civiscore_dataset_parse_csv(cText, C.size_t(len(text)), cID, &out)
	}); err != nil {
		return nil, err
	}
	return newDataset(out), nil
}

// UnitIDs are the unit ids in data order.
func (d *Dataset) UnitIDs() ([]string, error) {
	ptr, err := d.handle()
	if err != nil {
		return nil, err
	}
	defer runtime.KeepAlive(d)
	units := int(C.civiscore_dataset_unit_count(ptr))
	return readIDs(units, func(buf *C.char, capacity C.size_t, outLen *C.size_t) C.int {
		return C.civiscore_dataset_unit_ids(ptr, buf, capacity, outLen)
	})
}

// ColumnIDs are the column ids in data order.
func (d *Dataset) ColumnIDs() ([]string, error) {
	ptr, err := d.handle()
	if err != nil {
		return nil, err
	}
	defer runtime.KeepAlive(d)
	n := int(C.civiscore_dataset_column_count(ptr))
	ids := make([]string, n)
	for j := range ids {
		if ids[j], err = stringAt(func() *C.char { return C.civiscore_dataset_column_id(ptr, C.size_t(j)) }); err != nil {
			return nil, err
		}
	}
	return ids, nil
}
