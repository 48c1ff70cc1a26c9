package pipeline

import (
	"reflect"
	"testing"
)

// A comparator group may list the authority itself (a batch reuses one
// list for every member); it is left out of its own comparators.
func TestComparatorsLeaveOutTheAuthority(t *testing.T) {
	got := without([]string{"Torbay", " devon", "Plymouth", "torbay "}, "Devon")
	if want := []string{"Torbay", "Plymouth"}; !reflect.DeepEqual(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
}
