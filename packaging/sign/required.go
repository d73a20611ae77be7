package sign

import "fmt"

// Required is FromEnv for a build that must be signed (`mage sign`): no
// PKCS#12 in the environment is an error instead of an unsigned build.
func Required() (*Signer, error) {
	s, err := FromEnv()
	if err != nil {
		return nil, err
	}
	if s == nil {
		return nil, fmt.Errorf("sign: %s is not set: point it at the PKCS#12 (and %s at its password)", EnvPFX, EnvPassword)
	}
	return s, nil
}
