package intunewin

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
)

// Sizes the profile fixes.
const (
	keySize = 32 // AES-256 and the HMAC key
	ivSize  = aes.BlockSize
	macSize = sha256.Size
)

// encrypt returns the content file for plain, HMAC || IV || ciphertext, and
// the EncryptionInfo that opens it. Keys and IV come from crypto/rand, fresh
// for every package.
func encrypt(plain []byte) ([]byte, EncryptionInfo, error) {
	key, macKey, iv := make([]byte, keySize), make([]byte, keySize), make([]byte, ivSize)
	for _, b := range [][]byte{key, macKey, iv} {
		if _, err := rand.Read(b); err != nil {
			return nil, EncryptionInfo{}, err
		}
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, EncryptionInfo{}, err
	}
	padded := pad(plain)
	out := make([]byte, macSize+ivSize+len(padded))
	copy(out[macSize:], iv)
	cipher.NewCBCEncrypter(block, iv).CryptBlocks(out[macSize+ivSize:], padded)
	h := hmac.New(sha256.New, macKey)
	h.Write(out[macSize:])
	mac := h.Sum(nil)
	copy(out, mac)
	digest := sha256.Sum256(plain)
	b64 := base64.StdEncoding.EncodeToString
	return out, EncryptionInfo{
		EncryptionKey:        b64(key),
		MacKey:               b64(macKey),
		InitializationVector: b64(iv),
		Mac:                  b64(mac),
		ProfileIdentifier:    profile,
		FileDigest:           b64(digest[:]),
		FileDigestAlgorithm:  digestSHA256,
	}, nil
}

// pad is PKCS#7: 1 to 16 bytes, each the count, so a whole block is added
// when plain fills its last one.
func pad(plain []byte) []byte {
	n := aes.BlockSize - len(plain)%aes.BlockSize
	return append(bytes.Clone(plain), bytes.Repeat([]byte{byte(n)}, n)...)
}
