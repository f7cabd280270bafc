package rules

// gitignoreRules describe the gitignore family (see package gitignore).
var gitignoreRules []Rule
