package h1

import (
	"bufio"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
	"time"
)

// response is the http.ResponseWriter of a request served here. The
// answer is kept whole and written at once when the handler returns — AWS
// answers are small, and one write is one system call — with what
// net/http would add: Content-Length, Date, a sniffed Content-Type.
type response struct {
	header http.Header // the handler's
	sent   http.Header // as it was at WriteHeader: what is sent
	status int         // 0 until WriteHeader
	body   []byte
}

func (w *response) Header() http.Header { return w.header }

// WriteHeader keeps the status and the header as they are now, as
// net/http does. An informational status (1xx), which net/http sends
// ahead of the answer, is not sent: amity sends none.
func (w *response) WriteHeader(code int) {
	if w.status == 0 && code >= 200 {
		w.status, w.sent = code, w.header.Clone()
	}
}

// closes reports whether the handler asked for the connection to close.
func (w *response) closes() bool {
	for _, v := range w.sent["Connection"] {
		for token := range strings.SplitSeq(v, ",") {
			if strings.EqualFold(strings.TrimSpace(token), "close") {
				return true
			}
		}
	}
	return false
}

func (w *response) Write(p []byte) (int, error) {
	w.WriteHeader(http.StatusOK)
	if !bodyAllowed(w.status) {
		return 0, http.ErrBodyNotAllowed
	}
	w.body = append(w.body, p...)
	return len(p), nil
}

// bodyAllowed: 1xx, 204 and 304 answers have no body [RFC 9110, 6.4.1].
func bodyAllowed(status int) bool {
	return status >= 200 && status != http.StatusNoContent && status != http.StatusNotModified
}

// writeTo writes the answer to bw, with "Connection: close" when the
// connection ends after it, and flushes it.
func (w *response) writeTo(bw *bufio.Writer, now time.Time, closing bool) error {
	w.WriteHeader(http.StatusOK)
	h := w.sent
	if bodyAllowed(w.status) {
		h["Content-Length"] = []string{strconv.Itoa(len(w.body))}
		if _, set := h["Content-Type"]; !set && len(w.body) > 0 {
			h["Content-Type"] = []string{http.DetectContentType(w.body)}
		}
	} else {
		delete(h, "Content-Length")
		delete(h, "Transfer-Encoding")
		if w.status == http.StatusNotModified {
			delete(h, "Content-Type") // representation metadata [RFC 9110, 15.4.5]
		}
	}
	if _, set := h["Date"]; !set {
		h["Date"] = []string{httpDate(now)}
	}
	if closing {
		h["Connection"] = []string{"close"}
	}
	_, _ = bw.WriteString("HTTP/1.1 ")
	_, _ = bw.WriteString(strconv.Itoa(w.status))
	_ = bw.WriteByte(' ')
	if text := http.StatusText(w.status); text != "" {
		_, _ = bw.WriteString(text)
	} else {
		_, _ = bw.WriteString("status code " + strconv.Itoa(w.status)) // as net/http words it
	}
	_, _ = bw.WriteString("\r\n")
	if err := h.Write(bw); err != nil { // sorted, values' line breaks made spaces
		return err
	}
	_, _ = bw.WriteString("\r\n")
	_, _ = bw.Write(w.body)
	return bw.Flush()
}

// dates holds the Date header's value of the current second: formatting
// it for every answer cost more than the rest of the status line and
// headers.
var dates atomic.Pointer[date]

type date struct {
	unix int64
	text string
}

func httpDate(now time.Time) string {
	if d := dates.Load(); d != nil && d.unix == now.Unix() {
		return d.text
	}
	d := &date{unix: now.Unix(), text: now.UTC().Format(http.TimeFormat)}
	dates.Store(d)
	return d.text
}
