package a

import "testing"

// Test files hold fake credentials by design and are not checked.
const testAPIKey = "TLFAKEn5Bt2Fx8Ty6Eh1Dv4L"

func TestClient(t *testing.T) {
	newClient("https://api.eflow.team/v1", "TLFAKEo6Cu3Gy9Uz7Fi2Ew5M")
}
