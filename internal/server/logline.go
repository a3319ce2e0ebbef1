package server

import (
	"context"
	"log/slog"
)

// LogAuditor returns the auditor that writes each event as one structured
// log line in log: the default.
func LogAuditor(log *slog.Logger) Auditor { return logAuditor{log} }

// logAuditor writes each event as one line: what was asked (service,
// operation), by whom (principal, account, Region), how it was answered
// (status, error code and message, latency) and, for a refusal, why.
type logAuditor struct{ log *slog.Logger }

func (a logAuditor) Record(ctx context.Context, e *Event) {
	if !a.log.Enabled(ctx, slog.LevelInfo) {
		return // quiet mode: spare building the line
	}
	attrs := make([]slog.Attr, 0, 14)
	attrs = append(attrs, slog.String("request_id", e.RequestID), slog.String("service", e.Service),
		slog.String("operation", e.Operation))
	if e.ParentID != "" {
		attrs = append(attrs, slog.String("parent_id", e.ParentID))
	}
	if e.Request != nil {
		attrs = append(attrs, slog.String("principal", e.Request.Principal.ARN),
			slog.String("account", e.Request.Principal.Account), slog.String("region", e.Request.Region))
	}
	attrs = append(attrs, slog.Int("status", e.Status))
	if e.Err != nil {
		attrs = append(attrs, slog.String("error_code", e.Err.Code), slog.String("error", e.Err.Message))
		if reason := e.Reason(); reason != "" {
			attrs = append(attrs, slog.String("reason", reason))
		}
	}
	attrs = append(attrs, slog.Float64("latency_ms", float64(e.Duration.Microseconds())/1000))
	a.log.LogAttrs(ctx, slog.LevelInfo, "request", attrs...)
}
