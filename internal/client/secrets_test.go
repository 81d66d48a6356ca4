package client

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"net/url"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-log/tflogtest"
)

// echoSecret has characters that URL and JSON escaping change, so that each
// escaped form is tested too.
const echoSecret = "Ech0+Secret/Value=with&<odd>chars"

// leakForms are the texts that must never reach an error or a log, each a
// giveaway of echoSecret: the secret in its forms, the Basic header value,
// and the first 8 characters of each.
func leakForms(key, secret string) map[string]string {
	basic := base64.StdEncoding.EncodeToString([]byte(key + ":" + secret))
	j, _ := json.Marshal(secret)
	forms := map[string]string{
		"secret":               secret,
		"query-escaped secret": url.QueryEscape(secret),
		"path-escaped secret":  url.PathEscape(secret),
		"JSON-escaped secret":  string(j[1 : len(j)-1]),
		"Basic header value":   basic,
	}
	all := map[string]string{}
	for name, f := range forms {
		all[name] = f
		all["8-character start of the "+name] = f[:8]
	}
	return all
}

// echoed is every form of the key and secret, as a server that echoes the
// request's credentials would write them.
func echoed(key, secret string) string {
	basic := base64.StdEncoding.EncodeToString([]byte(key + ":" + secret))
	return "key " + key + " secret " + secret + " escaped " + url.QueryEscape(secret) + " " + url.PathEscape(secret) +
		" header Basic " + basic + " bare " + basic + " raw " + base64.RawStdEncoding.EncodeToString([]byte(key+":"+secret))
}

// straddling is a text/plain body longer than the cut, with the secret (and
// then the Basic header value) across the 200th byte.
func straddling(key, secret string) string {
	basic := base64.StdEncoding.EncodeToString([]byte(key + ":" + secret))
	return strings.Repeat("x", 195) + secret + " then " + strings.Repeat("y", 190) + basic + " end"
}

func TestSecretsNeverReachErrorsOrLogs(t *testing.T) {
	echo := echoed(coreKey, echoSecret)
	jsonEcho, _ := json.Marshal(echo)
	errorBody := `{"error":{"message":` + string(jsonEcho) + `,"code":` + string(jsonEcho) + `,"category":` + string(jsonEcho) +
		`,"details":{"echo":` + string(jsonEcho) + `,` + string(jsonEcho) + `:"as a key","list":[` + string(jsonEcho) + `]}}}`
	basic := base64.StdEncoding.EncodeToString([]byte(coreKey + ":" + echoSecret))
	cases := []struct {
		name  string
		reply coreReply
		// want is in the error: the rest of the answer still shows.
		want string
	}{
		{name: "every JSON error field", reply: coreReply{status: 400, body: errorBody}, want: "key " + coreKey},
		{name: "text body cut across the secret", reply: coreReply{status: 400, body: straddling(coreKey, echoSecret),
			headers: map[string]string{"Content-Type": "text/plain"}}, want: "xxxxx"},
		{name: "text body cut by the server inside the secret", reply: coreReply{status: 400, body: "denied for " + echoSecret[:12],
			headers: map[string]string{"Content-Type": "text/plain"}}, want: "denied for"},
		{name: "text body cut across the Basic value", reply: coreReply{status: 400, body: strings.Repeat("z", 180) + basic,
			headers: map[string]string{"Content-Type": "text/plain"}}, want: "zzzzz"},
		{name: "rate limit", reply: coreReply{status: 429, body: errorBody, headers: map[string]string{
			"Retry-After": "7200", "X-FeatureRateLimit-Limit": echoSecret, "X-FeatureRateLimit-Remaining": basic}},
			want: "rate limit exceeded"},
		{name: "content type", reply: coreReply{status: 200, body: `{}`, headers: map[string]string{
			"Content-Type": "text/" + echoSecret}}, want: "content type"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := newCoreServer(t, tc.reply)
			c := coreClient(t, s.URL, func(cfg *Config) { cfg.APISecret = echoSecret; cfg.MaxRetries = 0 })
			var logs bytes.Buffer
			ctx := tflogtest.RootLogger(t.Context(), &logs)
			_, err := c.GetUsers(ctx, nil)
			if err == nil {
				t.Fatal("expected an error")
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q lacks %q", err, tc.want)
			}
			if !strings.Contains(logs.String(), "Cloudinary API response body") && tc.reply.body != "" {
				t.Errorf("the response body was not logged at trace level:\n%s", logs.String())
			}
			for name, leak := range leakForms(coreKey, echoSecret) {
				if strings.Contains(err.Error(), leak) {
					t.Errorf("the error shows the %s: %s", name, err)
				}
				if strings.Contains(logs.String(), leak) {
					t.Errorf("the logs show the %s:\n%s", name, logs.String())
				}
			}
		})
	}
}

func TestRedactStringRemovesStartsOfSecrets(t *testing.T) {
	c := coreClient(t, "http://127.0.0.1:1", func(cfg *Config) { cfg.APISecret = echoSecret })
	basic := base64.StdEncoding.EncodeToString([]byte(coreKey + ":" + echoSecret))
	cases := map[string]string{
		"whole secret":          "a " + echoSecret + " b",
		"start, cut at the end": "a " + echoSecret[:9],
		"start, then more text": "a " + echoSecret[:10] + "… (truncated)",
		"query-escaped":         "a " + url.QueryEscape(echoSecret),
		"escaped, then cut":     "a " + url.QueryEscape(echoSecret)[:14],
		"Basic value":           "a " + basic + " b",
		"Basic value, cut":      "a " + basic[:20],
	}
	for name, in := range cases {
		got := c.redactString(in)
		for leak, form := range leakForms(coreKey, echoSecret) {
			if strings.Contains(got, form) {
				t.Errorf("%s: redactString(%q) = %q shows the %s", name, in, got, leak)
			}
		}
		if !strings.HasPrefix(got, "a "+redacted) {
			t.Errorf("%s: redactString(%q) = %q", name, in, got)
		}
	}
	// Cutting after redaction: the cut cannot leave a part of the secret.
	for n := 1; n < 40; n++ {
		got := c.redactCut(strings.Repeat("x", n)+echoSecret, 20)
		if strings.Contains(got, echoSecret[:4]) {
			t.Errorf("redactCut with the secret at %d = %q", n, got)
		}
	}
	if got := c.redactString("short " + echoSecret[:7] + " words"); !strings.Contains(got, echoSecret[:7]) {
		t.Errorf("fewer than 8 characters of a secret are left alone: %q", got)
	}
}
