//go:build !(linux || darwin || freebsd || netbsd || openbsd || dragonfly)

package sqlite

import (
	"errors"
	"os"
)

// ErrLocked is returned (wrapped) by Open when another process has the
// store's directory open. On this platform the directory is not locked:
// do not open one store from two processes at once.
var ErrLocked = errors.New("store directory is locked")

func lockDir(string) (*os.File, error) { return nil, nil }

func unlockDir(*os.File) {}
