package app

import (
	"encoding/json"
	"io"
	"net/http"
	"time"

	"github.com/amityhq/amity/internal/awserr"
	"github.com/amityhq/amity/internal/doctor"
)

// serveDoctor answers POST /_amity/doctor, signed with SigV4 for the
// service "amity" by any credentials: the explanation sees what the
// signer's account may see.
func (a *App) serveDoctor(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(io.LimitReader(r.Body, 1<<16))
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	req, aerr := a.Server.Authenticate(r, body)
	if aerr != nil {
		writeJSON(w, aerr.Status, map[string]string{"__type": aerr.Code, "message": aerr.Message})
		return
	}
	var in doctor.Question
	if err := json.Unmarshal(body, &in); err != nil {
		writeJSON(w, http.StatusBadRequest, map[string]string{"__type": "SerializationException", "message": err.Error()})
		return
	}
	a.Failures.Flush() // what just failed is explained too
	ctx := r.Context()
	if in.Kind == "" {
		since := time.Hour
		if in.Since != "" {
			if since, err = time.ParseDuration(in.Since); err != nil {
				writeJSON(w, http.StatusBadRequest, map[string]string{"__type": "ValidationException", "message": "since: " + err.Error()})
				return
			}
		}
		reports, err := a.Doctor.Recent(ctx, req, req.Time.Add(-since))
		a.answerDoctor(w, doctor.RecentReports{Reports: nonNil(reports)}, err)
		return
	}
	report, err := a.Doctor.Explain(ctx, req, in.Kind, in.ID)
	a.answerDoctor(w, report, err)
}

func (a *App) answerDoctor(w http.ResponseWriter, v any, err error) {
	if err != nil {
		if e, ok := awserr.As(err); ok {
			writeJSON(w, e.Status, map[string]string{"__type": e.Code, "message": e.Message})
			return
		}
		a.log.Error("amity doctor", "error", err)
		writeJSON(w, http.StatusInternalServerError, map[string]string{"__type": "InternalFailure", "message": "amity doctor failed"})
		return
	}
	writeJSON(w, http.StatusOK, v)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
