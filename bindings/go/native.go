// Package civiscore scores hierarchical indicator systems with libciviscore, through its C ABI
// (include/civiscore.h).
//
// Load a Model (LoadModelFile, LoadModelJSON), then Score data given as rows ([][]float64), a flat
// matrix ([]float64 with a Layout), a CSV file or a Dataset; Fit learns the data-dependent parameters
// once so later data can be scored on the same scale. NaN is missing data, in and out.
//
// Handles (Model, Dataset, Fitted, Result) own C memory: Close them when done. A finalizer frees a
// handle that was dropped without Close, but the garbage collector does not see C memory, so do not
// rely on it. Close is idempotent.
//
// Goroutines: every handle is immutable once built. Any number of goroutines may Fit and Score with
// one Model (and read one Result) at the same time without locking, and get the same numbers as one
// goroutine. Only Close must not race with calls still using the handle.
//
// Errors are *Error values carrying the C status and message; match them with errors.Is against
// ErrModel, ErrData, ... The C library keeps the message per OS thread, so each call and the read of
// its message run with the goroutine locked to its thread (runtime.LockOSThread).
//
// Building: the package uses `#cgo pkg-config: civiscore`, so PKG_CONFIG_PATH must reach civiscore.pc
// and the dynamic linker must find libciviscore.so.0 at run time (docs/embedding.md).
package civiscore

/*
#cgo pkg-config: civiscore
#include <stdlib.h>
#include <civiscore.h>

#if CIVISCORE_VERSION_MAJOR != 0
#error "this Go package is written for the civiscore 0.x ABI"
#endif
*/
import "C"

import (
	"fmt"
	"runtime"
	"unsafe"
)

// BindingVersion is the civiscore version this package was written for.
const BindingVersion = "0.1.0"

const bindingVersionNumber = 100 // MAJOR * 10000 + MINOR * 100 + PATCH

// HeaderVersionNumber is CIVISCORE_VERSION_NUMBER of the header this package was compiled against.
const HeaderVersionNumber = int(C.CIVISCORE_VERSION_NUMBER)

// LibraryVersion is the run-time version of the loaded library, "MAJOR.MINOR.PATCH".
func LibraryVersion() string {
	return C.GoString(C.civiscore_version_string())
}

// LibraryVersionNumber is the run-time version number, MAJOR * 10000 + MINOR * 100 + PATCH.
func LibraryVersionNumber() int {
	return int(C.civiscore_version_number())
}

// CheckVersion reports an error when the library loaded at run time cannot serve this package: a
// different major version, or older than the header it was compiled against (SQLite-style rule: a
// newer library of the same major keeps every function and status code an older caller uses).
// Loading a model calls it once.
func CheckVersion() error {
	found := LibraryVersionNumber()
	if found/10000 != HeaderVersionNumber/10000 || found < HeaderVersionNumber || found < bindingVersionNumber {
		return &Error{Status: StatusInvalidArgument, Message: fmt.Sprintf(
			"version mismatch: compiled against civiscore %d (package %s), but the loaded library is %s",
			HeaderVersionNumber, BindingVersion, LibraryVersion())}
	}
	return nil
}

// call runs one fallible C call and, on failure, reads the thread-local message on the same OS thread
// before anything else can run there.
func call(f func() C.int) error {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	status := f()
	if status == C.CIVISCORE_OK {
		return nil
	}
	return lastError(Status(status))
}

// lastError must run on the thread of the failed call (inside LockOSThread).
func lastError(status Status) error {
	message := C.GoString(C.civiscore_last_error_message())
	if message == "" {
		message = C.GoString(C.civiscore_status_string(C.int(status)))
	}
	return &Error{Status: status, Message: message}
}

// stringAt reads a `const char*` accessor that returns NULL (with a message) for a bad index.
func stringAt(f func() *C.char) (string, error) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	text := f()
	if text == nil {
		return "", lastError(StatusInvalidArgument)
	}
	return C.GoString(text), nil
}

// cString is a NUL-terminated copy in C memory (Go strings are UTF-8 already); free with C.free.
func cString(text string) *C.char {
	return C.CString(text)
}

// cStrings is a C array of C strings; the returned function frees all of it.
func cStrings(texts []string) (**C.char, func()) {
	if texts == nil {
		return nil, func() {}
	}
	n := len(texts)
	if n == 0 {
		n = 1
	}
	array := (**C.char)(C.malloc(C.size_t(n) * C.size_t(unsafe.Sizeof((*C.char)(nil)))))
	slots := unsafe.Slice(array, n)
	for i, text := range texts {
		slots[i] = C.CString(text)
	}
	return array, func() {
		for i := range texts {
			C.free(unsafe.Pointer(slots[i]))
		}
		C.free(unsafe.Pointer(array))
	}
}

// readString reads one of the snprintf-style outputs: ask for the length, then fill a buffer.
func readString(f func(buf *C.char, capacity C.size_t, outLen *C.size_t) C.int) (string, error) {
	var length C.size_t
	if err := call(func() C.int { return f(nil, 0, &length) }); err != nil {
		return "", err
	}
	needed := length
	buffer := (*C.char)(C.malloc(needed + 1))
	defer C.free(unsafe.Pointer(buffer))
	if err := call(func() C.int { return f(buffer, needed+1, &length) }); err != nil {
		return "", err
	}
	if length != needed {
		return "", &Error{Status: StatusInternal, Message: "output length changed between two calls"}
	}
	return C.GoStringN(buffer, C.int(needed)), nil
}

func closedError(kind string) error {
	return &Error{Status: StatusInvalidArgument, Message: "the " + kind + " is closed"}
}
