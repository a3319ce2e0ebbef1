package server

import (
	"context"
	"log/slog"
	"time"

	"github.com/amityhq/amity/internal/authz"
	"github.com/amityhq/amity/internal/awserr"
)

// Event is the record of one request, made after its answer is written:
// the last step of the pipeline. CloudTrail builds its records from these.
type Event struct {
	RequestID string
	Time      time.Time
	Service   string // signing name, e.g. "kms"
	Operation string // "" when the request failed before its operation was known
	// Request is who called, from where; nil when authentication failed.
	Request *authz.Request
	// Err is the error answered, nil on success.
	Err *awserr.Error
}

// Auditor records events.
type Auditor interface {
	Record(ctx context.Context, e *Event)
}

// logAuditor writes each event as one structured log line.
type logAuditor struct{ log *slog.Logger }

func (a logAuditor) Record(ctx context.Context, e *Event) {
	attrs := []slog.Attr{slog.String("request_id", e.RequestID), slog.String("service", e.Service),
		slog.String("operation", e.Operation)}
	if e.Request != nil {
		attrs = append(attrs, slog.String("principal", e.Request.Principal.ARN), slog.String("region", e.Request.Region))
	}
	if e.Err != nil {
		attrs = append(attrs, slog.String("error_code", e.Err.Code), slog.Int("status", e.Err.Status))
	}
	a.log.LogAttrs(ctx, slog.LevelInfo, "request", attrs...)
}
