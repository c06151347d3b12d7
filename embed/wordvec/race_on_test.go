//go:build race

package wordvec

// raceEnabled skips the tests that train with several workers: Hogwild!
// updates race by design (as the reference word2vec's do), and the race
// detector rightly reports them.
const raceEnabled = true
