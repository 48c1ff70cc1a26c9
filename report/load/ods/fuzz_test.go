package ods

import (
	"bytes"
	"io"
	"testing"
	"time"

	"github.com/carereport/carereport/report/load/sheet"
)

// FuzzODS reads arbitrary bytes both as content.xml inside a zip and as a
// whole .ods file. Neither may panic or hang; errors are expected.
func FuzzODS(f *testing.F) {
	f.Add([]byte(doc(table("S", row("a", "b"), row("Tom &amp; Jerry")))))
	f.Add([]byte(doc(table("S", `<table:table-row table:number-rows-repeated="9"><table:table-cell office:value-type="date" office:date-value="2019-01-01T00:00:00" table:number-columns-repeated="3"/></table:table-row>`))))
	f.Add([]byte(doc(table("S", `<table:table-row><table:table-cell><text:p>x<text:s text:c="4"/><![CDATA[y]]><!--z--></text:p><office:annotation><text:p>n</text:p></office:annotation></table:table-cell><table:covered-table-cell/></table:table-row>`))))
	f.Add([]byte(`<a xmlns:t="urn:oasis:names:tc:opendocument:xmlns:table:1.0"><t:table t:name='x'><t:table-row><t:table-cell>&#x41;&#65;</t:table-cell></t:table-row></t:table></a>`))
	f.Add(zipODS(f, doc(table("S", row("zip")))))
	lim := sheet.Limits{MaxUncompressed: 1 << 20, MaxRows: 5000, MaxCols: 500}
	f.Fuzz(func(t *testing.T, data []byte) {
		start := time.Now()
		drain(t, zipODS(t, string(data)), lim)
		drain(t, data, lim)
		if d := time.Since(start); d > 5*time.Second {
			t.Fatalf("took %v", d)
		}
	})
}

func drain(t *testing.T, data []byte, lim sheet.Limits) {
	rows, _, err := OpenSheetReader(bytes.NewReader(data), int64(len(data)), "fuzz.ods", nil, lim)
	if err != nil {
		return
	}
	defer rows.Close()
	for i := 0; ; i++ {
		c, n, err := rows.Next()
		if err != nil {
			if err != io.EOF && len(err.Error()) == 0 {
				t.Fatal("empty error")
			}
			return
		}
		if len(c) == 0 || c[len(c)-1] == "" {
			t.Fatalf("row %d: empty row or trailing empty cell: %q", n, c)
		}
		if n < 1 || n > lim.MaxRows || len(c) > lim.MaxCols {
			t.Fatalf("row %d with %d cells is outside the limits", n, len(c))
		}
		if i > lim.MaxRows {
			t.Fatal("more rows than the limit")
		}
	}
}
