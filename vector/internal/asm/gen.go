//go:build ignore

// This program generates vector's AVX2 and AVX-512 distance kernels with
// avo, so the
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
	dotF32AVX512()
	l2F32AVX512()
	dotI8AVX512()
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

// f32AVX2 emits the shared body of the AVX2 float32 kernels: four
// independent chains of eight lanes hide the FMA latency (4 cycles, 2 per
// cycle); n must be a multiple of 8, the Go side does the tail. step(x, m,
// acc) adds the contribution of a's eight floats (loaded in x) and b's
// matching block (memory m) to acc.
func f32AVX2(name, doc string, step func(x reg.VecVirtual, m Op, acc reg.VecVirtual)) {
	TEXT(name, NOSPLIT, "func(a, b *float32, n int) float32")
	Doc(doc)
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
		step(t, Mem{Base: b, Disp: 32 * i}, r)
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
	step(t, Mem{Base: b}, acc[0])
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

func dotF32() {
	f32AVX2("dotAVX2", "dotAVX2 returns the dot product of a[:n] and b[:n]; n is a multiple of 8.",
		func(x reg.VecVirtual, m Op, acc reg.VecVirtual) {
			VFMADD231PS(m, x, acc)
		})
}

// l2F32: squared Euclidean distance, same shape as dotF32.
func l2F32() {
	f32AVX2("l2AVX2", "l2AVX2 returns the squared L2 distance of a[:n] and b[:n]; n is a multiple of 8.",
		func(x reg.VecVirtual, m Op, acc reg.VecVirtual) {
			VSUBPS(m, x, x)
			VFMADD231PS(x, x, acc)
		})
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

// The AVX-512 kernels take any n (0 included): full 512-bit blocks in an
// unrolled loop, then one zero-masked block for the last n%16 floats (n%32
// bytes for int8). Which element lands in which lane depends on n only,
// never on the address, so a vector scores bit-identically wherever it is
// stored (the HNSW batch and snapshot tests rely on it; an aligning masked
// head, tried for the DRAM-bound scan, broke that and was dropped). Masked-out lanes are never read (AVX-512 masked loads
// suppress faults), so the kernel may end exactly at a page boundary. They
// need AVX512F and BMI2 (BZHI builds the tail mask); the int8 one also
// AVX512BW and AVX512VL (byte-masked YMM load, word multiply-add on ZMM).

// tailMask sets k to the low n lanes (n < 16 floats or < 32 bytes); wide
// selects the 32-bit KMOVD (AVX512BW) over the 16-bit KMOVW.
func tailMask(n reg.Register, k reg.Register, wide bool) {
	ones, m := GP32(), GP32()
	MOVL(U32(0xffffffff), ones)
	BZHIL(n.(reg.GPVirtual).As32(), ones, m)
	if wide {
		KMOVD(m, k)
	} else {
		KMOVW(m, k)
	}
}

// hsum16 folds the sixteen lanes of z into the low lane of its X half.
func hsum16(z reg.VecVirtual) reg.Register {
	hi := YMM()
	VEXTRACTF64X4(Imm(1), z, hi)
	VADDPS(hi, z.AsY(), hi)
	return hsum8(hi.(reg.VecVirtual))
}

// f32AVX512 emits the shared body of the float32 kernels: step(x, m, acc)
// adds the contribution of the block in x (a's sixteen floats, loaded) and
// the matching block of b (memory m, or a register for the tail) to acc.
func f32AVX512(name, doc string, step func(x reg.VecVirtual, m Op, acc reg.VecVirtual)) {
	TEXT(name, NOSPLIT, "func(a, b *float32, n int) float32")
	Doc(doc)
	a := Load(Param("a"), GP64())
	b := Load(Param("b"), GP64())
	n := Load(Param("n"), GP64())
	acc := []reg.VecVirtual{ZMM(), ZMM(), ZMM(), ZMM()}
	for _, r := range acc {
		VPXORD(r, r, r) // EVEX VXORPS would need AVX512DQ
	}
	Label(name + "_loop64")
	CMPQ(n, Imm(64))
	JL(LabelRef(name + "_loop16"))
	for i, r := range acc {
		t := ZMM()
		VMOVUPS(Mem{Base: a, Disp: 64 * i}, t)
		step(t, Mem{Base: b, Disp: 64 * i}, r)
	}
	ADDQ(U32(256), a)
	ADDQ(U32(256), b)
	SUBQ(Imm(64), n)
	JMP(LabelRef(name + "_loop64"))
	Label(name + "_loop16")
	CMPQ(n, Imm(16))
	JL(LabelRef(name + "_tail"))
	t := ZMM()
	VMOVUPS(Mem{Base: a}, t)
	step(t, Mem{Base: b}, acc[1])
	ADDQ(Imm(64), a)
	ADDQ(Imm(64), b)
	SUBQ(Imm(16), n)
	JMP(LabelRef(name + "_loop16"))
	Label(name + "_tail")
	TESTQ(n, n)
	JZ(LabelRef(name + "_done"))
	k := K()
	tailMask(n, k, false)
	x, y := ZMM(), ZMM()
	VMOVUPS_Z(Mem{Base: a}, k, x)
	VMOVUPS_Z(Mem{Base: b}, k, y)
	step(x, y, acc[2])
	Label(name + "_done")
	VADDPS(acc[1], acc[0], acc[0])
	VADDPS(acc[3], acc[2], acc[2])
	VADDPS(acc[2], acc[0], acc[0])
	s := hsum16(acc[0])
	VZEROUPPER()
	Store(s, ReturnIndex(0))
	RET()
}

// dotF32AVX512: four FMA chains of sixteen lanes. Two loads per FMA keep
// the loop load-bound, so four chains cover the FMA latency.
func dotF32AVX512() {
	f32AVX512("dotAVX512", "dotAVX512 returns the dot product of a[:n] and b[:n], any n.",
		func(x reg.VecVirtual, m Op, acc reg.VecVirtual) {
			VFMADD231PS(m, x, acc)
		})
}

// l2F32AVX512: squared Euclidean distance, same shape as dotF32AVX512.
func l2F32AVX512() {
	f32AVX512("l2AVX512", "l2AVX512 returns the squared L2 distance of a[:n] and b[:n], any n.",
		func(x reg.VecVirtual, m Op, acc reg.VecVirtual) {
			VSUBPS(m, x, x)
			VFMADD231PS(x, x, acc)
		})
}

// dotI8AVX512: as dotI8 with 32 bytes per VPMOVSXBW (AVX512BW), two
// accumulator chains of sixteen int32 lanes; VPMADDWD cannot overflow
// ((-128)*(-128)*2 = 32,768) and each lane gains at most 32,768 per 32
// bytes, so the int32 lanes are exact below 2^31/32,768*32 = 2M dimensions.
func dotI8AVX512() {
	TEXT("dotI8AVX512", NOSPLIT, "func(a, b *int8, n int) int32")
	Doc("dotI8AVX512 returns the dot product of a[:n] and b[:n], any n.")
	a := Load(Param("a"), GP64())
	b := Load(Param("b"), GP64())
	n := Load(Param("n"), GP64())
	acc := []reg.VecVirtual{ZMM(), ZMM()}
	for _, r := range acc {
		VPXORD(r, r, r)
	}
	step := func(ma, mb Op, acc reg.VecVirtual) {
		x, y := ZMM(), ZMM()
		VPMOVSXBW(ma, x)
		VPMOVSXBW(mb, y)
		VPMADDWD(y, x, x)
		VPADDD(x, acc, acc)
	}
	Label("i8_loop64")
	CMPQ(n, Imm(64))
	JL(LabelRef("i8_loop32"))
	for i, r := range acc {
		step(Mem{Base: a, Disp: 32 * i}, Mem{Base: b, Disp: 32 * i}, r)
	}
	ADDQ(Imm(64), a)
	ADDQ(Imm(64), b)
	SUBQ(Imm(64), n)
	JMP(LabelRef("i8_loop64"))
	Label("i8_loop32")
	CMPQ(n, Imm(32))
	JL(LabelRef("i8_tail"))
	step(Mem{Base: a}, Mem{Base: b}, acc[0])
	ADDQ(Imm(32), a)
	ADDQ(Imm(32), b)
	SUBQ(Imm(32), n)
	Label("i8_tail")
	TESTQ(n, n)
	JZ(LabelRef("i8_done"))
	k := K()
	tailMask(n, k, true)
	x, y := YMM(), YMM()
	VMOVDQU8_Z(Mem{Base: a}, k, x)
	VMOVDQU8_Z(Mem{Base: b}, k, y)
	step(x, y, acc[1])
	Label("i8_done")
	VPADDD(acc[1], acc[0], acc[0])
	hi := YMM()
	VEXTRACTI64X4(Imm(1), acc[0], hi)
	lo := acc[0].AsY()
	VPADDD(hi, lo, lo)
	x4, h4 := lo.(reg.VecVirtual).AsX(), XMM()
	VEXTRACTI128(Imm(1), lo, h4)
	VPADDD(h4, x4, x4)
	VPHADDD(x4, x4, x4)
	VPHADDD(x4, x4, x4)
	r := GP32()
	VMOVD(x4, r)
	VZEROUPPER()
	Store(r, ReturnIndex(0))
	RET()
}
