package cloudtrail

import (
	"context"

	"github.com/amityhq/amity/internal/awsid"
	"github.com/amityhq/amity/internal/server"
	"github.com/amityhq/amity/internal/service/cloudtrail/eventstore"
	"github.com/amityhq/amity/internal/service/cloudtrail/record"
	"github.com/amityhq/amity/internal/wire"
)

var _ server.Auditor = (*Service)(nil)

// Record implements server.Auditor: it queues what CloudTrail records of
// the call. A call that never reached an operation, or was refused before
// anyone was authenticated, leaves no record (it belongs to no account);
// nor does an operation amity does not serve, whose NotImplemented answer
// AWS never gives.
func (s *Service) Record(_ context.Context, e *server.Event) {
	if e.Request == nil || e.Operation == "" || (e.Err != nil && e.Err.Code == wire.NotImplementedCode) {
		return
	}
	recipients := e.RecipientAccounts()
	if len(recipients) == 0 {
		return
	}
	c := &record.Call{RequestID: e.RequestID, SharedEventID: e.SharedEventID, Time: e.Time, Service: e.Service,
		Operation: e.Operation, ReadOnly: e.ReadOnly, Request: *e.Request, Input: e.Input(), Output: e.Output(),
		Resources: e.Resources(), Recipients: recipients, Err: e.Err}
	c.Request.Decisions = nil // the copy keeps nothing of the server's
	s.queue.push(c)
}

// writeChunk bounds the records one store transaction writes.
const writeChunk = 4096

// write builds the records of calls, writes them and hands them to the
// trails that log them.
func (s *Service) write(ctx context.Context, calls []*record.Call) {
	if len(calls) == 0 {
		return
	}
	trails := s.trails.logging()
	entries := make([]eventstore.Entry, 0, min(len(calls), writeChunk))
	flush := func() {
		if err := s.events.Write(ctx, entries); err != nil {
			s.log.Error("cloudtrail: writing records", "records", len(entries), "error", err)
		}
		entries = entries[:0]
	}
	for _, c := range calls {
		for _, rec := range s.builder.Build(c, awsid.NewUUID) {
			entries = append(entries, eventstore.Encode(&rec))
			s.delivery.add(trails, &rec)
			if len(entries) == writeChunk {
				flush()
			}
		}
	}
	if len(entries) > 0 {
		flush()
	}
	s.queue.done(len(calls))
}
