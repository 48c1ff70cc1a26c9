package ods

import (
	"fmt"
	"strings"
	"testing"
)

// A workbook of 200,000 sheets, none the one wanted, gives a short error
// line.
func TestNoSheetErrorIsShort(t *testing.T) {
	r := &reader{label: "many.ods", want: []string{"HSCA_Active_Locations"}}
	for i := 0; i < 200000; i++ {
		r.seen = append(r.seen, fmt.Sprintf("Sheet %d %s", i, strings.Repeat("x", 100)))
	}
	msg := r.noSheetError().Error()
	if len(msg) > 1000 || !strings.Contains(msg, "and 199990 more") {
		t.Errorf("%d bytes: %.300s", len(msg), msg)
	}
}
