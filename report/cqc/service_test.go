package cqc

import "testing"

// All is kept as the sum of the two service types, and a value that is
// no service type stops rather than reading as all services.
func TestServiceTally(t *testing.T) {
	var tl Tally
	tl.Add(CareHome)
	tl.Add(CareHome)
	tl.Add(Community)
	if tl.Of(All) != 3 || tl.Of(CareHome) != 2 || tl.Of(Community) != 1 || tl != TallyOf(2, 1) {
		t.Errorf("tally %v", tl)
	}
	if ServiceOf(true) != CareHome || ServiceOf(false) != Community {
		t.Error("ServiceOf")
	}
	for i, s := range Services {
		if want := [...]string{"all", "care_home", "community"}[i]; s.ID() != want {
			t.Errorf("Services[%d] is %s, want %s", i, s.ID(), want)
		}
	}
	b := ByType{All: Counts{1}, CareHome: Counts{2}, Community: Counts{3}}
	if b.Of(All)[0] != 1 || b.Of(CareHome)[0] != 2 || b.Of(Community)[0] != 3 {
		t.Error("ByType.Of")
	}
	for name, f := range map[string]func(){
		"Tally.Add(All)":    func() { tl.Add(All) },
		"Tally.Of(7)":       func() { tl.Of(Service(7)) },
		"ByType.Of(7)":      func() { b.Of(Service(7)) },
		"Service(3).ID()":   func() { _ = Service(3).ID() },
		"Movements.Count 9": func() { (&Movements{}).Count(Improved, Service(9)) },
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s: no stop", name)
				}
			}()
			f()
		}()
	}
}
