package client

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
)

// Where Cloudinary's SDK integration tests show the real service answering
// differently from the OpenAPI document, the client accepts both forms.
// internal/emulator/FIDELITY.md lists those differences with their sources;
// the row numbers in comments point there.

// StringList is a list of strings that decodes from a JSON array of strings
// or from one comma-joined string (the real service answers a user's
// sub_account_ids as "id1,id2", FIDELITY.md row 3; an access key's
// dedicated_for comes as ["webhooks"] where the document has a string, row
// 5). null or an absent field leave it nil; an empty string or array make it
// empty but not nil, so nil always means "not said".
type StringList []string

// UnmarshalJSON implements json.Unmarshaler.
func (l *StringList) UnmarshalJSON(data []byte) error {
	data = bytes.TrimSpace(data)
	switch {
	case bytes.Equal(data, []byte("null")):
		*l = nil
		return nil
	case len(data) > 0 && data[0] == '"':
		var s string
		if err := json.Unmarshal(data, &s); err != nil {
			return err
		}
		out := StringList{}
		for _, part := range strings.Split(s, ",") {
			if part = strings.TrimSpace(part); part != "" {
				out = append(out, part)
			}
		}
		*l = out
		return nil
	case len(data) > 0 && data[0] == '[':
		var raw []json.RawMessage
		if err := json.Unmarshal(data, &raw); err != nil {
			return err
		}
		out := make(StringList, 0, len(raw))
		for _, r := range raw {
			var s string
			if err := json.Unmarshal(r, &s); err != nil {
				// Numbers (an id sent as a number) keep their text.
				var n json.Number
				if nerr := json.Unmarshal(r, &n); nerr != nil {
					return fmt.Errorf("list entry %s is neither a string nor a number", r)
				}
				s = n.String()
			}
			out = append(out, s)
		}
		*l = out
		return nil
	}
	return fmt.Errorf("want a string or an array of strings, got %s", data)
}

// addArray adds an array query parameter in the bracket form key[]=a&key[]=b
// (FIDELITY.md row 8). The document describes repeated keys (key=a&key=b),
// but no SDK test ever sent those with more than one value, and a Rails-style
// server keeps only the last of them; the bracket form is the one the Java
// SDK's integration test proves with two ids, and unlike the comma-joined
// form (proven by the PHP SDK) it survives a value containing a comma.
// Results never depend on the filter being honoured: callers filter again
// and confirm what is missing with a direct read.
func addArray(q url.Values, key string, vs []string) {
	for _, v := range vs {
		q.Add(key+"[]", v)
	}
}
