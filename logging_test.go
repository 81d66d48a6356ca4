package main

import (
	"testing"

	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/client"
)

func TestQuietSDKLogsUnlessAsked(t *testing.T) {
	cases := map[string]struct {
		environ []string
		wantSet bool
	}{
		"no logging asked":        {[]string{"PATH=/bin", "HOME=/root"}, true},
		"TF_LOG set":              {[]string{"TF_LOG=trace"}, false},
		"TF_LOG_PROVIDER set":     {[]string{"TF_LOG_PROVIDER=debug"}, false},
		"TF_LOG_PATH set":         {[]string{"TF_LOG_PATH=/tmp/x"}, false},
		"provider-specific level": {[]string{"TF_LOG_PROVIDER_CLOUDINARY=trace"}, false},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			set := map[string]string{}
			err := quietSDKLogsUnlessAsked(tc.environ, func(k, v string) error { set[k] = v; return nil })
			if err != nil {
				t.Fatal(err)
			}
			if got := len(set) > 0; got != tc.wantSet {
				t.Fatalf("set %v, want set=%v", set, tc.wantSet)
			}
			if tc.wantSet && (set["TF_LOG_SDK"] != "OFF" || set["TF_LOG_PROVIDER"] != "OFF") {
				t.Fatalf("levels not turned off: %v", set)
			}
		})
	}
}

// The variables set to silence the SDK must not turn the client's request
// logging (and its redaction work) back on: the provider decides that later
// from the same, modified, environment.
func TestQuietSDKLogsKeepClientQuiet(t *testing.T) {
	environ := []string{"PATH=/bin"}
	err := quietSDKLogsUnlessAsked(environ, func(k, v string) error {
		environ = append(environ, k+"="+v)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(environ) == 1 {
		t.Fatal("nothing was set")
	}
	if client.LogsRequested(environ) {
		t.Fatalf("after silencing the SDK, %v reads as asking for logs", environ)
	}
}
