package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"fieldbot/i18n"
)

// unitFile is a systemd unit: each section's settings in order.
type unitFile map[string][][2]string

// parseUnit reads a systemd unit file: [Section] headers, Key=Value
// lines, # and ; comments, backslash continuations.
func parseUnit(t *testing.T, path string) unitFile {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	u := unitFile{}
	section, cont := "", ""
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if cont != "" {
			line, cont = cont+" "+line, ""
		}
		if strings.HasSuffix(line, `\`) {
			cont = strings.TrimSuffix(line, `\`)
			continue
		}
		switch {
		case line == "" || line[0] == '#' || line[0] == ';':
		case line[0] == '[' && strings.HasSuffix(line, "]"):
			section = line[1 : len(line)-1]
		default:
			k, v, ok := strings.Cut(line, "=")
			if !ok || section == "" {
				t.Fatalf("%s:%d: not a setting: %q", path, n, line)
			}
			u[section] = append(u[section], [2]string{strings.TrimSpace(k), strings.TrimSpace(v)})
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return u
}

// values are every value given to key in section, in order.
func (u unitFile) values(section, key string) []string {
	var out []string
	for _, kv := range u[section] {
		if kv[0] == key {
			out = append(out, kv[1])
		}
	}
	return out
}

// readmeSection is the README's text from the heading line to the next
// heading of the same or a higher level (outside code blocks).
func readmeSection(t *testing.T, heading string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	level := strings.IndexByte(heading, ' ')
	var out []string
	in, fence := false, false
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, "```") {
			fence = !fence
		}
		if !fence && strings.HasPrefix(line, "#") {
			n := len(line) - len(strings.TrimLeft(line, "#"))
			if in && n <= level {
				break
			}
			if line == heading {
				in = true
				continue
			}
		}
		if in {
			out = append(out, line)
		}
	}
	if !in {
		t.Fatalf("README has no %q", heading)
	}
	return strings.Join(out, "\n")
}

// settingRow is a README table row that starts with a `Key=Value` setting.
var settingRow = regexp.MustCompile("(?m)^\\| `([A-Za-z]+)=([^`]*)` \\|")

// checkRunArgs parses args as fieldbot run's command line, with the real
// flag set, and returns the options.
func checkRunArgs(t *testing.T, what string, args []string) runOptions {
	t.Helper()
	if len(args) == 0 || args[0] != "run" {
		t.Fatalf("%s: %q is not fieldbot run", what, args)
	}
	var out, errb bytes.Buffer
	e := &env{stdout: &out, stderr: &errb, p: i18n.For(i18n.EN), clock: frozen}
	o, err := e.runFlags(args[1:])
	if err != nil {
		t.Fatalf("%s: fieldbot run refuses its command line %q: %v %s", what, args, err, errb.String())
	}
	return o
}

// TestSystemdUnit: the unit has every hardening setting the README's table
// promises, with that value; its command line is one fieldbot run takes;
// what the bot writes (database, backups) is inside its StateDirectory,
// the only place ProtectSystem=strict leaves writable; the token comes from
// the credential the unit loads.
func TestSystemdUnit(t *testing.T) {
	u := parseUnit(t, filepath.Join("deploy", "fieldbot.service"))
	promised := settingRow.FindAllStringSubmatch(readmeSection(t, "### systemd"), -1)
	if len(promised) < 20 {
		t.Fatalf("the README's systemd section promises %d settings; its table was not found", len(promised))
	}
	for _, p := range promised {
		if got := u.values("Service", p[1]); !slices.Contains(got, p[2]) {
			t.Errorf("README promises %s=%s; the unit has %q", p[1], p[2], got)
		}
	}
	exec := u.values("Service", "ExecStart")
	if len(exec) != 1 {
		t.Fatalf("ExecStart: %q", exec)
	}
	args := strings.Fields(strings.ReplaceAll(exec[0], "${CREDENTIALS_DIRECTORY}", "/run/credentials/fieldbot.service"))
	if args[0] != "/usr/local/bin/fieldbot" {
		t.Errorf("ExecStart runs %s", args[0])
	}
	o := checkRunArgs(t, "ExecStart", args[1:])
	state := "/var/lib/" + strings.Join(u.values("Service", "StateDirectory"), "") + "/"
	if !strings.HasPrefix(o.db, state) || !strings.HasPrefix(o.backup.Dir, state) {
		t.Errorf("the database %s or the backups %s are outside the StateDirectory %s", o.db, o.backup.Dir, state)
	}
	cred := u.values("Service", "LoadCredential")
	if len(cred) != 1 || !strings.HasPrefix(cred[0], filepath.Base(o.tokenFile)+":") ||
		!strings.HasPrefix(o.tokenFile, "/run/credentials/fieldbot.service/") {
		t.Errorf("the token file %s is not the loaded credential %q", o.tokenFile, cred)
	}
	if slices.ContainsFunc(u["Service"], func(kv [2]string) bool {
		return kv[0] == "Environment" && strings.Contains(kv[1], "TOKEN")
	}) {
		t.Errorf("a token in the unit's environment")
	}
	if got := u.values("Install", "WantedBy"); !slices.Equal(got, []string{"multi-user.target"}) {
		t.Errorf("WantedBy %q", got)
	}
}

// dockerStage is one FROM … of a Dockerfile and its instructions.
type dockerStage struct {
	from  string
	instr [][2]string // instruction (upper case), its arguments
}

// parseDockerfile reads a Dockerfile's stages: comments dropped,
// backslash continuations joined.
func parseDockerfile(t *testing.T, path string) []dockerStage {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var stages []dockerStage
	var cur string
	for _, line := range strings.Split(string(b), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if strings.HasSuffix(line, `\`) {
			cur += strings.TrimSuffix(line, `\`) + " "
			continue
		}
		line, cur = cur+line, ""
		op, args, _ := strings.Cut(line, " ")
		op = strings.ToUpper(op)
		if op == "FROM" {
			stages = append(stages, dockerStage{from: strings.TrimSpace(args)})
			continue
		}
		if len(stages) == 0 {
			t.Fatalf("%s: %s before FROM", path, op)
		}
		s := &stages[len(stages)-1]
		s.instr = append(s.instr, [2]string{op, strings.TrimSpace(args)})
	}
	return stages
}

// args is every argument of op in the stage, in order.
func (s dockerStage) args(op string) []string {
	var out []string
	for _, in := range s.instr {
		if in[0] == op {
			out = append(out, in[1])
		}
	}
	return out
}

// execForm reads a JSON-array (exec form) argument, failing otherwise.
func execForm(t *testing.T, op, arg string) []string {
	t.Helper()
	var out []string
	if err := json.Unmarshal([]byte(arg), &out); err != nil {
		t.Fatalf("%s %s is not in exec form (a JSON array): %v", op, arg, err)
	}
	return out
}

// TestDockerfile: what the README says of the image: built without cgo
// into a static binary, an image from scratch with only the binary, the CA
// certificates and the data folder; a numeric non-root user; the database
// and backups on the volume /data, which that user owns; the token from a
// secret file; a command line fieldbot run takes.
func TestDockerfile(t *testing.T) {
	stages := parseDockerfile(t, filepath.Join("deploy", "Dockerfile"))
	if len(stages) != 2 {
		t.Fatalf("%d stages, want a build and the image", len(stages))
	}
	build, img := stages[0], stages[1]
	if !strings.HasPrefix(build.from, "golang:1.26") {
		t.Errorf("build stage FROM %s: not the Go of go.mod", build.from)
	}
	if !slices.ContainsFunc(build.args("RUN"), func(r string) bool {
		return strings.Contains(r, "CGO_ENABLED=0") && strings.Contains(r, "go build") && strings.Contains(r, "./cmd/fieldbot")
	}) {
		t.Errorf("no RUN builds ./cmd/fieldbot with CGO_ENABLED=0: %q", build.args("RUN"))
	}
	if img.from != "scratch" {
		t.Errorf("the image is FROM %s, not scratch", img.from)
	}
	users := img.args("USER")
	if len(users) != 1 || !regexp.MustCompile(`^[1-9][0-9]*:[1-9][0-9]*$`).MatchString(users[0]) {
		t.Fatalf("USER %q: want one numeric non-root uid:gid (scratch has no /etc/passwd)", users)
	}
	var copied []string
	ownsData := false
	for _, c := range img.args("COPY") {
		f := strings.Fields(c)
		copied = append(copied, f[len(f)-1])
		if f[len(f)-1] == "/data" && slices.Contains(f, "--chown="+users[0]) {
			ownsData = true
		}
	}
	slices.Sort(copied)
	if want := []string{"/data", "/etc/ssl/certs/ca-certificates.crt", "/fieldbot"}; !slices.Equal(copied, want) {
		t.Errorf("the image holds %q, want %q", copied, want)
	}
	if !ownsData {
		t.Errorf("/data is not copied --chown=%s: the user could not write the database", users[0])
	}
	vols := img.args("VOLUME")
	if len(vols) != 1 || !slices.Equal(execForm(t, "VOLUME", vols[0]), []string{"/data"}) {
		t.Errorf("VOLUME %q, want [\"/data\"]", vols)
	}
	entry, cmd := img.args("ENTRYPOINT"), img.args("CMD")
	if len(entry) != 1 || len(cmd) != 1 || !slices.Equal(execForm(t, "ENTRYPOINT", entry[0]), []string{"/fieldbot"}) {
		t.Fatalf("ENTRYPOINT %q CMD %q", entry, cmd)
	}
	o := checkRunArgs(t, "CMD", execForm(t, "CMD", cmd[0]))
	if !strings.HasPrefix(o.db, "/data/") || !strings.HasPrefix(o.backup.Dir, "/data/") {
		t.Errorf("the database %s or the backups %s are not on the volume /data", o.db, o.backup.Dir)
	}
	if !strings.HasPrefix(o.tokenFile, "/run/secrets/") {
		t.Errorf("the token file %s is not a secret file", o.tokenFile)
	}
	if env := strings.Join(img.args("ENV"), " "); strings.Contains(env, "TOKEN") {
		t.Errorf("a token in the image's environment: %s", env)
	}
	section := readmeSection(t, "### Docker")
	for _, want := range []string{"docker build -f cmd/fieldbot/deploy/Dockerfile", o.db, o.tokenFile, "/data", users[0]} {
		if !strings.Contains(section, want) {
			t.Errorf("the README's Docker section does not say %q", want)
		}
	}
}
