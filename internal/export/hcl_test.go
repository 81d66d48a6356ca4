package export

import (
	"strings"
	"testing"
)

func TestQuote(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"plain", `"plain"`},
		{`say "hi"`, `"say \"hi\""`},
		{`C:\path`, `"C:\\path"`},
		{"a\nb\r\tc", `"a\nb\r\tc"`},
		{"${var.x}", `"$${var.x}"`},
		{"%{if x}", `"%%{if x}"`},
		{"$${x}", `"$$${x}"`},
		{"100% $5 {x}", `"100% $5 {x}"`},
		{"$", `"$"`},
		{"bell\x07", `"bell\u0007"`},
		{"del\x7f", `"del\u007f"`},
		{"café 日本", `"café 日本"`},
		{"bad\xffutf8", `"bad\ufffdutf8"`},
	} {
		if got := quote(tc.in); got != tc.want {
			t.Errorf("quote(%q) = %s, want %s", tc.in, got, tc.want)
		}
	}
}

func TestMultilineString(t *testing.T) {
	if _, ok := multilineString("one line").(str); !ok {
		t.Error("a one-line string should be quoted")
	}
	if _, ok := multilineString("one line\n").(str); !ok {
		t.Error("a one-line string with a final newline should be quoted")
	}
	if _, ok := multilineString("a\nb").(heredoc); !ok {
		t.Error("a multi-line string should be a heredoc")
	}
	if _, ok := multilineString("a\r\nb").(str); !ok {
		t.Error("a string with a carriage return should be quoted")
	}
	if _, ok := multilineString("a\nb\x00").(str); !ok {
		t.Error("a string with a control character should be quoted")
	}
}

func TestHeredocMarker(t *testing.T) {
	if m := heredocMarker("permit(...);\n"); m != "EOT" {
		t.Errorf("marker = %q, want EOT", m)
	}
	if m := heredocMarker("x\nEOT\n  EOT1 \ny"); m != "EOT2" {
		t.Errorf("marker = %q, want EOT2", m)
	}
}

// everyValueBlock holds every kind of value, in an order that starts and
// breaks alignment runs.
func everyValueBlock() block {
	b := block{header: `resource "t" "n"`, comment: []string{"A comment."}}
	b.attr("name", str("x"))
	b.attr("longer_name", ref("a.b.id"))
	b.attr("flag", boolean(false))
	b.attr("ids", list{ref("a.x.id"), ref("a.y.id")}) // multi-line: breaks the run
	b.attr("one", list{str("only")})
	b.attr("params", object{{"folder_id", str("f")}, {"odd key", str("v")}})
	b.attr("statement", heredoc("line 1\n${x}\nEOT"))
	b.attr("after", str("y"))
	b.attr("empty", list{})
	return b
}

func TestRenderBody_alignment(t *testing.T) {
	b := everyValueBlock()
	var w strings.Builder
	b.render(&w)
	want := `# A comment.
resource "t" "n" {
  name        = "x"
  longer_name = a.b.id
  flag        = false
  ids = [
    a.x.id,
    a.y.id,
  ]
  one       = ["only"]
  params    = { folder_id = "f", "odd key" = "v" }
  statement = <<EOT1
line 1
$${x}
EOT
EOT1
  after     = "y"
  empty     = []
}
`
	if got := w.String(); got != want {
		t.Errorf("render:\n%s\nwant:\n%s", got, want)
	}
}
