package wire

import (
	"math"
	"strconv"
	"time"
)

// TimeFormat is a timestamp's wire form. Each protocol has a default
// (epoch seconds in JSON bodies, date-time in XML and query strings,
// http-date in headers) that a model's timestampFormat can override.
type TimeFormat uint8

// The timestamp formats of the service models.
const (
	EpochSeconds TimeFormat = iota // 1515531081.123
	DateTime                       // 2018-01-09T20:51:21.123Z (ISO 8601)
	HTTPDate                       // Tue, 09 Jan 2018 20:51:21 GMT (RFC 7231)
)

// AppendEpochSeconds appends t as seconds since the epoch, with millisecond
// fraction when there is one, as AWS's JSON protocols write it.
func AppendEpochSeconds(b []byte, t time.Time) []byte {
	ms := t.UnixMilli()
	if ms%1000 == 0 {
		return strconv.AppendInt(b, ms/1000, 10)
	}
	return strconv.AppendFloat(b, float64(ms)/1000, 'f', -1, 64)
}

// EpochSecondsTime is the time of a (possibly fractional) epoch-seconds
// number, to millisecond precision.
func EpochSecondsTime(f float64) (time.Time, bool) {
	if math.IsNaN(f) || math.IsInf(f, 0) || math.Abs(f) > 1e14 {
		return time.Time{}, false
	}
	return time.UnixMilli(int64(math.Round(f * 1000))).UTC(), true
}

// FormatTime writes t in the given format, in UTC. DateTime carries
// milliseconds only when t has them, as IAM (whole seconds) and STS
// (milliseconds) both do.
func FormatTime(t time.Time, f TimeFormat) string {
	t = t.UTC()
	switch f {
	case EpochSeconds:
		return string(AppendEpochSeconds(nil, t))
	case HTTPDate:
		return t.Format(http1123)
	}
	if t.Nanosecond()/int(time.Millisecond) == 0 {
		return t.Format("2006-01-02T15:04:05Z")
	}
	return t.Format("2006-01-02T15:04:05.000Z")
}

const http1123 = "Mon, 02 Jan 2006 15:04:05 GMT"

// ParseTime reads a timestamp written in format f.
func ParseTime(s string, f TimeFormat) (time.Time, bool) {
	switch f {
	case EpochSeconds:
		n, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return time.Time{}, false
		}
		return EpochSecondsTime(n)
	case HTTPDate:
		t, err := time.Parse(http1123, s)
		return t, err == nil
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}, false
	}
	return t.UTC(), true
}
