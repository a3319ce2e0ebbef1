package identity

import "testing"

// TestCacheRefusesAReadOlderThanADrop: a reader that read the store
// before a write's commit dropped the entry must not put its stale value
// back; one that read after it may.
func TestCacheRefusesAReadOlderThanADrop(t *testing.T) {
	c := newCache()
	_, before := c.account("111122223333")
	c.dropAccount("111122223333") // a write committed meanwhile
	c.putAccount(&Account{ID: "111122223333"}, before)
	if a, _ := c.account("111122223333"); a != nil {
		t.Fatal("a read from before the commit was cached")
	}
	_, after := c.account("111122223333")
	c.putAccount(&Account{ID: "111122223333", OptInRegions: map[string]string{"af-south-1": RegionEnabled}}, after)
	a, _ := c.account("111122223333")
	if a == nil || !a.RegionEnabled("af-south-1") {
		t.Fatalf("a read from after the commit was not cached: %+v", a)
	}
	a.OptInRegions["af-south-1"] = RegionDisabled // a caller's change is its own
	if b, _ := c.account("111122223333"); !b.RegionEnabled("af-south-1") {
		t.Error("a caller's copy shares the cache's map")
	}

	_, before = c.credential("AKIAEXAMPLE")
	c.dropCredential("AKIAEXAMPLE")
	c.putCredential(&Credential{AccessKeyID: "AKIAEXAMPLE"}, before)
	if cr, _ := c.credential("AKIAEXAMPLE"); cr != nil {
		t.Fatal("a credential read from before the commit was cached")
	}
}
