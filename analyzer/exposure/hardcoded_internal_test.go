package exposure

import "testing"

// keyShaped lets through a constant that could hold a key, and keeps the
// log messages and names that most constants reaching a sink are from
// asking for the package's hard-coded judgement. The keys are fake, made
// for this test (TLFAKE).
func TestKeyShaped(t *testing.T) {
	for text, want := range map[string]bool{
		"TLFAKEr4Wb8Nq2Xz6Lm1Pv7K":                          true,
		"Bearer TLFAKEr4Wb8Nq2Xz6Lm1Pv7K":                   true,
		"key='TLFAKEr4Wb8Nq2Xz6Lm1Pv7K'":                    true,
		"failed to start the server: %v":                    false,
		"token %s":                                          false,
		"X-Api-Key":                                         false,
		"request-timeout exceeded for key":                  false,
		"postgres://app:TLFAKEr4Wb8Nq2Xz6Lm1Pv7K@db/offers": true,
		"TLFAKEr4Wb8Nq2Xz6Lm1Pv7K/Xz6+Lm1==":                true,
		// Seen in etcd's log messages: none is worth judging.
		"authentication is already enabled; ignored auth enable request": false,
		"waitWithResponse.IsRegistered() shouldn't be called":            false,
		"failed to Unmarshal lease proto item; lease ID=%016x":           false,
		"failed to find [SNAPSHOT-INDEX].snap.db":                        false,
		"http://127.0.0.1:%d":                                            false,
		"infra1=http://192.168.0.100:2380":                               false,
		"(hostname=%q, hostnames=%q)":                                    false,
		"--logger=capnslog is removed in v3.5":                           false,
		"":                                                               false,
	} {
		if got := keyShaped(text); got != want {
			t.Errorf("keyShaped(%q) = %v, want %v", text, got, want)
		}
	}
}
