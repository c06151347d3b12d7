package hwp

import "encoding/binary"

// Record tags (spec 4.1 and 4.2): HWPTAG_BEGIN is 16.
const (
	tagParaShape        = 16 + 9
	tagDistributeDoc    = 16 + 12
	tagParaHeader       = 16 + 50
	tagParaText         = 16 + 51
	tagParaLineSeg      = 16 + 53
	tagCtrlHeader       = 16 + 55
	tagListHeader       = 16 + 56
	tagShapeComponent   = 16 + 60
	tagTable            = 16 + 61
	recordHeaderSize    = 4
	extendedSizeMarker  = 0xFFF
	recordLevelMask     = 0x3FF
	lineSegSize         = 36
	lineSegFirstOfPage  = 1 << 0
	paraHeaderMinSize   = 12
	listHeaderCellSize  = 16
	tableHeaderMinSize  = 8
	ctrlHeaderMinSize   = 4
	paraShapeMinSize    = 4
	paraNCharsMask      = 0x7FFFFFFF
	paraShapeHeadShift  = 23
	paraShapeLevelShift = 25
)

// record is one tagged record of a stream; data points into the stream.
type record struct {
	tag   uint16
	level uint16
	data  []byte
}

// parseRecords splits a record stream. It stops at the first record whose
// header or size runs past the end (a truncated stream) and reports that
// with truncated; it never reads out of bounds. At most limit records are
// returned (over is set when more were there).
func parseRecords(b []byte, limit int) (recs []record, truncated, over bool) {
	for len(b) > 0 {
		if len(recs) >= limit {
			return recs, false, true
		}
		if len(b) < recordHeaderSize {
			return recs, true, false
		}
		h := binary.LittleEndian.Uint32(b)
		b = b[recordHeaderSize:]
		size := int64(h >> 20)
		if size == extendedSizeMarker {
			if len(b) < 4 {
				return recs, true, false
			}
			size = int64(binary.LittleEndian.Uint32(b))
			b = b[4:]
		}
		if size > int64(len(b)) {
			return recs, true, false
		}
		recs = append(recs, record{tag: uint16(h & 0x3FF), level: uint16(h >> 10 & recordLevelMask), data: b[:size:size]})
		b = b[size:]
	}
	return recs, false, false
}

// subtreeEnds gives, for each record, the index just past its subtree: the
// records after it with a deeper level are its children (spec 4: a record's
// level is one more than its parent's).
func subtreeEnds(recs []record) []int {
	ends := make([]int, len(recs))
	var stack []int
	for i, r := range recs {
		for len(stack) > 0 && recs[stack[len(stack)-1]].level >= r.level {
			ends[stack[len(stack)-1]] = i
			stack = stack[:len(stack)-1]
		}
		stack = append(stack, i)
	}
	for _, i := range stack {
		ends[i] = len(recs)
	}
	return ends
}

func u16(b []byte, off int) (uint16, bool) {
	if off < 0 || off+2 > len(b) {
		return 0, false
	}
	return binary.LittleEndian.Uint16(b[off:]), true
}

func u32(b []byte, off int) (uint32, bool) {
	if off < 0 || off+4 > len(b) {
		return 0, false
	}
	return binary.LittleEndian.Uint32(b[off:]), true
}

// ctrlID builds a control id as the spec's MAKE_4CHID does.
func ctrlID(s string) uint32 {
	return uint32(s[0])<<24 | uint32(s[1])<<16 | uint32(s[2])<<8 | uint32(s[3])
}

// Control ids this package acts on.
var (
	ctrlTable    = ctrlID("tbl ")
	ctrlShape    = ctrlID("gso ")
	ctrlFootnote = ctrlID("fn  ")
	ctrlEndnote  = ctrlID("en  ")
	ctrlDutmal   = ctrlID("tdut")
)
