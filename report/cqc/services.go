package cqc

import (
	"fmt"
	"sort"

	"github.com/carereport/carereport/report"
)

// TServices is the table of every in-scope service of the authority: the
// tables JSON carries it so that a later paper can say which services were
// rated, registered or closed since this one (carereport diff and
// report.previous_paper). The paper does not print it.
const TServices = "services"

// ListedService is one in-scope service of the authority as at the paper's date.
type ListedService struct {
	ID, Name string
	// Type is "care home with nursing", "care home" or "community", as in
	// named_services.
	Type   string
	Rating report.Rating
	Date   report.Date
}

// listServices lists the authority's in-scope services, ordered by
// Location ID so that the same data gives the same table.
func listServices(mine []*report.Location) []ListedService {
	out := make([]ListedService, 0, len(mine))
	for _, l := range mine {
		out = append(out, ListedService{ID: l.ID, Name: l.Name, Type: serviceType(l), Rating: l.Current.Overall, Date: l.Current.Date})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

func servicesTable(r *Result) *report.Table {
	if r.Services == nil {
		return nil
	}
	t := &report.Table{ID: TServices,
		Title:   fmt.Sprintf("Every service counted in %s as at %s, with its rating", r.Authority.Name, r.Opts.AsAt.Long()),
		Columns: []string{"location_id", "name", "service_type", "rating", "rating_date"},
		Rows:    make([][]report.Cell, 0, len(r.Services))}
	for _, s := range r.Services {
		date := report.Null()
		if !s.Date.IsZero() && s.Rating.IsRated() {
			date = report.Str(s.Date.String())
		}
		t.Rows = append(t.Rows, []report.Cell{report.Str(s.ID), report.Str(s.Name), report.Str(s.Type), report.Str(s.Rating.ID()), date})
	}
	return t
}
