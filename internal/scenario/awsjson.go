package scenario

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/smithy-go"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	"github.com/amityhq/amity/internal/wire"
)

// awsJSON makes the operation name of an awsJson service (KMS), called
// through this file's client rather than aws-sdk-go-v2's: linking the
// SDK's KMS client cost every start of every amity command, `amity
// serve` included, ~1.5 ms and 1 MiB of heap (its schemas package's
// init), for the five calls scenarios make. In is the generated input
// type a step's input must fit, Out the output type its answer is read
// into — the members aws-sdk-go-v2 names the same.
func awsJSON[In, Out any](meta wire.Metadata, name string) operation {
	return operation{
		input: reflect.TypeFor[In](),
		call: func(ctx context.Context, cfg aws.Config, in any) (any, error) {
			answer, err := postJSON(ctx, cfg, meta, name, in)
			if err != nil {
				return nil, err
			}
			var out Out
			decoded, err := timesAsText(reflect.TypeFor[Out](), answer)
			if err != nil {
				return nil, fmt.Errorf("%s %s: the answer: %w", meta.Name, name, err)
			}
			raw, err := json.Marshal(decoded)
			if err == nil {
				err = json.Unmarshal(raw, &out)
			}
			if err != nil {
				return nil, fmt.Errorf("%s %s: the answer: %w", meta.Name, name, err)
			}
			return &out, nil
		},
	}
}

// maxAnswer bounds the answer read; amity's are far smaller.
const maxAnswer = 16 << 20

// postJSON sends in, signed with cfg's credentials, and returns the
// answer as plain values, or AWS's refusal as a smithy.APIError.
func postJSON(ctx context.Context, cfg aws.Config, meta wire.Metadata, name string, in any) (any, error) {
	body, err := json.Marshal(jsonMembers(reflect.ValueOf(in)))
	if err != nil {
		return nil, err
	}
	endpoint := strings.TrimRight(aws.ToString(cfg.BaseEndpoint), "/") + "/"
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, endpoint, bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/x-amz-json-"+meta.JSONVersion)
	req.Header.Set("X-Amz-Target", meta.TargetPrefix+"."+name)
	creds, err := cfg.Credentials.Retrieve(ctx)
	if err != nil {
		return nil, fmt.Errorf("credentials: %w", err)
	}
	sum := sha256.Sum256(body)
	if err := v4.NewSigner().SignHTTP(ctx, creds, req, hex.EncodeToString(sum[:]), meta.Name, cfg.Region, time.Now()); err != nil {
		return nil, err
	}
	var client aws.HTTPClient = http.DefaultClient
	if cfg.HTTPClient != nil {
		client = cfg.HTTPClient
	}
	resp, err := client.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, maxAnswer))
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		// Wrapped as aws-sdk-go-v2 wraps it: the request id (requestID)
		// and the error's text are the same.
		return nil, &smithy.OperationError{ServiceID: meta.ServiceID, OperationName: name, Err: &awshttp.ResponseError{
			RequestID:     resp.Header.Get("X-Amzn-Requestid"),
			ResponseError: &smithyhttp.ResponseError{Response: &smithyhttp.Response{Response: resp}, Err: jsonRefusal(resp.StatusCode, raw)},
		}}
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var answer any
	if err := dec.Decode(&answer); err != nil {
		return nil, fmt.Errorf("%s %s: the answer is not JSON: %w", meta.Name, name, err)
	}
	return answer, nil
}

// jsonRefusal is an awsJson error answer: its code from __type (after any
// namespace and "#"), its message from message or Message.
func jsonRefusal(status int, raw []byte) error {
	var body struct {
		Type    string `json:"__type"`
		Message string `json:"message"`
		Upper   string `json:"Message"`
	}
	e := &smithy.GenericAPIError{Fault: smithy.FaultClient}
	if status >= 500 {
		e.Fault = smithy.FaultServer
	}
	if json.Unmarshal(raw, &body) != nil || body.Type == "" {
		e.Code, e.Message = http.StatusText(status), strings.TrimSpace(string(raw))
		return e
	}
	e.Code = body.Type[strings.LastIndex(body.Type, "#")+1:]
	e.Message = body.Message
	if e.Message == "" {
		e.Message = body.Upper
	}
	return e
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
