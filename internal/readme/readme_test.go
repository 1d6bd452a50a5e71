// Package readme checks that every Go snippet in README.md is copied from
// code a compiler sees: an Example test (with its Output lines) or the
// package documentation in doc.go. A snippet that drifts from its source
// fails this test.
package readme

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// lines returns the non-blank lines of s, trimmed of indentation and of a
// leading comment marker, with runs of spaces made one (gofmt's alignment
// of comments), so that a doc.go code block, an Example body and a README
// snippet compare equal.
func lines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		l = strings.TrimSpace(l)
		l = strings.TrimSpace(strings.TrimPrefix(l, "//"))
		if l != "" {
			out = append(out, strings.Join(strings.Fields(l), " "))
		}
	}
	return out
}

// contains reports whether want appears in have as a contiguous run.
func contains(have, want []string) bool {
	for i := 0; i+len(want) <= len(have); i++ {
		match := true
		for j := range want {
			if have[i+j] != want[j] {
				match = false
				break
			}
		}
		if match {
			return true
		}
	}
	return false
}

func TestReadmeSnippetsAreCompiled(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	var sources [][]string
	for _, pattern := range []string{"../../polar/*/*example_test.go", "../../polar/doc.go", "../../polar/*/zz_doc.go", "../../polar/*/doc.go", "../../examples/*/main.go", "../../examples/*/shop.go"} {
		files, _ := filepath.Glob(pattern)
		for _, f := range files {
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			sources = append(sources, lines(string(b)))
		}
	}
	if len(sources) < 4 {
		t.Fatalf("found %d source files; the globs are wrong", len(sources))
	}
	blocks := strings.Split(string(readme), "```go\n")
	if len(blocks) < 10 {
		t.Fatalf("found %d Go snippets in README.md; want the documented ones", len(blocks)-1)
	}
	for i, b := range blocks[1:] {
		end := strings.Index(b, "```")
		if end < 0 {
			t.Fatalf("snippet %d is not closed", i+1)
		}
		snippet := lines(b[:end])
		found := false
		for _, src := range sources {
			if contains(src, snippet) {
				found = true
				break
			}
		}
		if !found {
			t.Errorf("README.md Go snippet %d is in no Example or doc.go:\n%s", i+1, b[:end])
		}
	}
}
