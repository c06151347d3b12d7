//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package sqlite

import (
	"errors"
	"os"
	"path/filepath"
	"syscall"

	"github.com/seogo/seogo/i18n"
)

// ErrLocked is returned (wrapped) by Open when another process has the
// store's directory open.
var ErrLocked error = i18n.Errorf("저장소 폴더가 잠겨 있습니다", "store directory is locked")

// lockDir takes an exclusive flock on <dir>/seogo.lock. The kernel releases
// it when the process dies, so a crash never leaves the directory locked.
func lockDir(dir string) (*os.File, error) {
	path := filepath.Join(dir, "seogo.lock")
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, i18n.Errorf("잠금 파일 %s 를 열 수 없습니다: %w", "cannot open the lock file %s: %w", path, err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, i18n.Errorf("다른 seogo 프로세스가 %s 를 쓰고 있습니다(%s 를 잡고 있음): 그 프로세스를 끝내거나 다른 폴더를 쓰세요(%w)",
				"another seogo process is using %s (it holds %s): stop it or use another directory: %w", dir, path, ErrLocked)
		}
		return nil, i18n.Errorf("%s 를 잠글 수 없습니다: %w", "cannot lock %s: %w", path, err)
	}
	return f, nil
}

func unlockDir(f *os.File) {
	if f != nil {
		syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
		f.Close()
	}
}
