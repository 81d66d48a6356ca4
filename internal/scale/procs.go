package scale

import (
	"bufio"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"
)

// rssPollInterval is how often /proc is scanned during a phase. VmHWM is the
// process's own high-water mark, so polling only has to see each provider
// process once before it exits; what grows in the last interval of a
// process's life is missed.
const rssPollInterval = 50 * time.Millisecond

// rssPoller watches, during one phase, every process whose executable is
// one of exes (our private provider builds, so other users of the machine
// running the provider are never counted) and records the largest VmHWM.
//
// The bench passes every provider build of Tools (the Cloudinary provider,
// the noop provider, the schema floor) to every phase: Terraform starts only
// the providers a workspace uses, so the scenario's phases measure the
// Cloudinary provider alone, the plugin floor's the noop provider alone (its
// CPU is the "provider" CPU of those phases), the schema floor's its own
// build alone, and the terraform_data floor's none.
type rssPoller struct {
	exes []string
	quit chan struct{}
	done chan struct{}

	mu    sync.Mutex
	peak  int64 // bytes; -1 when /proc is unavailable
	procs map[int]bool
	cpu   map[int]int64 // pid -> utime+stime seen last, in clock ticks
}

func newRSSPoller(exes ...string) *rssPoller {
	p := &rssPoller{exes: exes, quit: make(chan struct{}), done: make(chan struct{}), procs: map[int]bool{}, cpu: map[int]int64{}}
	if _, err := os.Stat("/proc/self/status"); err != nil {
		p.peak = -1
		close(p.done)
		return p
	}
	go p.loop()
	return p
}

func (p *rssPoller) loop() {
	defer close(p.done)
	t := time.NewTicker(rssPollInterval)
	defer t.Stop()
	for {
		p.sample()
		select {
		case <-p.quit:
			p.sample()
			return
		case <-t.C:
		}
	}
}

func (p *rssPoller) sample() {
	for _, pid := range processesOf(p.exes...) {
		hwm := statusBytes(pid, "VmHWM")
		if rss := statusBytes(pid, "VmRSS"); rss > hwm {
			hwm = rss
		}
		ticks := cpuTicks(pid)
		p.mu.Lock()
		if hwm > 0 {
			p.procs[pid] = true
		}
		if ticks > p.cpu[pid] {
			p.cpu[pid] = ticks
		}
		p.peak = max(p.peak, hwm)
		p.mu.Unlock()
	}
}

// stop ends polling and returns the peak in bytes, how many distinct
// provider processes were seen and the CPU time they used (as last seen:
// up to one poll interval of a process's end is missed).
func (p *rssPoller) stop() (int64, int, time.Duration) {
	select {
	case <-p.done:
	default:
		close(p.quit)
		<-p.done
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	var ticks int64
	for _, t := range p.cpu {
		ticks += t
	}
	return p.peak, len(p.procs), time.Duration(ticks) * time.Second / userHZ
}

// userHZ is the unit of the times in /proc/<pid>/stat (USER_HZ, 100 on
// every Linux architecture Go supports).
const userHZ = 100

// cpuTicks reads utime+stime of a process from /proc/<pid>/stat.
func cpuTicks(pid int) int64 {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return 0
	}
	// The command name (field 2) is parenthesised and may hold spaces: the
	// fields that follow start after the last ')'.
	s := string(b)
	i := strings.LastIndexByte(s, ')')
	if i < 0 {
		return 0
	}
	f := strings.Fields(s[i+1:])
	// f[0] is field 3 (state); utime and stime are fields 14 and 15.
	if len(f) < 13 {
		return 0
	}
	u, err1 := strconv.ParseInt(f[11], 10, 64)
	st, err2 := strconv.ParseInt(f[12], 10, 64)
	if err1 != nil || err2 != nil {
		return 0
	}
	return u + st
}

// processesOf lists the pids whose executable is one of exes.
func processesOf(exes ...string) []int {
	want := map[string]bool{}
	for _, exe := range exes {
		if p, err := filepath.EvalSymlinks(exe); err == nil {
			exe = p
		}
		want[exe] = true
	}
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return nil
	}
	var pids []int
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		link, err := os.Readlink("/proc/" + e.Name() + "/exe")
		if err != nil {
			continue
		}
		if want[strings.TrimSuffix(link, " (deleted)")] {
			pids = append(pids, pid)
		}
	}
	return pids
}

// statusBytes reads a "kB" field of /proc/<pid>/status, in bytes (0 when
// the process is gone or the field is missing).
func statusBytes(pid int, field string) int64 {
	f, err := os.Open("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		k, v, ok := strings.Cut(sc.Text(), ":")
		if !ok || k != field {
			continue
		}
		fs := strings.Fields(v)
		if len(fs) == 0 {
			return 0
		}
		n, err := strconv.ParseInt(fs[0], 10, 64)
		if err != nil {
			return 0
		}
		return n * 1024
	}
	return 0
}
