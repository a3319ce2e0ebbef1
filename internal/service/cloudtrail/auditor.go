package cloudtrail

import (
	"context"

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

// writeChunk bounds the calls one store transaction records.
const writeChunk = 4096

// write builds the records of calls, writes them and hands them to the
// trails that log them.
func (s *Service) write(ctx context.Context, calls []*record.Call) {
	for len(calls) > writeChunk {
		s.writeSome(ctx, calls[:writeChunk])
		calls = calls[writeChunk:]
	}
	if len(calls) > 0 {
		s.writeSome(ctx, calls)
	}
}

// writeSome records calls in one transaction.
func (s *Service) writeSome(ctx context.Context, calls []*record.Call) {
	var slots []eventstore.Slot
	for _, c := range calls {
		for _, acct := range c.Recipients {
			slots = append(slots, eventstore.Slot{Partition: eventstore.Partition{Account: acct, Region: c.Request.Region}, Time: c.Time})
		}
	}
	plan := eventstore.Assign(slots)
	ids := make([]string, len(slots))
	for i := range ids {
		ids[i] = plan.ID(i)
	}
	recs := make([]record.Record, 0, len(slots))
	for _, c := range calls {
		recs = append(recs, s.builder.Build(c, ids[len(recs):len(recs)+len(c.Recipients)])...)
	}
	if err := s.events.Write(ctx, plan, recs); err != nil {
		s.log.Error("cloudtrail: writing records", "records", len(recs), "error", err)
	}
	trails := s.trails.logging()
	for i := range recs {
		s.delivery.add(trails, &recs[i])
	}
	s.queue.done(len(calls))
}
