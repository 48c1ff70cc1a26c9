// Package templates holds the built-in document templates: one per
// report style (scrutiny.md.tmpl, quality-account.md.tmpl) and the
// shared blocks they use (common.tmpl). A config's report.templates
// folder may replace any of these files by name.
package templates

import "embed"

// FS holds the templates.
//
//go:embed *.tmpl
var FS embed.FS
