//go:build !race

package wordvec

const raceBuild = false
