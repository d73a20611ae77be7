package wrap

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/svcpack/svcpack/service/clip"
)

// plainYAML refuses what YAML offers beyond keys, lists and values, each
// problem named by its line: a second document (the decoder would read the
// first and ignore the rest), anchors, aliases and merge keys (a value
// written once and used elsewhere, out of sight of who reads the key), and
// explicit tags (!!binary decodes base64 into a string, !foo is dropped and
// its value taken as text). A syntax error is left to the strict decoder,
// which names its line too.
func plainYAML(b []byte) error {
	dec := yaml.NewDecoder(bytes.NewReader(b))
	var problems []string
	for doc := 0; ; doc++ {
		var n yaml.Node
		err := dec.Decode(&n)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil
		}
		if doc > 0 {
			problems = append(problems, fmt.Sprintf("line %d: a second YAML document (after ---): the config is one document", n.Line))
			break
		}
		walkPlain(&n, &problems)
	}
	if len(problems) > 0 {
		return errors.New(strings.Join(problems, "; "))
	}
	return nil
}

func walkPlain(n *yaml.Node, problems *[]string) {
	add := func(what string) {
		*problems = append(*problems, fmt.Sprintf("line %d: %s: write the value out as plain YAML", n.Line, what))
	}
	switch {
	case n.Kind == yaml.AliasNode:
		add("an alias " + clip.Quote("*"+n.Value))
		return
	case n.Anchor != "":
		add("an anchor " + clip.Quote("&"+n.Anchor))
	case n.Kind == yaml.ScalarNode && n.Tag == "!!merge":
		add("a merge key (<<)")
	case n.Style&yaml.TaggedStyle != 0:
		add("a YAML tag " + clip.Quote(n.Tag))
	}
	for _, c := range n.Content {
		walkPlain(c, problems)
	}
}
