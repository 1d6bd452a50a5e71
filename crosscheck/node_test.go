package crosscheck_test

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"testing"
	"time"
)

// node runs script with the JSON of in on stdin and decodes its stdout
// into out. It skips when the npm packages are not installed, unless
// POLAR_CROSSCHECK=1 says they must be.
func node(t *testing.T, script string, in, out any) {
	t.Helper()
	if _, err := os.Stat("node_modules/@polar-sh/sdk"); err != nil {
		if os.Getenv("POLAR_CROSSCHECK") == "1" {
			t.Fatalf("crosscheck/node_modules is missing (run npm ci --prefix crosscheck): %v", err)
		}
		t.Skip("crosscheck/node_modules is missing: run `make crosscheck`")
	}
	stdin, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "node", script)
	cmd.Stdin = bytes.NewReader(stdin)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("node %s: %v\n%s", script, err, stderr.String())
	}
	if err := json.Unmarshal(stdout.Bytes(), out); err != nil {
		t.Fatalf("node %s: %v\n%s", script, err, stdout.String())
	}
}
