// Command requestsum adds up the per-test lines acceptance tests write to
// the file named by TF_ACC_REQUEST_LOG (see acctest.RequestLogEnv): API
// requests spent and objects created, in total and per kind, and the tests
// that spend the most.
//
//	TF_ACC_REQUEST_LOG=/tmp/requests.jsonl make testlive
//	go run ./internal/acctest/requestsum /tmp/requests.jsonl
//
// Against the emulator (make testacc) the totals are what a live run of
// the same tests would spend, retries aside.
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"

	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/acctest"
)

func main() {
	top := flag.Int("top", 10, "list the tests and routes that spend the most requests, this many of each")
	flag.Usage = func() {
		fmt.Fprintf(flag.CommandLine.Output(), "usage: requestsum [-top N] FILE...\n")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() == 0 {
		flag.Usage()
		os.Exit(2)
	}
	var lines []acctest.RequestLogLine
	for _, path := range flag.Args() {
		f, err := os.Open(path)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		ls, err := read(f)
		_ = f.Close()
		if err != nil {
			fmt.Fprintf(os.Stderr, "%s: %v\n", path, err)
			os.Exit(1)
		}
		lines = append(lines, ls...)
	}
	summarize(os.Stdout, lines, *top)
}

func read(r io.Reader) ([]acctest.RequestLogLine, error) {
	var out []acctest.RequestLogLine
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for n := 1; sc.Scan(); n++ {
		if strings.TrimSpace(sc.Text()) == "" {
			continue
		}
		var l acctest.RequestLogLine
		if err := json.Unmarshal(sc.Bytes(), &l); err != nil {
			return nil, fmt.Errorf("line %d: %w", n, err)
		}
		out = append(out, l)
	}
	return out, sc.Err()
}

// spent is what a test cost: the requests its harness sent, or what its
// emulator served when that is more (a test that drives the terraform CLI).
func spent(l acctest.RequestLogLine) int { return max(l.Total, l.EmulatorRequests) }

func summarize(w io.Writer, lines []acctest.RequestLogLine, top int) {
	var ran, skipped, failed, requests int
	created := map[string]int{}
	routes := map[string]int{}
	var live []string
	for _, l := range lines {
		if l.Live {
			live = append(live, l.Test)
		}
		if l.Skipped {
			skipped++
		} else {
			ran++
		}
		if l.Failed {
			failed++
		}
		requests += spent(l)
		for k, v := range l.Created {
			created[k] += v
		}
		for k, v := range l.ByRoute {
			routes[k] += v
		}
	}
	objects := 0
	for _, v := range created {
		objects += v
	}
	backend := "the emulator"
	if len(live) == len(lines) && len(lines) > 0 {
		backend = "the real API"
	} else if len(live) > 0 {
		backend = "the emulator and the real API (mixed files)"
	}
	fmt.Fprintf(w, "%d tests against %s (%d ran, %d skipped, %d failed)\n", len(lines), backend, ran, skipped, failed)
	fmt.Fprintf(w, "%d API requests, %.1f per test that ran\n", requests, float64(requests)/float64(max(ran, 1)))
	fmt.Fprintf(w, "%d objects created: %s\n", objects, acctest.FormatCounts(created))

	sort.SliceStable(lines, func(i, j int) bool { return spent(lines[i]) > spent(lines[j]) })
	fmt.Fprintf(w, "\ntests that spend the most:\n")
	for i, l := range lines {
		if i == top {
			break
		}
		fmt.Fprintf(w, "  %6d  %s (created %s)\n", spent(l), l.Test, acctest.FormatCounts(l.Created))
	}
	type kv struct {
		k string
		v int
	}
	var rs []kv
	for k, v := range routes {
		rs = append(rs, kv{k, v})
	}
	sort.Slice(rs, func(i, j int) bool { return rs[i].v > rs[j].v || (rs[i].v == rs[j].v && rs[i].k < rs[j].k) })
	fmt.Fprintf(w, "\nroutes that spend the most:\n")
	for i, r := range rs {
		if i == top {
			break
		}
		fmt.Fprintf(w, "  %6d  %s\n", r.v, r.k)
	}
}
