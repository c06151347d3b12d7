package hwp

import (
	"crypto/aes"
	"encoding/binary"
	"errors"
)

// A distribution document (배포용 문서, spec 3.2.9 and 4.2.12) keeps its body
// in ViewText/SectionN streams: a DISTRIBUTE_DOC_DATA record of 256 bytes,
// scrambled with the Visual C runtime's rand() seeded from its first four
// bytes, then the section's (compressed) records encrypted with AES-128 in
// ECB mode. The AES key is 16 bytes of the unscrambled record. The scheme
// only stops Hancom Office from editing or copying the document; it is not
// a secret, and reading the text for search is what the author published
// it for.

const distDocDataSize = 256

var errNoDistKey = errors.New("no distribution key record")

// msvcRand is the linear congruential generator of the Visual C runtime's
// srand/rand, which the scrambling uses.
type msvcRand uint32

func (r *msvcRand) next() uint32 {
	*r = *r*214013 + 2531011
	return uint32(*r) >> 16 & 0x7fff
}

// distKey unscrambles a DISTRIBUTE_DOC_DATA payload and returns the AES key.
func distKey(data []byte) []byte {
	d := make([]byte, distDocDataSize)
	copy(d, data)
	seed := binary.LittleEndian.Uint32(d)
	rng := msvcRand(seed)
	var key byte
	n := 0
	for i := range d {
		if n == 0 {
			key = byte(rng.next())
			n = int(rng.next()&0xf) + 1
		}
		if i >= 4 {
			d[i] ^= key
		}
		n--
	}
	off := 4 + int(seed&0xf)
	return d[off : off+16]
}

// distributed reads and decrypts a ViewText section stream.
func (r *reader) distributed(path string) ([]byte, bool, error) {
	raw, err := r.file.raw(path, int64(r.size))
	if err != nil {
		return nil, false, err
	}
	h, ok := u32(raw, 0)
	if !ok || h&0x3ff != tagDistributeDoc || h>>20 != distDocDataSize || len(raw) < recordHeaderSize+distDocDataSize {
		return nil, false, errNoDistKey
	}
	key := distKey(raw[recordHeaderSize : recordHeaderSize+distDocDataSize])
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, false, err
	}
	body := raw[recordHeaderSize+distDocDataSize:]
	body = body[:len(body)/aes.BlockSize*aes.BlockSize]
	plain := make([]byte, len(body))
	for off := 0; off < len(body); off += aes.BlockSize {
		block.Decrypt(plain[off:], body[off:])
	}
	if !r.file.compressed() {
		return plain, false, nil
	}
	return r.file.inflate(plain)
}
