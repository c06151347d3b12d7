package provider

import "fmt"

// Sprintf formats v every way a log line might, to show a Secret never leaks.
func Sprintf(v any) string { return fmt.Sprintf("%v %s %+v %#v", v, v, v, v) }
