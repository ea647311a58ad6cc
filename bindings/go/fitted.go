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

// Fitted is what Model.Fit learned from data (min/max, mean/sd), to score later data on the same
// scale. Save it with ToJSON, restore it with Model.FittedFromJSON. Immutable; share it freely.
type Fitted struct {
	ptr   atomic.Pointer[C.civiscore_fitted]
	model *Model
}

func newFitted(ptr *C.civiscore_fitted, model *Model) *Fitted {
	f := &Fitted{model: model}
	f.ptr.Store(ptr)
	runtime.SetFinalizer(f, (*Fitted).Close)
	return f
}

// Close frees the C fitted state; later calls report ErrInvalidArgument. Idempotent.
func (f *Fitted) Close() error {
	if ptr := f.ptr.Swap(nil); ptr != nil {
		C.civiscore_fitted_free(ptr)
		runtime.SetFinalizer(f, nil)
	}
	return nil
}

func (f *Fitted) handle() (*C.civiscore_fitted, error) {
	if ptr := f.ptr.Load(); ptr != nil {
		return ptr, nil
	}
	return nil, closedError("fitted state")
}

// Model is the model this state was fitted for.
func (f *Fitted) Model() *Model { return f.model }

// ToJSON is the state as canonical JSON (sorted keys, no white space), stamped with the model SHA-256.
func (f *Fitted) ToJSON() (string, error) {
	ptr, err := f.handle()
	if err != nil {
		return "", err
	}
	defer runtime.KeepAlive(f)
	return readString(func(buf *C.char, capacity C.size_t, outLen *C.size_t) C.int {
		return C.civiscore_fitted_to_json(ptr, buf, capacity, outLen)
	})
}

// FittedFromJSON reads a fitted state saved with Fitted.ToJSON; ErrFitted if it was made for another
// model or is malformed.
func (m *Model) FittedFromJSON(json string) (*Fitted, error) {
	model, err := m.handle()
	if err != nil {
		return nil, err
	}
	cJSON := cString(json)
	defer C.free(unsafe.Pointer(cJSON))
	var out *C.civiscore_fitted
	err = call(func() C.int {
		return C.civiscore_fitted_from_json(model, cJSON, C.size_t(len(json)), &out)
	})
	runtime.KeepAlive(m)
	if err != nil {
		return nil, err
	}
	return newFitted(out, m), nil
}
