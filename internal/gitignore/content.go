package gitignore

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/tightlip/tightlip/internal/names"
	"github.com/tightlip/tightlip/internal/placeholder"
	"github.com/tightlip/tightlip/internal/safefile"
)

// maxContent bounds what is read to judge a file by its content. Templates
// and key files are small; a larger file is judged by its name alone.
const maxContent = 1 << 20

// maxIgnoreFile bounds a .gitignore or excludes file.
const maxIgnoreFile = safefile.MiB

// maxPointer bounds a .git file or a commondir file: one line.
const maxPointer = 64 * safefile.KiB

// read reads the file at abs, inside the space's top, through the space's
// os.Root (see safefile.ReadFileIn).
func (s *space) read(abs string, limit int64) ([]byte, error) {
	rel, err := filepath.Rel(s.top, abs)
	if err != nil || !filepath.IsLocal(rel) {
		return nil, fmt.Errorf("%s is not inside %s", abs, s.top)
	}
	if s.root == nil {
		if s.root, err = os.OpenRoot(s.top); err != nil {
			return nil, err
		}
	}
	return safefile.ReadFileIn(s.root, rel, limit)
}

// readAllLimited reads a blob's content, unless it is larger than
// maxContent.
func readAllLimited(r io.Reader) ([]byte, error) {
	return safefile.ReadLimited(r, "blob", maxContent)
}

// holdsCredential judges a file that the list names by what is in it. It
// errs towards yes: only content that shows there is no secret clears it.
func holdsCredential(k kind, data []byte) bool {
	switch k {
	case envFile:
		return envHoldsSecret(data)
	case npmrcFile:
		return npmrcHasAuth(data)
	case pemFile:
		// Certificates and public keys are meant to be shared; a private
		// key, or anything that is not PEM text (DER), is not.
		return bytes.Contains(data, []byte("PRIVATE KEY")) || !bytes.Contains(data, []byte("-----BEGIN "))
	}
	return true
}

// envHoldsSecret reports whether a .env file assigns a secret: a value
// that is not empty or a placeholder (API_KEY=, TOKEN=${TOKEN}) under a
// name that says credential (DB_PASSWORD=admin), a value shaped like one
// whatever its name (STRIPE=sk_live_…), or a URL carrying a password. A
// file of settings alone (PUBLIC_URL=., NODE_ENV=production, PORT=3000) is
// configuration, not a credential file. It errs towards yes: a line that
// is not an assignment (a multi-line value, or not a .env at all) counts
// as a secret.
func envHoldsSecret(data []byte) bool {
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 4096), maxContent+1)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		line = strings.TrimPrefix(line, "export ")
		key, value, ok := strings.Cut(line, "=")
		if !ok {
			return true
		}
		v, ok := envValue(strings.TrimSpace(value))
		if !ok {
			return true
		}
		if v == "" || placeholder.Is(v) {
			continue
		}
		if names.Credential(strings.TrimSpace(key)) || names.CredentialShaped(v) || urlHasPassword(v) {
			return true
		}
	}
	return false
}

// urlHasPassword reports whether v holds scheme://user:password@host.
func urlHasPassword(v string) bool {
	_, rest, ok := strings.Cut(v, "://")
	if !ok {
		return false
	}
	if i := strings.IndexAny(rest, "/?#"); i >= 0 {
		rest = rest[:i]
	}
	at := strings.LastIndexByte(rest, '@')
	if at < 0 {
		return false
	}
	_, pass, ok := strings.Cut(rest[:at], ":")
	return ok && pass != "" && !placeholder.Is(pass)
}

// envValue returns an assigned value as dotenv parsers read it: inside its
// quotes, or up to an inline comment. ok is false for a quoted value that
// goes on past the line, which holds text (a PEM block) by construction.
func envValue(v string) (string, bool) {
	if v == "" {
		return "", true
	}
	if q := v[0]; q == '"' || q == '\'' || q == '`' {
		end := strings.IndexByte(v[1:], q)
		if end < 0 {
			return "", false
		}
		return v[1 : 1+end], true
	}
	if i := strings.Index(v, " #"); i >= 0 {
		v = v[:i]
	}
	return strings.TrimSpace(v), true
}

// npmrcHasAuth reports whether an .npmrc sets a registry credential to a
// literal value; `_authToken=${NPM_TOKEN}` reads it from the environment,
// which is what npm recommends for a committed .npmrc.
func npmrcHasAuth(data []byte) bool {
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 4096), maxContent+1)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || line[0] == '#' || line[0] == ';' {
			continue
		}
		key, value, ok := strings.Cut(line, "=")
		if !ok {
			continue
		}
		key = strings.TrimSpace(key)
		if i := strings.LastIndexByte(key, ':'); i >= 0 {
			key = key[i+1:] // //registry.npmjs.org/:_authToken
		}
		switch key {
		case "_authToken", "_auth", "_password":
			if v := strings.TrimSpace(value); v != "" && !placeholder.Is(v) {
				return true
			}
		}
	}
	return false
}
