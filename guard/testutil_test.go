package guard

import (
	"sort"
	"strconv"
)

func itoa(n int) string { return strconv.Itoa(n) }

func sortedStrings(s []string) []string {
	sort.Strings(s)
	return s
}
