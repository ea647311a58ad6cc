package civiscore

import "fmt"

// Status is a status code of civiscore.h. The values never change; new ones are only appended.
type Status int

const (
	StatusOK              Status = 0
	StatusInvalidArgument Status = 1 // NULL handle, index out of range, bad size or option
	StatusModel           Status = 2 // model JSON unreadable or invalid (all problems listed)
	StatusData            Status = 3 // data unreadable or inconsistent with the model
	StatusIO              Status = 4 // a file could not be opened, read or written
	StatusOutOfMemory     Status = 5
	StatusFitted          Status = 6 // fitted state unreadable or made for another model
	StatusInternal        Status = 7 // a bug in civiscore: please report it
)

var statusNames = map[Status]string{
	StatusOK: "ok", StatusInvalidArgument: "invalid argument", StatusModel: "model error",
	StatusData: "data error", StatusIO: "I/O error", StatusOutOfMemory: "out of memory",
	StatusFitted: "fitted state error", StatusInternal: "internal error",
}

func (s Status) String() string {
	if name, ok := statusNames[s]; ok {
		return name
	}
	return fmt.Sprintf("status %d", int(s))
}

// Error is a failure reported by the library: the C status code and the library's message for the
// failing call, which names the place (JSON pointer, CSV line and column, unit and column).
//
// Test the cause with errors.Is against the sentinels (errors.Is(err, civiscore.ErrModel)) or read
// the fields with errors.As(err, &e) where e is a *civiscore.Error.
type Error struct {
	Status  Status
	Message string
}

func (e *Error) Error() string {
	if e.Message == "" {
		return "civiscore: " + e.Status.String()
	}
	return "civiscore: " + e.Status.String() + ": " + e.Message
}

// Is reports whether target is an *Error with the same status, so every error matches its sentinel.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t.Status == e.Status
}

// Sentinels for errors.Is, one per status code.
var (
	ErrInvalidArgument = &Error{Status: StatusInvalidArgument}
	ErrModel           = &Error{Status: StatusModel}
	ErrData            = &Error{Status: StatusData}
	ErrIO              = &Error{Status: StatusIO}
	ErrOutOfMemory     = &Error{Status: StatusOutOfMemory}
	ErrFitted          = &Error{Status: StatusFitted}
	ErrInternal        = &Error{Status: StatusInternal}
)

func invalidArgument(format string, args ...any) error {
	return &Error{Status: StatusInvalidArgument, Message: fmt.Sprintf(format, args...)}
}
