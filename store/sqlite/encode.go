package sqlite

import (
	"encoding/binary"
	"encoding/json"
	"math"
	"strings"

	"github.com/seogo/seogo/i18n"
)

// Tokens are stored joined by NUL, which no analyser emits: compact, and
// decoding is one split. encodeTokens rejects a token containing NUL, since
// it would come back as two.
func encodeTokens(toks []string) ([]byte, error) {
	for _, t := range toks {
		if strings.IndexByte(t, 0) >= 0 {
			return nil, i18n.Errorf("토큰 %q 에 NUL 바이트가 있습니다", "token %q contains a NUL byte", t)
		}
	}
	return []byte(strings.Join(toks, "\x00")), nil
}

func decodeTokens(b []byte) []string {
	if len(b) == 0 {
		return nil
	}
	return strings.Split(string(b), "\x00")
}

// Vectors are stored as little-endian float32s: 4 bytes a dimension, and
// readable by any language without a schema.
func encodeVector(v []float32) []byte {
	if len(v) == 0 {
		return nil
	}
	b := make([]byte, 4*len(v))
	for i, x := range v {
		binary.LittleEndian.PutUint32(b[4*i:], math.Float32bits(x))
	}
	return b
}

func decodeVector(b []byte) ([]float32, error) {
	if len(b)%4 != 0 {
		return nil, i18n.Errorf("저장된 벡터가 %d바이트로 4의 배수가 아닙니다(손상됨)", "stored vector has %d bytes, not a multiple of 4", len(b))
	}
	v := make([]float32, len(b)/4)
	for i := range v {
		v[i] = math.Float32frombits(binary.LittleEndian.Uint32(b[4*i:]))
	}
	return v, nil
}

// encodeJSON stores nil/empty as NULL so empty metadata costs nothing.
// encoding/json sorts map keys: the same value always gives the same bytes.
func encodeJSON[T any](v T, empty bool) (any, error) {
	if empty {
		return nil, nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	return string(b), nil
}

func decodeJSON(s *string, v any) error {
	if s == nil || *s == "" {
		return nil
	}
	return json.Unmarshal([]byte(*s), v)
}
