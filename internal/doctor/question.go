package doctor

// Path is where a running amity answers doctor's questions: POST, a
// Question as JSON, signed with SigV4 for the service "amity".
const Path = "/_amity/doctor"

// Question asks about one resource or request (Kind and ID), or, with no
// Kind, about the account's recent failures in the Region the request is
// signed for.
type Question struct {
	Kind  string `json:"kind,omitempty"`
	ID    string `json:"id,omitempty"`
	Since string `json:"since,omitempty"` // a duration: "1h" (the default), "30m"
}

// RecentReports is the answer about recent failures, newest first.
type RecentReports struct {
	Reports []*Report `json:"reports"`
}
