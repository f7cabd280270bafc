package placeholder

import "testing"

func TestIsSequence(t *testing.T) {
	sequences := []string{
		"1234567890", "12345678901234567890", "0123456789abcdef", "0123456789ABCDEF0123456789abcdef",
		"abcdef123456", "ABCDEF123456", "abcdefghijklmnop", "A1B2C3D4E5", "a1b2c3d4e5f6g7h8i9j0",
		"A1B2C3D4E5F6A7B8C9D0E1F2", "abcd-1234-efgh-5678", "abcd_efgh_1234_5678",
		// A provider's prefix before the typed run.
		"dop_v1_1234567890abcdef1234567890abcdef", "sk_test_abcdef1234567890abcdef123456",
	}
	for _, s := range sequences {
		if !isSequence(s) || !Is(s) {
			t.Errorf("isSequence(%q) = %v, Is = %v, want both true", s, isSequence(s), Is(s))
		}
	}
	notSequences := []string{
		// Too short to be anything but part of a value.
		"123456789", "abc123",
		// Keys that contain a sequence among random characters.
		"TLFAKE1234567890abcdef", "1234567890TLFAKEq8Zr2m", "q8Zr2mN4vK7xW1pJ9s", "deadbeefcafebabe0123456789abcdef",
		"a1b2c3d4TLFAKEq8Zr2mN4", "3f1c2a9b-7d4e-4b8a-9c0d-1e2f3a4b5c6d", "abcdefg1234567x",
		"dop_v1_TLFAKEq8Zr2mN4vK7xW1pJ9s", "acme_0123456789abcdef",
	}
	for _, s := range notSequences {
		if isSequence(s) {
			t.Errorf("isSequence(%q) = true, want false", s)
		}
	}
}
