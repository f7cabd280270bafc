package rules

// analyzerRules describe the Go analyzers' rules (see package analyzer).
var analyzerRules []Rule
