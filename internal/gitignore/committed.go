package gitignore

import (
	"fmt"
	"path"

	"github.com/tightlip/tightlip/internal/finding"
	"github.com/tightlip/tightlip/internal/rule"
)

// Committed judges a file that a commit (or the index) adds: when its name
// is on the list and its content shows a credential, it returns the
// secret-file-tracked finding for it. content may be nil when the file was
// too large to read; the name alone decides then.
//
// Deleting such a file later does not help: it stays in the history of
// every clone, so the finding says how to remove it from history too.
func (l List) Committed(file string, content []byte) (finding.Finding, bool) {
	e, ok := l.Match(path.Base(file))
	if !ok || content != nil && !holdsCredential(e.kind, content) {
		return finding.Finding{}, false
	}
	return finding.Finding{
		RuleID:   RuleTracked,
		Category: rule.Gitignore,
		Severity: rule.Error,
		Message: fmt.Sprintf("credential file %s (%s) was committed: it stays in the history of every clone, even after a later commit deletes it. "+
			"Rotate every key it holds, remove it from history (e.g. git filter-repo --invert-paths --path %s) and add `%s` to .gitignore.",
			file, contentNote(e), shellQuote(file), e.Pattern),
		File:      file,
		Line:      1,
		Column:    1,
		EndLine:   1,
		EndColumn: 1,
		Identity:  finding.IdentityOf(RuleTracked, file, "", 0),
	}, true
}
