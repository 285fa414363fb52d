package yaml_test

// Tests of Norms' patch (third_party/yaml/PATCHES.md): the two regular
// expressions compiled on first use still decide what they decided when
// compiled at init.

import (
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// TestLazyYAMLStyleFloat: yamlStyleFloat tells floats from strings among
// plain scalars that look like numbers.
func TestLazyYAMLStyleFloat(t *testing.T) {
	for _, c := range []struct {
		in   string
		want interface{}
	}{
		{"v: 1e3", 1000.0},
		{"v: +.5", 0.5},
		{"v: -2.5E-1", -0.25},
		{"v: 1.", 1.0},
		{"v: 1.2.3", "1.2.3"},
		{"v: 1e", "1e"},
		{"v: .e3", ".e3"},
	} {
		var got map[string]interface{}
		if err := yaml.Unmarshal([]byte(c.in), &got); err != nil {
			t.Fatalf("%s: %v", c.in, err)
		}
		if got["v"] != c.want {
			t.Errorf("%s: got %#v, want %#v", c.in, got["v"], c.want)
		}
	}
}

// TestLazyBase60Float: base60float makes the encoder quote strings that
// YAML 1.1 readers would take for sexagesimal numbers.
func TestLazyBase60Float(t *testing.T) {
	for in, quoted := range map[string]bool{"1:20": true, "-190:20:30.15": true, "1:2x": false, "ten": false} {
		out, err := yaml.Marshal(map[string]string{"v": in})
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.Contains(string(out), `"`+in+`"`); got != quoted {
			t.Errorf("%q encoded as %q: quoted %v, want %v", in, out, got, quoted)
		}
	}
}
