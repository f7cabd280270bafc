package detect

// EveryRule makes e report what each rule matched, as if several rules
// never matched one secret: for tests that judge rules one by one.
func EveryRule(e *Engine) *Engine {
	e.everyRule = true
	return e
}
