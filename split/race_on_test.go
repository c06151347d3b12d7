//go:build race

package split

// raceEnabled shrinks the biggest inputs under the race detector, which
// makes them many times slower.
const raceEnabled = true
