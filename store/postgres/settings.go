package postgres

import (
	"context"
	"errors"

	"github.com/jackc/pgx/v5"

	"github.com/seogo/seogo/i18n"
	"github.com/seogo/seogo/store"
)

var _ store.Settings = (*Store)(nil)

// GetSetting returns a shared setting and its version (nil, 0 when absent).
func (s *Store) GetSetting(ctx context.Context, name string) ([]byte, int64, error) {
	var data []byte
	var v int64
	err := s.pool.QueryRow(ctx, `SELECT data, version FROM seogo_settings WHERE name = $1`, name).Scan(&data, &v)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, 0, nil
	}
	if err != nil {
		return nil, 0, settingError(name, err)
	}
	return data, v, nil
}

// PutSetting writes a shared setting if it is still at version (0: not
// there yet): a compare-and-set, so two nodes editing at once cannot lose
// each other's change; the loser reads again and retries.
func (s *Store) PutSetting(ctx context.Context, name string, data []byte, version int64) (bool, error) {
	var sql string
	if version == 0 {
		sql = `INSERT INTO seogo_settings (name, data, version) VALUES ($1, $2, 1) ON CONFLICT (name) DO NOTHING`
	} else {
		sql = `UPDATE seogo_settings SET data = $2, version = version + 1, updated = now() WHERE name = $1 AND version = $3`
	}
	args := []any{name, data}
	if version != 0 {
		args = append(args, version)
	}
	tag, err := s.pool.Exec(ctx, sql, args...)
	if err != nil {
		return false, settingError(name, err)
	}
	return tag.RowsAffected() == 1, nil
}

func settingError(name string, err error) error {
	return i18n.Errorf("공유 설정 %q 을(를) 읽거나 쓰지 못했습니다: %w", "shared setting %q: %w", name, err)
}
