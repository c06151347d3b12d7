package wordvec

import "github.com/seogo/seogo/vector"

// The vector kernels of training and pooling. dot is package vector's
// (AVX2 where the CPU has it); step and axpy have AVX2+FMA assembly of
// their own (kernels_amd64.s) for the largest multiple of 8 and Go for the
// tail, so dim 100 is twelve 8-wide steps and four scalar ones. step fuses
// the two updates of a negative-sampling prediction so each output row is
// loaded once. Profiled at dim 100, the updates were two thirds of training.

func dot(a, b []float32) float32 { return vector.Dot(a, b) }

// step adds g·o to grad and g·h to o (the gradient of the hidden vector and
// the output row's update), reading o before writing it as word2vec does.
// o and grad must be at least as long as h.
func step(g float32, h, o, grad []float32) {
	n := len(h)
	o, grad = o[:n], grad[:n]
	if useAVX2 && n >= 8 {
		m := n &^ 7
		stepAVX2(g, &h[0], &o[0], &grad[0], m)
		h, o, grad = h[m:], o[m:], grad[m:]
	}
	stepGo(g, h, o, grad)
}

func stepGo(g float32, h, o, grad []float32) {
	o, grad = o[:len(h)], grad[:len(h)]
	for i, hi := range h {
		oi := o[i]
		grad[i] += g * oi
		o[i] = oi + g*hi
	}
}

// axpy adds a·x to y; y must be at least as long as x.
func axpy(a float32, x, y []float32) {
	n := len(x)
	y = y[:n]
	if useAVX2 && n >= 8 {
		m := n &^ 7
		axpyAVX2(a, &x[0], &y[0], m)
		x, y = x[m:], y[m:]
	}
	axpyGo(a, x, y)
}

func axpyGo(a float32, x, y []float32) {
	y = y[:len(x)]
	for i, xi := range x {
		y[i] += a * xi
	}
}

func scale(a float32, x []float32) {
	for i := range x {
		x[i] *= a
	}
}
