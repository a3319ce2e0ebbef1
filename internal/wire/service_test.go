package wire_test

import (
	"context"
	"errors"
	"testing"

	"github.com/amityhq/amity/internal/wire"
)

type echoInput struct{ Text string }

func (*echoInput) Validate(*wire.Validator) {}

type echoOutput struct{ Text string }

func TestServiceAndInvoker(t *testing.T) {
	echo := func(_ context.Context, in *echoInput) (*echoOutput, error) {
		switch in.Text {
		case "nothing":
			return nil, nil
		case "fail":
			return nil, errors.New("boom")
		}
		return &echoOutput{Text: in.Text}, nil
	}
	svc := wire.NewService(wire.Metadata{Name: "echo"}, []wire.Operation{
		{Name: "Zed"},
		{Name: "Echo", NewInput: func() wire.Input { return new(echoInput) }, Invoke: wire.Invoker(echo)},
	})
	if ops := svc.Operations(); len(ops) != 2 || ops[0].Name != "Echo" || ops[1].Name != "Zed" {
		t.Errorf("operations not sorted: %v", ops)
	}
	zed, _ := svc.Operation("Zed")
	op, ok := svc.Operation("Echo")
	if !ok || !op.Served() || zed.Served() {
		t.Fatalf("lookup: %v %v", op, zed)
	}
	if _, ok := svc.Operation("Nope"); ok {
		t.Error("found an operation the model does not have")
	}
	tests := []struct {
		in      string
		want    *echoOutput
		wantErr bool
	}{
		{"hi", &echoOutput{Text: "hi"}, false},
		{"nothing", &echoOutput{}, false}, // a nil output becomes an empty one
		{"fail", nil, true},
	}
	for _, tt := range tests {
		out, err := op.Invoke(context.Background(), &echoInput{Text: tt.in})
		if (err != nil) != tt.wantErr {
			t.Fatalf("%s: error %v", tt.in, err)
		}
		if tt.want != nil && *out.(*echoOutput) != *tt.want {
			t.Errorf("%s: got %+v", tt.in, out)
		}
		if tt.wantErr && out != nil {
			t.Errorf("%s: output %v beside an error", tt.in, out)
		}
	}
	if e := wire.NotImplemented("kms", "ImportKeyMaterial"); e.Code != "NotImplemented" || e.Status != 501 ||
		e.Message != "amity does not implement kms:ImportKeyMaterial yet" {
		t.Errorf("NotImplemented: %v", e)
	}
}
