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
	"strings"
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

// cArg is cString for an argument C reads only up to its NUL (a path, a column name): one holding a
// NUL byte would be read cut short (another file, another column), so it is refused.
func cArg(text string) (*C.char, error) {
	if strings.IndexByte(text, 0) >= 0 {
		return nil, invalidArgument("%q contains a NUL character, where C would end it", text)
	}
	return C.CString(text), nil
}

// cStrings is a C array of C strings, for ids (kind "unit" or "column"): one buffer holding every
// text with a NUL after each, and one array of pointers into it, so 10^6 unit ids cost two mallocs
// rather than one each. nil gives NULL. C would silently cut a text at a NUL byte (and then see
// another id, perhaps a duplicate), so such a text is refused, named with its 1-based position. The
// returned function frees all of it.
func cStrings(texts []string, kind string) (**C.char, func(), error) {
	if texts == nil {
		return nil, func() {}, nil
	}
	size := 0
	for i, text := range texts {
		if strings.IndexByte(text, 0) >= 0 {
			return nil, nil, invalidArgument("%s id %q (%s %d) contains a NUL character", kind, text, kind, i+1)
		}
		size += len(text) + 1
	}
	// cgo's C.malloc never returns NULL, not even for 0 bytes: an empty list is an array, not NULL.
	buffer := C.malloc(C.size_t(size))
	array := (**C.char)(C.malloc(C.size_t(len(texts)) * C.size_t(unsafe.Sizeof((*C.char)(nil)))))
	bytes := unsafe.Slice((*byte)(buffer), size)
	slots := unsafe.Slice(array, len(texts))
	at := 0
	for i, text := range texts {
		slots[i] = (*C.char)(unsafe.Pointer(&bytes[at]))
		at += copy(bytes[at:], text)
		bytes[at] = 0
		at++
	}
	return array, func() {
		C.free(buffer)
		C.free(unsafe.Pointer(array))
	}, nil
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

// readIDs reads the n unit ids of a civiscore_*_unit_ids writer (readString's output with a NUL
// after each id) in one call, not one call per id. The ids are substrings of one string: one copy
// and one allocation for all of them (an id kept alone keeps that string alive).
func readIDs(n int, f func(buf *C.char, capacity C.size_t, outLen *C.size_t) C.int) ([]string, error) {
	text, err := readString(f)
	if err != nil {
		return nil, err
	}
	ids := strings.Split(text, "\x00") // the last piece is the empty one after the last NUL
	if len(ids) != n+1 {
		return nil, &Error{Status: StatusInternal, Message: fmt.Sprintf(
			"%d unit ids expected, %d read: an id holds a NUL byte", n, len(ids)-1)}
	}
	return ids[:n:n], nil
}

func closedError(kind string) error {
	return &Error{Status: StatusInvalidArgument, Message: "the " + kind + " is closed"}
}
