package scan

import (
	"github.com/tightlip/tightlip/internal/contentrules"
	"github.com/tightlip/tightlip/internal/detect"
)

// allowlistedBy is the reason counted for a path a global allowlist
// excludes, as a skipped file or as a suppressed gitignore or Go finding:
// plain "allowlisted path" for the built-in allowlist, and naming the
// configuration's allowlist otherwise, since a configuration can come with
// the very change under review.
func allowlistedBy(o contentrules.Origin) string {
	if o.BuiltIn {
		return SkipAllowlisted
	}
	return SkipAllowlisted + " by " + o.Name
}

// addAllowlisted adds what allowlists dropped in one Detect to suppressed.
func addAllowlisted(suppressed map[string]int, r detect.Result) {
	for k, n := range r.Allowlisted {
		suppressed[k] += n
	}
}
