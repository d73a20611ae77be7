package sign

import "fmt"

// Required is FromEnv for a build that must be signed (`mage sign`): no
// signing key in the environment is an error instead of an unsigned build.
func Required() (*Signer, error) {
	s, err := FromEnv()
	if err != nil {
		return nil, err
	}
	if s == nil {
		return nil, fmt.Errorf("sign: no signing key is set: set %s (and %s) to a PKCS#12, or %s, %s, %s and %s to a key on a PKCS#11 token",
			EnvPFX, EnvPassword, EnvPKCS11Module, EnvPKCS11Key, EnvCert, EnvPIN)
	}
	return s, nil
}
