//go:build !(linux || darwin || freebsd || netbsd || openbsd || dragonfly)

package sqlite

import (
	"os"

	"github.com/seogo/seogo/i18n"
)

// ErrLocked is returned (wrapped) by Open when another process has the
// store's directory open. On this platform the directory is not locked:
// do not open one store from two processes at once.
var ErrLocked error = i18n.Errorf("저장소 폴더가 잠겨 있습니다", "store directory is locked")

func lockDir(string) (*os.File, error) { return nil, nil }

func unlockDir(*os.File) {}
