package wordvec

import (
	"context"
	"math"
)

// Sigmoid and log-sigmoid are read from tables, as in word2vec and
// fastText: the exponential is the costliest operation of the inner loop.
const (
	sigTableSize = 1024
	maxExp       = 6
)

var sigTable, logSigTable = func() (s, l [sigTableSize + 1]float32) {
	for i := range s {
		x := (float64(i)/sigTableSize*2 - 1) * maxExp
		sg := 1 / (1 + math.Exp(-x))
		s[i] = float32(sg)
		l[i] = float32(math.Log(max(sg, 1e-12)))
	}
	return
}()

func sigIndex(x float32) int {
	switch {
	case x <= -maxExp:
		return 0
	case x >= maxExp:
		return sigTableSize
	}
	return int((x + maxExp) * (sigTableSize / maxExp / 2))
}

// worker trains one part of the corpus. Its random numbers come from
// word2vec's linear congruential generator: cheap, and fixed by the seed.
type worker struct {
	t         *trainer
	rng       uint64
	h, grad   []float32
	ctxRows   []int32
	loss      float64
	lossCount int64
}

func newWorker(t *trainer, seed uint64) *worker {
	return &worker{t: t, rng: seed*0x9e3779b97f4a7c15 + 12345,
		h: make([]float32, t.opt.Dim), grad: make([]float32, t.opt.Dim)}
}

func (w *worker) rand() uint64 {
	w.rng = w.rng*25214903917 + 11
	return w.rng >> 16
}

// train runs one epoch over sents, publishing loss every ~10k words.
func (w *worker) train(ctx context.Context, sents [][]int32, publish func(loss float64, n int64)) error {
	t := w.t
	var kept []int32
	local := int64(0)
	alpha := float32(t.alpha(t.done.Load()))
	for _, s := range sents {
		kept = kept[:0]
		for _, id := range s {
			if uint32(w.rand()) <= t.keep[id] {
				kept = append(kept, id)
			}
		}
		local += int64(len(s))
		if local >= 10_000 {
			if err := ctx.Err(); err != nil {
				return err
			}
			alpha = float32(t.alpha(t.done.Add(local)))
			publish(w.loss, w.lossCount)
			w.loss, w.lossCount, local = 0, 0, 0
		}
		for pos := range kept {
			b := int(w.rand() % uint64(t.opt.Window))
			lo, hi := max(pos-t.opt.Window+b, 0), min(pos+t.opt.Window-b, len(kept)-1)
			if t.opt.CBOW {
				w.cbow(kept, pos, lo, hi, alpha)
			} else {
				w.skipGram(kept, pos, lo, hi, alpha)
			}
		}
	}
	t.done.Add(local)
	publish(w.loss, w.lossCount)
	return nil
}

// skipGram predicts every context word from the centre word's rows. The
// hidden vector (the mean of the centre's word and n-gram rows) is computed
// once per centre and its gradient applied once after all context words:
// with ~12 n-gram rows a word, re-averaging them per pair would cost more
// than the predictions themselves. Every row takes the whole gradient, as in
// fastText: sharing it out (1/len(rows) each) slowed the rows' learning so
// much that a Korean model's vectors collapsed onto one direction.
func (w *worker) skipGram(sent []int32, pos, lo, hi int, alpha float32) {
	t, dim := w.t, w.t.opt.Dim
	rows := t.rows[sent[pos]]
	w.hidden(rows)
	clear(w.grad)
	for c := lo; c <= hi; c++ {
		if c != pos {
			w.predict(sent[c], alpha)
		}
	}
	g := w.grad
	for _, r := range rows {
		axpy(1, g, t.in[int(r)*dim:int(r+1)*dim])
	}
}

// cbow predicts the centre word from the mean of the context words' rows.
func (w *worker) cbow(sent []int32, pos, lo, hi int, alpha float32) {
	t, dim := w.t, w.t.opt.Dim
	w.ctxRows = w.ctxRows[:0]
	for c := lo; c <= hi; c++ {
		if c != pos {
			w.ctxRows = append(w.ctxRows, t.rows[sent[c]]...)
		}
	}
	if len(w.ctxRows) == 0 {
		return
	}
	w.hidden(w.ctxRows)
	clear(w.grad)
	w.predict(sent[pos], alpha)
	for _, r := range w.ctxRows {
		axpy(1, w.grad, t.in[int(r)*dim:int(r+1)*dim])
	}
}

func (w *worker) hidden(rows []int32) {
	t, dim := w.t, w.t.opt.Dim
	h := w.h
	copy(h, t.in[int(rows[0])*dim:int(rows[0]+1)*dim])
	for _, r := range rows[1:] {
		axpy(1, t.in[int(r)*dim:int(r+1)*dim], h)
	}
	if len(rows) > 1 {
		scale(1/float32(len(rows)), h)
	}
}

// predict is one negative-sampling step: target is a positive, Negative
// draws from the unigram table are negatives. It updates the output rows
// and accumulates the hidden vector's gradient in w.grad. This is the inner
// loop of training: the rows are slices of one flat array, the sigmoid
// comes from a table, a draw is an LCG step and a mask, nothing allocates.
func (w *worker) predict(target int32, alpha float32) {
	t := w.t
	dim, neg := t.opt.Dim, t.opt.Negative
	h, grad, out, table := w.h, w.grad, t.out, t.table
	mask := uint64(len(table) - 1)
	var loss float32
	for d := 0; d <= neg; d++ {
		tgt, label := target, float32(1)
		if d > 0 {
			w.rng = w.rng*25214903917 + 11
			tgt = table[(w.rng>>16)&mask]
			if tgt == target {
				continue
			}
			label = 0
		}
		off := int(tgt) * dim
		o := out[off : off+dim : off+dim]
		i := sigIndex(dot(h, o))
		if label == 1 {
			loss -= logSigTable[i]
		} else {
			loss -= logSigTable[sigTableSize-i]
		}
		step((label-sigTable[i])*alpha, h, o, grad)
	}
	w.loss += float64(loss)
	w.lossCount++
}
