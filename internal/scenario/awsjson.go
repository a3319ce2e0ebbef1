package scenario

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/smithy-go"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	"github.com/amityhq/amity/internal/awsclient"
	"github.com/amityhq/amity/internal/wire"
)

// awsJSON makes the operation name of an awsJson service (KMS), called
// through this file's client rather than aws-sdk-go-v2's: linking the
// SDK's KMS client cost every start of every amity command, `amity
// serve` included, ~1.5 ms (0.57 of them its schemas package's init,
// which made 1 MiB of heap), for the five calls scenarios make. In is the
// generated input type a step's input must fit, Out the output type its
// answer is read into — the members aws-sdk-go-v2 names the same. Unlike
// the SDK's outputs, whose enums and booleans are values, every member of
// a generated output is a pointer: one the answer leaves out reads as
// absent, not as "" or false.
func awsJSON[In any, Out any, PIn interface {
	*In
	wire.Input
}](meta wire.Metadata, name string) operation {
	return operation{
		input: reflect.TypeFor[In](),
		call: func(ctx context.Context, cfg aws.Config, in any) (any, error) {
			// The SDK checks required members before it sends: a step
			// lacking one is a broken file, not AWS's refusal.
			var v wire.Validator
			in.(PIn).Validate(&v)
			if missing := v.Missing(); len(missing) > 0 {
				return nil, fmt.Errorf("operation error %s: %s, missing required member %s", meta.ServiceID, name, strings.Join(missing, ", "))
			}
			answer, err := postJSON(ctx, cfg, meta, name, in)
			if err != nil {
				return nil, err
			}
			var out Out
			decoded, err := timesAsText(reflect.TypeFor[Out](), answer)
			if err != nil {
				return nil, fmt.Errorf("operation error %s: %s, the answer: %w", meta.ServiceID, name, err)
			}
			raw, err := json.Marshal(decoded)
			if err == nil {
				err = json.Unmarshal(raw, &out)
			}
			if err != nil {
				return nil, fmt.Errorf("operation error %s: %s, the answer: %w", meta.ServiceID, name, err)
			}
			return &out, nil
		},
	}
}

// postJSON sends in, signed with cfg's credentials, and returns the
// answer as plain values, or AWS's refusal as a smithy.APIError.
func postJSON(ctx context.Context, cfg aws.Config, meta wire.Metadata, name string, in any) (any, error) {
	body, err := json.Marshal(jsonMembers(reflect.ValueOf(in)))
	if err != nil {
		return nil, err
	}
	header := http.Header{"Content-Type": {"application/x-amz-json-" + meta.JSONVersion}, "X-Amz-Target": {meta.TargetPrefix + "." + name}}
	resp, raw, err := awsclient.Post(ctx, cfg.HTTPClient, cfg.Credentials, strings.TrimRight(aws.ToString(cfg.BaseEndpoint), "/")+"/",
		header, body, meta.Name, cfg.Region)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		// Wrapped as aws-sdk-go-v2 wraps it: the request id (requestID)
		// and the error's text are the same.
		return nil, &smithy.OperationError{ServiceID: meta.ServiceID, OperationName: name, Err: &awshttp.ResponseError{
			RequestID:     resp.Header.Get("X-Amzn-Requestid"),
			ResponseError: &smithyhttp.ResponseError{Response: &smithyhttp.Response{Response: resp}, Err: jsonRefusal(resp, raw)},
		}}
	}
	if len(bytes.TrimSpace(raw)) == 0 {
		return map[string]any{}, nil
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var answer any
	if err := dec.Decode(&answer); err != nil {
		return nil, fmt.Errorf("operation error %s: %s, the answer is not JSON: %w", meta.ServiceID, name, err)
	}
	return answer, nil
}

// refusal is AWS's refusal of a call, read as aws-sdk-go-v2 reads it:
// its text is its code and message, as the SDK's modeled errors print.
type refusal struct {
	code, message string
	fault         smithy.ErrorFault
}

func (r *refusal) Error() string                 { return r.code + ": " + r.message }
func (r *refusal) ErrorCode() string             { return r.code }
func (r *refusal) ErrorMessage() string          { return r.message }
func (r *refusal) ErrorFault() smithy.ErrorFault { return r.fault }

// jsonRefusal is an awsJson error answer, its code as the SDK finds it:
// the X-Amzn-ErrorType header, else the body's __type or code, without
// what follows a colon nor the namespace before a "#"; its message the
// body's message or Message.
func jsonRefusal(resp *http.Response, raw []byte) error {
	var body struct {
		Type    string `json:"__type"`
		Code    string `json:"code"`
		Message string `json:"message"`
		Upper   string `json:"Message"`
	}
	_ = json.Unmarshal(raw, &body) // a body that is not JSON leaves the header's code
	code := cmp.Or(resp.Header.Get("X-Amzn-Errortype"), body.Type, body.Code)
	code, _, _ = strings.Cut(code, ":")
	if _, after, ok := strings.Cut(code, "#"); ok {
		code = after
	}
	r := &refusal{code: cmp.Or(code, "UnknownError"), message: cmp.Or(body.Message, body.Upper), fault: smithy.FaultClient}
	if resp.StatusCode >= 500 {
		r.fault = smithy.FaultServer
	}
	return r
}

// jsonMembers is v, a generated input, as awsJson writes it: only the
// members given (a nil pointer, list or map is absent), blobs in base64
// (encoding/json's []byte), timestamps in epoch seconds.
func jsonMembers(v reflect.Value) any {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			return nil
		}
		return jsonMembers(v.Elem())
	case reflect.Struct:
		if t, ok := v.Interface().(time.Time); ok {
			return json.Number(strconv.FormatFloat(float64(t.UnixMilli())/1000, 'f', -1, 64))
		}
		out := map[string]any{}
		for i := range v.NumField() {
			if f := v.Type().Field(i); f.IsExported() {
				if m := jsonMembers(v.Field(i)); m != nil {
					out[f.Name] = m
				}
			}
		}
		return out
	case reflect.Slice:
		if v.IsNil() {
			return nil
		}
		if v.Type().Elem().Kind() == reflect.Uint8 {
			return v.Bytes()
		}
		out := make([]any, v.Len())
		for i := range out {
			out[i] = jsonMembers(v.Index(i))
		}
		return out
	case reflect.Map:
		if v.IsNil() {
			return nil
		}
		out := make(map[string]any, v.Len())
		for it := v.MapRange(); it.Next(); {
			out[it.Key().String()] = jsonMembers(it.Value())
		}
		return out
	}
	return v.Interface()
}

var timeType = reflect.TypeFor[time.Time]()

// timesAsText is an awsJson answer v, read as t, with its timestamps
// (epoch seconds) as RFC 3339 text, which encoding/json reads into a
// time.Time: the answer then decodes into t as aws-sdk-go-v2 decodes it.
func timesAsText(t reflect.Type, v any) (any, error) {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch {
	case t == timeType:
		n, ok := v.(json.Number)
		if !ok {
			return v, nil
		}
		secs, err := n.Float64()
		if err != nil {
			return nil, err
		}
		return time.UnixMilli(int64(secs * 1000)).UTC().Format(time.RFC3339Nano), nil
	case t.Kind() == reflect.Struct:
		m, ok := v.(map[string]any)
		if !ok {
			return v, nil
		}
		for k, x := range m {
			f, ok := t.FieldByName(k)
			if !ok {
				continue // a member this model lacks: encoding/json skips it
			}
			c, err := timesAsText(f.Type, x)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", k, err)
			}
			m[k] = c
		}
	case t.Kind() == reflect.Slice || t.Kind() == reflect.Map:
		switch c := v.(type) {
		case []any:
			for i, x := range c {
				var err error
				if c[i], err = timesAsText(t.Elem(), x); err != nil {
					return nil, err
				}
			}
		case map[string]any:
			for k, x := range c {
				var err error
				if c[k], err = timesAsText(t.Elem(), x); err != nil {
					return nil, err
				}
			}
		}
	}
	return v, nil
}
