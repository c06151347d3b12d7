//go:build ignore

// This program generates vector's AVX2 distance kernels with avo, so the
// assembly is written in Go (typed registers, checked operand order) rather
// than by hand. It lives in its own module so seogo does not depend on avo.
//
//	cd vector/internal/asm && go run gen.go -out ../../kernels_amd64.s -stubs ../../kernels_amd64.go -pkg vector
package main

import (
	. "github.com/mmcloughlin/avo/build"
	. "github.com/mmcloughlin/avo/operand"
	"github.com/mmcloughlin/avo/reg"
)

func main() {
	ConstraintExpr("!purego")
	dotF32()
	l2F32()
	dotI8()
	Generate()
}

// hsum8 folds the eight lanes of y into the low lane of its X half.
func hsum8(y reg.VecVirtual) reg.Register {
	x := y.AsX()
	hi := XMM()
	VEXTRACTF128(Imm(1), y, hi)
	VADDPS(hi, x, x)
	VHADDPS(x, x, x)
	VHADDPS(x, x, x)
	return x
}

// dotF32: four independent FMA chains of eight lanes hide the FMA latency
// (4 cycles, 2 per cycle); n must be a multiple of 8, the Go side does the tail.
func dotF32() {
	TEXT("dotAVX2", NOSPLIT, "func(a, b *float32, n int) float32")
	Doc("dotAVX2 returns the dot product of a[:n] and b[:n]; n is a multiple of 8.")
	a := Load(Param("a"), GP64())
	b := Load(Param("b"), GP64())
	n := Load(Param("n"), GP64())
	acc := []reg.VecVirtual{YMM(), YMM(), YMM(), YMM()}
	for _, r := range acc {
		VXORPS(r, r, r)
	}
	Label("loop32")
	CMPQ(n, Imm(32))
	JL(LabelRef("loop8"))
	for i, r := range acc {
		t := YMM()
		VMOVUPS(Mem{Base: a, Disp: 32 * i}, t)
		VFMADD231PS(Mem{Base: b, Disp: 32 * i}, t, r)
	}
	ADDQ(Imm(128), a)
	ADDQ(Imm(128), b)
	SUBQ(Imm(32), n)
	JMP(LabelRef("loop32"))
	Label("loop8")
	CMPQ(n, Imm(8))
	JL(LabelRef("done"))
	t := YMM()
	VMOVUPS(Mem{Base: a}, t)
	VFMADD231PS(Mem{Base: b}, t, acc[0])
	ADDQ(Imm(32), a)
	ADDQ(Imm(32), b)
	SUBQ(Imm(8), n)
	JMP(LabelRef("loop8"))
	Label("done")
	VADDPS(acc[1], acc[0], acc[0])
	VADDPS(acc[3], acc[2], acc[2])
	VADDPS(acc[2], acc[0], acc[0])
	x := hsum8(acc[0])
	VZEROUPPER()
	Store(x, ReturnIndex(0))
	RET()
}

// l2F32: squared Euclidean distance, same shape as dotF32.
func l2F32() {
	TEXT("l2AVX2", NOSPLIT, "func(a, b *float32, n int) float32")
	Doc("l2AVX2 returns the squared L2 distance of a[:n] and b[:n]; n is a multiple of 8.")
	a := Load(Param("a"), GP64())
	b := Load(Param("b"), GP64())
	n := Load(Param("n"), GP64())
	acc := []reg.VecVirtual{YMM(), YMM(), YMM(), YMM()}
	for _, r := range acc {
		VXORPS(r, r, r)
	}
	Label("loop32")
	CMPQ(n, Imm(32))
	JL(LabelRef("loop8"))
	for i, r := range acc {
		t := YMM()
		VMOVUPS(Mem{Base: a, Disp: 32 * i}, t)
		VSUBPS(Mem{Base: b, Disp: 32 * i}, t, t)
		VFMADD231PS(t, t, r)
	}
	ADDQ(Imm(128), a)
	ADDQ(Imm(128), b)
	SUBQ(Imm(32), n)
	JMP(LabelRef("loop32"))
	Label("loop8")
	CMPQ(n, Imm(8))
	JL(LabelRef("done"))
	t := YMM()
	VMOVUPS(Mem{Base: a}, t)
	VSUBPS(Mem{Base: b}, t, t)
	VFMADD231PS(t, t, acc[0])
	ADDQ(Imm(32), a)
	ADDQ(Imm(32), b)
	SUBQ(Imm(8), n)
	JMP(LabelRef("loop8"))
	Label("done")
	VADDPS(acc[1], acc[0], acc[0])
	VADDPS(acc[3], acc[2], acc[2])
	VADDPS(acc[2], acc[0], acc[0])
	x := hsum8(acc[0])
	VZEROUPPER()
	Store(x, ReturnIndex(0))
	RET()
}

// dotI8: sign-extend 16 int8 to 16 int16 (VPMOVSXBW), multiply and add
// pairs into 8 int32 (VPMADDWD). 127*127*2 per lane per step cannot
// overflow int32 below 66,000 dimensions.
func dotI8() {
	TEXT("dotI8AVX2", NOSPLIT, "func(a, b *int8, n int) int32")
	Doc("dotI8AVX2 returns the dot product of a[:n] and b[:n]; n is a multiple of 16.")
	a := Load(Param("a"), GP64())
	b := Load(Param("b"), GP64())
	n := Load(Param("n"), GP64())
	acc := []reg.VecVirtual{YMM(), YMM()}
	for _, r := range acc {
		VPXOR(r, r, r)
	}
	Label("loop32")
	CMPQ(n, Imm(32))
	JL(LabelRef("loop16"))
	for i, r := range acc {
		x, y := YMM(), YMM()
		VPMOVSXBW(Mem{Base: a, Disp: 16 * i}, x)
		VPMOVSXBW(Mem{Base: b, Disp: 16 * i}, y)
		VPMADDWD(y, x, x)
		VPADDD(x, r, r)
	}
	ADDQ(Imm(32), a)
	ADDQ(Imm(32), b)
	SUBQ(Imm(32), n)
	JMP(LabelRef("loop32"))
	Label("loop16")
	CMPQ(n, Imm(16))
	JL(LabelRef("done"))
	x, y := YMM(), YMM()
	VPMOVSXBW(Mem{Base: a}, x)
	VPMOVSXBW(Mem{Base: b}, y)
	VPMADDWD(y, x, x)
	VPADDD(x, acc[0], acc[0])
	Label("done")
	VPADDD(acc[1], acc[0], acc[0])
	lo, hi := acc[0].AsX(), XMM()
	VEXTRACTI128(Imm(1), acc[0], hi)
	VPADDD(hi, lo, lo)
	VPHADDD(lo, lo, lo)
	VPHADDD(lo, lo, lo)
	r := GP32()
	VMOVD(lo, r)
	VZEROUPPER()
	Store(r, ReturnIndex(0))
	RET()
}
