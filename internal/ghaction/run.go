package ghaction

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"strings"
)

// Env is the action's environment: its inputs and what the runner sets.
type Env struct {
	// Tightlip is the tightlip executable that scans.
	Tightlip string
	// Getenv reads the environment (os.Getenv in the action).
	Getenv func(string) string
	// Stdout receives the workflow commands (annotations) and the scan's
	// text output; Stderr the scan's messages.
	Stdout, Stderr io.Writer
}

// Inputs are the action's inputs, as action.yml passes them.
type Inputs struct {
	Path, Config, ConfigFrom, Baseline, Scope, FailOn string
	Args                                              []string
	GoAnalyzers                                       bool
}

// maxTrustedFile bounds a configuration or baseline read from the base
// commit (the scan's own limits apply again when it reads the copy).
const maxTrustedFile = 256 << 20

func (e Env) inputs() (Inputs, error) {
	get := func(name, def string) string {
		if v := strings.TrimSpace(e.Getenv("INPUT_" + name)); v != "" {
			return v
		}
		return def
	}
	in := Inputs{
		Path:        get("PATH", "."),
		Config:      get("CONFIG", ""),
		ConfigFrom:  get("CONFIG_FROM", "base"),
		Baseline:    get("BASELINE", ""),
		Scope:       get("SCOPE", "changed"),
		FailOn:      get("FAIL_ON", "warning"),
		Args:        strings.Fields(get("ARGS", "")),
		GoAnalyzers: get("GO_ANALYZERS", "true") == "true",
	}
	if in.ConfigFrom != "base" && in.ConfigFrom != "head" {
		return in, fmt.Errorf("input config-from: %q, want base or head", in.ConfigFrom)
	}
	if in.Scope != "changed" && in.Scope != "all" {
		return in, fmt.Errorf("input scope: %q, want changed or all", in.Scope)
	}
	switch in.FailOn {
	case "error", "warning", "note", "never":
	default:
		return in, fmt.Errorf("input fail-on: %q, want error, warning, note or never", in.FailOn)
	}
	if v := get("GO_ANALYZERS", "true"); v != "true" && v != "false" {
		return in, fmt.Errorf("input go-analyzers: %q, want true or false", v)
	}
	return in, nil
}

// Run is the action: plan, fetch, scan, report. It returns the step's exit
// status: 2 when the scan could not run or read everything, 1 when it
// found something at or above fail-on, else 0.
func Run(ctx context.Context, e Env) int {
	code, err := run(ctx, e)
	if err != nil {
		fmt.Fprintf(e.Stdout, "::error title=tightlip::%s\n", escapeData(err.Error()))
		return 2
	}
	return code
}

func run(ctx context.Context, e Env) (int, error) {
	in, err := e.inputs()
	if err != nil {
		return 2, err
	}
	plan, err := ReadEvent(e.Getenv("GITHUB_EVENT_NAME"), e.Getenv("GITHUB_EVENT_PATH"), in.Scope == "all", in.ConfigFrom == "head")
	if err != nil {
		return 2, err
	}
	g := Git{Dir: in.Path, Remote: "origin"}
	if err := g.Prepare(ctx, &plan); err != nil {
		return 2, err
	}
	tmp := e.Getenv("RUNNER_TEMP")
	if tmp == "" {
		tmp = os.TempDir()
	}
	out, err := os.MkdirTemp(tmp, "tightlip-")
	if err != nil {
		return 2, err
	}
	sarifPath := filepath.Join(out, "results.sarif")
	args, sum, err := scanArgs(ctx, g, &plan, in, out)
	if err != nil {
		return 2, err
	}
	args = append(args, "--format", "sarif", "-o", sarifPath)
	args = append(args, in.Args...)
	args = append(args, in.Path)

	cmd := exec.CommandContext(ctx, e.Tightlip, args...)
	cmd.Stdout, cmd.Stderr = e.Stdout, e.Stderr
	status := 0
	if err := cmd.Run(); err != nil {
		var ee *exec.ExitError
		if !errors.As(err, &ee) {
			return 2, fmt.Errorf("run tightlip: %w", err)
		}
		status = ee.ExitCode()
	}
	data, err := os.ReadFile(sarifPath)
	if err != nil {
		// No report: the scan failed before writing one, and said why on
		// stderr.
		_ = writeOutputs(e, 0, "", 2) // the failure below is what matters
		return 2, fmt.Errorf("the scan failed (exit status %d) and wrote no report: see its messages above", status)
	}
	rep, err := ParseSARIF(data)
	if err != nil {
		return 2, err
	}
	code := status
	if status != 2 {
		code = 0
		if rep.AtOrAbove(in.FailOn) > 0 {
			code = 1
		}
	}
	Annotate(e.Stdout, rep)
	sum.FailOn, sum.ExitCode = in.FailOn, code
	if p := e.Getenv("GITHUB_STEP_SUMMARY"); p != "" {
		var b bytes.Buffer
		WriteSummary(&b, rep, sum)
		if err := appendFile(p, b.Bytes()); err != nil {
			return 2, fmt.Errorf("job summary: %w", err)
		}
	}
	if err := writeOutputs(e, len(rep.Findings), sarifPath, code); err != nil {
		return 2, err
	}
	return code, nil
}

// scanArgs returns the scan's flags for the plan, and what the summary
// says about them. On a pull request the configuration and baseline come
// from the base commit, so that the pull request cannot silence itself.
func scanArgs(ctx context.Context, g Git, p *Plan, in Inputs, tmp string) ([]string, Summary, error) {
	sum := Summary{Plan: *p}
	var args []string
	switch p.Mode {
	case ModeRange:
		// The Go analyzers run on the checked-out tree, which is the
		// range's head (see Prepare), and report the lines it added.
		args = append(args, "scan", "--range", p.Base+".."+p.Head, "--go="+fmt.Sprint(in.GoAnalyzers))
		sum.Scanned = fmt.Sprintf("the commits %s..%s", p.Base[:12], p.Head[:12])
	case ModeHistory:
		args = append(args, "scan", "--history", "--go=false")
		sum.Scanned = "the whole history of every branch"
	default:
		args = append(args, "scan", "--go="+fmt.Sprint(in.GoAnalyzers))
		sum.Scanned = "the checked-out tree"
	}
	if p.TrustedConfigFrom == "" {
		if in.Config != "" {
			args = append(args, "--config", in.Config)
		}
		if in.Baseline != "" {
			args = append(args, "--baseline", in.Baseline)
		}
		sum.Plan = *p
		return args, sum, nil
	}
	rel, err := repoRelative(ctx, g)
	if err != nil {
		return nil, sum, err
	}
	cfg := in.Config
	if cfg == "" {
		cfg = path.Join(rel, ".tightlip.toml")
	}
	args = append(args, "--no-tree-config")
	copied, err := copyFromCommit(ctx, g, p.TrustedConfigFrom, cfg, filepath.Join(tmp, "base-config.toml"))
	if err != nil {
		return nil, sum, err
	}
	at := p.TrustedConfigFrom[:12]
	if copied != "" {
		args = append(args, "--config", copied)
		p.Notes = append(p.Notes, fmt.Sprintf("configuration %s read from the base commit %s", cfg, at))
	} else {
		p.Notes = append(p.Notes, fmt.Sprintf("the base commit %s has no %s: the built-in rules apply", at, cfg))
	}
	if in.Baseline != "" {
		copied, err := copyFromCommit(ctx, g, p.TrustedConfigFrom, in.Baseline, filepath.Join(tmp, "base-baseline.json"))
		if err != nil {
			return nil, sum, err
		}
		if copied == "" {
			p.Notes = append(p.Notes, fmt.Sprintf("the base commit %s has no baseline %s: none applies", at, in.Baseline))
		} else {
			args = append(args, "--baseline", copied)
			p.Notes = append(p.Notes, fmt.Sprintf("baseline %s read from the base commit %s", in.Baseline, at))
		}
	}
	if p.Base != "" && p.Head != "" {
		watched := []string{cfg}
		if in.Baseline != "" {
			watched = append(watched, in.Baseline)
		}
		changed, err := g.Changed(ctx, p.Base, p.Head, watched...)
		if err != nil {
			return nil, sum, err
		}
		sum.ConfigChanged = changed
	}
	sum.Plan = *p
	return args, sum, nil
}

// repoRelative returns the checkout's directory relative to the top of
// its repository, in git's slash form.
func repoRelative(ctx context.Context, g Git) (string, error) {
	rel, err := g.run(ctx, "rev-parse", "--show-prefix")
	if err != nil {
		return "", err
	}
	rel = strings.TrimSuffix(rel, "/")
	if rel == "" {
		rel = "."
	}
	return rel, nil
}

// copyFromCommit writes name as it is at commit to dst and returns dst, or
// "" when the commit has no such file.
func copyFromCommit(ctx context.Context, g Git, commit, name, dst string) (string, error) {
	name = path.Clean(filepath.ToSlash(name))
	if path.IsAbs(name) || name == ".." || strings.HasPrefix(name, "../") {
		return "", fmt.Errorf("%s must be a path inside the repository to be read from the base commit", name)
	}
	size, err := g.run(ctx, "cat-file", "-s", commit+":"+name)
	if err != nil {
		return "", nil // no such file at commit
	}
	var n int64
	if _, err := fmt.Sscan(size, &n); err != nil || n > maxTrustedFile {
		return "", fmt.Errorf("%s at %s is larger than %d bytes", name, commit[:12], maxTrustedFile)
	}
	data, ok, err := g.ShowFile(ctx, commit, name)
	if err != nil || !ok {
		return "", err
	}
	if err := os.WriteFile(dst, data, 0o600); err != nil {
		return "", err
	}
	return dst, nil
}

func appendFile(name string, data []byte) error {
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// writeOutputs sets the step's outputs: findings, sarif and exit-code.
func writeOutputs(e Env, findings int, sarif string, code int) error {
	p := e.Getenv("GITHUB_OUTPUT")
	if p == "" {
		return nil
	}
	if strings.ContainsAny(sarif, "\r\n") {
		return fmt.Errorf("report path %q holds a line break", sarif)
	}
	return appendFile(p, fmt.Appendf(nil, "findings=%d\nsarif=%s\nexit-code=%d\n", findings, sarif, code))
}
