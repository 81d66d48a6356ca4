package main

import (
	"testing"
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
			requested, err := quietSDKLogsUnlessAsked(tc.environ, func(k, v string) error { set[k] = v; return nil })
			if err != nil {
				t.Fatal(err)
			}
			if requested == tc.wantSet {
				t.Fatalf("requested = %v for %v", requested, tc.environ)
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
