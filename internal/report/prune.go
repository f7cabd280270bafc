package report

import (
	"bytes"
	"encoding/json"
)

// prune drops what go-sarif writes by default but carries no information:
// empty arrays and objects, and properties set to the value the SARIF schema
// gives as their default, such as the -1 its constructors put in integer
// fields to mean "not set". Without this every location says "index": -1
// and every result carries a dozen "[]".
//
// It works on the decoded JSON rather than on go-sarif's structs so that it
// does not depend on which fields a go-sarif version fills in. Objects come
// back with sorted keys; array elements are never dropped, since ruleIndex
// and the like point into arrays by position.
func prune(raw []byte) ([]byte, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber() // keep integers exactly as written
	var doc any
	if err := dec.Decode(&doc); err != nil {
		return nil, err
	}
	doc, _ = pruneValue("", doc)
	var out bytes.Buffer
	enc := json.NewEncoder(&out)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(doc); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

// keepEmpty names the arrays wanted even when empty: a log has runs, a run
// that scanned has results (an empty array is what tells code scanning that
// earlier alerts are fixed), and GitHub rejects a driver without rules
// (the multitool's rule GH1018).
var keepEmpty = map[string]bool{"runs": true, "results": true, "rules": true}

// schemaDefaults maps property names to their default in the SARIF 2.1.0
// schema, as JSON. Names mean the same wherever go-sarif sets these values
// (an "id" of -1 is a location's; rules' string ids never equal it).
var schemaDefaults = map[string]string{
	"index":            "-1",
	"id":               "-1",
	"rank":             "-1",
	"ruleIndex":        "-1",
	"byteOffset":       "-1",
	"charOffset":       "-1",
	"kind":             `"fail"`,
	"language":         `"en-US"`,
	"enabled":          "true",
	"isComprehensive":  "false",
	"contents":         `["localizedData","nonLocalizedData"]`,
	"newlineSequences": `["\r\n","\n"]`,
}

// pruneValue prunes v, found under key, and says whether to keep it.
func pruneValue(key string, v any) (any, bool) {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			if pe, keep := pruneValue(k, e); keep {
				x[k] = pe
			} else {
				delete(x, k)
			}
		}
		if len(x) == 0 && !keepEmpty[key] {
			return x, false
		}
	case []any:
		for i, e := range x {
			x[i], _ = pruneValue("", e)
		}
		if len(x) == 0 && !keepEmpty[key] {
			return x, false
		}
	}
	if def, ok := schemaDefaults[key]; ok {
		if b, err := json.Marshal(v); err == nil && string(b) == def {
			return v, false
		}
	}
	return v, true
}
