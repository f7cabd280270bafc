package exposure

import "testing"

// keyShaped lets through a constant that could hold a key, and keeps the
// log messages and names that most constants reaching a sink are from
// asking for the package's hard-coded judgement. The keys are fake, made
// for this test (TLFAKE).
func TestKeyShaped(t *testing.T) {
	for text, want := range map[string]bool{
		"TLFAKEr4Wb8Nq2Xz6Lm1Pv7K":         true,
		"Bearer TLFAKEr4Wb8Nq2Xz6Lm1Pv7K":  true,
		"key='TLFAKEr4Wb8Nq2Xz6Lm1Pv7K'":   true,
		"failed to start the server: %v":   false,
		"token %s":                         false,
		"X-Api-Key":                        false,
		"request-timeout exceeded for key": false,
		"":                                 false,
	} {
		if got := keyShaped(text); got != want {
			t.Errorf("keyShaped(%q) = %v, want %v", text, got, want)
		}
	}
}
