package product

import (
	"fmt"
	"strconv"
	"strings"
)

// The ADMX template's names (packaging/internal/admx) derive from the policies'
// settings. One table of strings holds them all, so two derived from
// different settings must differ: a `mode` enum's first choice (mode_0) and
// a policy for the setting mode_0 would both be string mode_0. They are
// kept apart case-insensitively, as Windows compares names.
const (
	// PolicyCategoryID names the template's category and its string.
	PolicyCategoryID = "Product"
	// PolicySupportedID names the template's supportedOn definition and its string.
	PolicySupportedID = "SUPPORTED_Product"
)

// ExplainID is the string id of the policy's help text.
func (pol Policy) ExplainID() string { return pol.Setting + "_Explain" }

// ChoiceID is the string id of an enum policy's i-th choice.
func (pol Policy) ChoiceID(i int) string { return pol.Setting + "_" + strconv.Itoa(i) }

// stringIDs are the ADMX string ids the policy derives: its setting (the
// policy's name, element and presentation too), its help text and each
// enum choice.
func (pol Policy) stringIDs() []string {
	ids := []string{pol.Setting, pol.ExplainID()}
	if pol.Type == PolicyEnum {
		for i := range pol.Values {
			ids = append(ids, pol.ChoiceID(i))
		}
	}
	return ids
}

// policyIDs refuses a policy whose derived ADMX ids another name of the
// template has already, without case.
func (c *checker) policyIDs() {
	owner := map[string]string{
		strings.ToLower(PolicyCategoryID):  "the template's category",
		strings.ToLower(PolicySupportedID): "the template's supportedOn",
	}
	for i, pol := range c.p.Policy {
		if pol.Setting == "" {
			continue
		}
		path := fmt.Sprintf("policy[%d]", i)
		for _, id := range pol.stringIDs() {
			key := strings.ToLower(id)
			if other, taken := owner[key]; taken {
				c.bad(path+".setting", pol.Setting, fmt.Sprintf("a setting whose ADMX string %s is the template's only: %s already has it (compared without case)", id, other))
				break
			}
			owner[key] = fmt.Sprintf("%s (%s)", path, pol.Setting)
		}
	}
}
