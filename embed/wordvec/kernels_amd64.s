//go:build !purego

#include "textflag.h"

// func stepAVX2(s float32, h, o, grad *float32, n int)
// For each i: grad[i] += s*o[i]; o[i] += s*h[i] (o read before written).
TEXT ·stepAVX2(SB), NOSPLIT, $0-40
	VBROADCASTSS s+0(FP), Y0
	MOVQ         h+8(FP), AX
	MOVQ         o+16(FP), BX
	MOVQ         grad+24(FP), CX
	MOVQ         n+32(FP), DX

loop16:
	CMPQ        DX, $0x10
	JL          loop8
	VMOVUPS     (BX), Y1
	VMOVUPS     32(BX), Y4
	VMOVUPS     (CX), Y2
	VMOVUPS     32(CX), Y5
	VFMADD231PS Y1, Y0, Y2
	VFMADD231PS Y4, Y0, Y5
	VMOVUPS     Y2, (CX)
	VMOVUPS     Y5, 32(CX)
	VFMADD231PS (AX), Y0, Y1
	VFMADD231PS 32(AX), Y0, Y4
	VMOVUPS     Y1, (BX)
	VMOVUPS     Y4, 32(BX)
	ADDQ        $0x40, AX
	ADDQ        $0x40, BX
	ADDQ        $0x40, CX
	SUBQ        $0x10, DX
	JMP         loop16

loop8:
	CMPQ        DX, $0x08
	JL          done
	VMOVUPS     (BX), Y1
	VMOVUPS     (CX), Y2
	VFMADD231PS Y1, Y0, Y2
	VMOVUPS     Y2, (CX)
	VFMADD231PS (AX), Y0, Y1
	VMOVUPS     Y1, (BX)
	ADDQ        $0x20, AX
	ADDQ        $0x20, BX
	ADDQ        $0x20, CX
	SUBQ        $0x08, DX
	JMP         loop8

done:
	VZEROUPPER
	RET

// func axpyAVX2(a float32, x, y *float32, n int)
// For each i: y[i] += a*x[i].
TEXT ·axpyAVX2(SB), NOSPLIT, $0-32
	VBROADCASTSS a+0(FP), Y0
	MOVQ         x+8(FP), AX
	MOVQ         y+16(FP), BX
	MOVQ         n+24(FP), DX

loop8:
	CMPQ        DX, $0x08
	JL          done
	VMOVUPS     (BX), Y1
	VFMADD231PS (AX), Y0, Y1
	VMOVUPS     Y1, (BX)
	ADDQ        $0x20, AX
	ADDQ        $0x20, BX
	SUBQ        $0x08, DX
	JMP         loop8

done:
	VZEROUPPER
	RET
