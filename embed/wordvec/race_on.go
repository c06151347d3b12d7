//go:build race

package wordvec

// raceBuild makes training use one worker in binaries built with -race:
// Hogwild! updates race by design (as the reference word2vec's do), so the
// race detector would rightly report every multi-worker training, including
// the ones other packages start (ingest's auto-training, the CLI).
const raceBuild = true
