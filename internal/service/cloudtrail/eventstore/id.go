package eventstore

import (
	"encoding/binary"
	"encoding/hex"
	"strings"
)

// An event id names where its record is: its segment's key and its
// position there, so that LookupEvents by EventId needs no index. The
// location's 104 bits and 18 zero bits make 122, the free bits of a
// version 4 UUID; a four-round Feistel network permutes them, so that ids
// look as random as AWS's. A UUID that is not one of these permutes back
// to non-zero padding: no such record.

const mask61 = 1<<61 - 1

// roundKeys key the Feistel rounds: any constants will do, the
// permutation hides nothing secret.
var roundKeys = [4]uint64{0x9e3779b97f4a7c15, 0xbf58476d1ce4e5b9, 0x94d049bb133111eb, 0x2545f4914f6cdd1d}

// mix is SplitMix64's finalizer: the round function.
func mix(z uint64) uint64 {
	z = (z ^ z>>30) * 0xbf58476d1ce4e5b9
	z = (z ^ z>>27) * 0x94d049bb133111eb
	return z ^ z>>31
}

// permute and unpermute are the Feistel network over two 61-bit halves.
func permute(l, r uint64) (uint64, uint64) {
	for _, k := range roundKeys {
		l, r = r, (l^mix(r^k))&mask61
	}
	return l, r
}

func unpermute(l, r uint64) (uint64, uint64) {
	for i := len(roundKeys) - 1; i >= 0; i-- {
		l, r = (r^mix(l^roundKeys[i]))&mask61, l
	}
	return l, r
}

// eventID is the id of the record at pos in the segment seg.
func eventID(seg string, pos int) string {
	// The 122 bits: the location's 13 bytes, then 18 zero bits.
	var loc [segmentKeyLen + 1]byte
	copy(loc[:], seg)
	loc[segmentKeyLen] = byte(pos)
	u1 := binary.BigEndian.Uint64(loc[:8])
	u2 := uint64(loc[8])<<32 | uint64(binary.BigEndian.Uint32(loc[9:13]))
	hi := u1 >> 3                   // the first 61 bits
	lo := ((u1&0x7)<<40 | u2) << 18 // the next 43, then 18 zeros
	hi, lo = permute(hi, lo&mask61)
	// Spread the 122 bits around the version nibble and variant bits.
	a, b := hi>>1, (hi&1)<<61|lo
	var id [16]byte
	binary.BigEndian.PutUint64(id[:8], (a>>12)<<16|0x4<<12|a&0xfff)
	binary.BigEndian.PutUint64(id[8:], 0x2<<62|b)
	h := hex.EncodeToString(id[:])
	return h[:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:]
}

// location returns the segment and position an id names; ok is false for
// any text that is not an id eventID made.
func location(id string) (seg string, pos int, ok bool) {
	if len(id) != 36 {
		return "", 0, false
	}
	raw, err := hex.DecodeString(strings.ReplaceAll(id, "-", ""))
	if err != nil || len(raw) != 16 || raw[6]&0xf0 != 0x40 || raw[8]&0xc0 != 0x80 {
		return "", 0, false
	}
	x, y := binary.BigEndian.Uint64(raw[:8]), binary.BigEndian.Uint64(raw[8:])
	a := (x>>16)<<12 | x&0xfff
	b := y &^ (0x3 << 62)
	hi, lo := unpermute(a<<1|b>>61, b&mask61)
	if lo&(1<<18-1) != 0 {
		return "", 0, false
	}
	rest := lo >> 18 // 43 bits
	var loc [segmentKeyLen + 1]byte
	binary.BigEndian.PutUint64(loc[:8], hi<<3|rest>>40)
	loc[8] = byte(rest >> 32)
	binary.BigEndian.PutUint32(loc[9:], uint32(rest))
	return string(loc[:segmentKeyLen]), int(loc[segmentKeyLen]), true
}
