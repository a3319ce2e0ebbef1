package ec2

import "time"

// transition is a resource's state: the one it shows until Settles, and
// the one it settles in (with its reason, for instances and images).
// Reading a resource resolves it by the clock: nothing runs behind.
type transition struct {
	State   string    `json:"state"`
	Settles time.Time `json:"settles,omitzero"`
	Settled string    `json:"settled,omitempty"`
	// Code and Message are the settled state's reason (StateReason,
	// StateMessage); empty when there is none.
	Code    string `json:"code,omitempty"`
	Message string `json:"message,omitempty"`
}

// at returns the state shown at now.
func (t transition) at(now time.Time) string {
	if t.Settled != "" && !now.Before(t.Settles) {
		return t.Settled
	}
	return t.State
}

// settled reports whether the state shown at now is the final one.
func (t transition) settled(now time.Time) bool {
	return t.Settled == "" || !now.Before(t.Settles)
}

// reason returns the code and message shown at now: the settled state's,
// once it is shown.
func (t transition) reason(now time.Time) (code, message string) {
	if t.settled(now) {
		return t.Code, t.Message
	}
	return "", ""
}

// moving returns a transition that shows state for d, then settles in
// settled with the given reason.
func moving(state string, now time.Time, d time.Duration, settled, code, message string) transition {
	return transition{State: state, Settles: now.Add(d), Settled: settled, Code: code, Message: message}
}

// still returns a transition resting in state.
func still(state string) transition { return transition{State: state} }
