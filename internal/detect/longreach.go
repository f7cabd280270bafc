package detect

import (
	"bytes"
	"context"
	"encoding/binary"
	"maps"
	"slices"
	"strings"

	glconfig "github.com/zricethezav/gitleaks/v8/config"

	"github.com/tightlip/tightlip/internal/contentrules"
)

// LongReach holds the rules whose matches can span more lines than an
// edit's widened regions hold (private keys, Kubernetes secrets, PuTTY
// keys …). A scan of an edit's regions, widened by MaxReach lines, misses
// such a match when the edit is deep inside it: a private key whose END
// line is fixed later. Detect over the whole edited file finds those.
type LongReach struct {
	eng *Engine
	// keywords are the rules' keywords, lowercased; always is set when a
	// rule has none, and so may match any text.
	keywords [][]byte
	always   bool
}

// LongReach returns the rules whose matches can span more than limit
// newlines, or nil when there are none.
func (e *Engine) LongReach(limit int) *LongReach {
	var ids []string
	l := &LongReach{}
	for _, cr := range e.rules {
		if r := cr.plan().reach; r != unbounded && r <= limit {
			continue
		}
		ids = append(ids, cr.RuleID)
		if len(cr.Keywords) == 0 || slices.Contains(cr.Keywords, "") {
			l.always = true
		}
		for _, k := range cr.Keywords {
			if strings.ContainsAny(k, "\r\n") {
				l.always = true
			}
			if k = strings.ToLower(k); k != "" && !slices.ContainsFunc(l.keywords, func(b []byte) bool { return string(b) == k }) {
				l.keywords = append(l.keywords, []byte(k))
			}
		}
	}
	if len(ids) == 0 {
		return nil
	}
	content := e.set.Content
	content.Rules = maps.Clone(content.Rules)
	maps.DeleteFunc(content.Rules, func(id string, _ glconfig.Rule) bool { return !slices.Contains(ids, id) })
	content.OrderedRules = slices.DeleteFunc(slices.Clone(content.OrderedRules), func(id string) bool { return !slices.Contains(ids, id) })
	// No decoding: it works line by line, so what it finds lies within an
	// edit's regions, which the full engine scans.
	l.eng = NewWithOptions(&contentrules.Set{Content: content, Catalogue: e.set.Catalogue}, Options{})
	return l
}

// Contains reports whether content may hold a match of the rules: it holds
// one of their keywords (in any case, as the engine matches them), or a
// rule has none. It costs a fast search for the keywords, a small part of
// what Detect's keyword pass costs, and says no for most files.
//
// A keyword never spans lines (one that would makes Contains always say
// yes), so a file's keywords are those of its lines: an edit that adds
// none to a file that had none leaves it with none.
func (l *LongReach) Contains(content []byte) bool {
	return l.always || containsAnyFold(content, l.keywords)
}

// Detect runs the rules over content.
func (l *LongReach) Detect(path string, content []byte) Result {
	return l.eng.Detect(path, content)
}

// DetectContext is Detect that stops when ctx is done (see
// Engine.DetectContext).
func (l *LongReach) DetectContext(ctx context.Context, path string, content []byte) (Result, bool) {
	return l.eng.DetectContext(ctx, path, content)
}

// containsAnyFold reports whether content holds one of keywords (lowercase)
// in any ASCII case, as the engine's keyword pass matches them, without
// the cost of that pass. Content is folded a chunk at a time into a small
// buffer by setting bit 5 of every byte, eight bytes at once: that maps
// upper case letters to lower case ones, and other bytes to others that a
// keyword folded alike may equal. bytes.Index finds such candidates; each
// is then compared properly.
func containsAnyFold(content []byte, keywords [][]byte) bool {
	longest := 0
	folded := make([][]byte, len(keywords))
	for i, k := range keywords {
		longest = max(longest, len(k))
		folded[i] = make([]byte, len(k))
		for j, c := range k {
			folded[i][j] = c | 0x20
		}
	}
	if longest == 0 {
		return false
	}
	const chunk = 32 << 10
	buf := make([]byte, chunk+longest+8)
	for start := 0; start < len(content); start += chunk {
		part := content[start:min(len(content), start+chunk+longest-1)]
		n := len(part)
		i := 0
		for ; i+8 <= n; i += 8 {
			binary.LittleEndian.PutUint64(buf[i:], binary.LittleEndian.Uint64(part[i:])|0x2020202020202020)
		}
		for ; i < n; i++ {
			buf[i] = part[i] | 0x20
		}
		for ki, f := range folded {
			for from := 0; ; {
				at := bytes.Index(buf[from:n], f)
				if at < 0 {
					break
				}
				if equalLowerASCII(part[from+at:from+at+len(f)], keywords[ki]) {
					return true
				}
				from += at + 1
			}
		}
	}
	return false
}

// equalLowerASCII reports whether b folded to lower case ASCII is k.
func equalLowerASCII(b, k []byte) bool {
	for i, c := range b {
		if lowerByte(c) != k[i] {
			return false
		}
	}
	return true
}
