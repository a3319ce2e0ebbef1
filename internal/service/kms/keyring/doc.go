// Package keyring is the cryptography of one KMS key: a ring of AES-256-GCM
// key versions and the ciphertext blobs they produce (symmetric encryption
// keys), a key pair (asymmetric keys: Pair), or an HMAC key (MAC).
//
// A Ring holds every version of a key's material. Encrypt always uses the
// newest version; Decrypt uses the version the blob names, so rotation (which
// adds a version) never strands old ciphertexts. Material lives only inside
// the AES key schedules of an opened Ring and, at rest, sealed by the store's
// master key (Seal, OpenRing): no exported function returns it, and no error
// or String method prints it.
//
// # Ciphertext blobs
//
// A blob names the key that made it — account, Region, key id — and the
// version, so that Decrypt needs no KeyId, and a blob presented in another
// Region or under another key can be refused before any cryptography:
//
//	0x01                      format (0x02: a multi-Region key's)
//	len(region) region        1 + up to 32 bytes
//	account                   12 ASCII digits
//	key id                    16 bytes (the UUID, or mrk-'s hex)
//	version                   4 bytes, big-endian, from 1
//	nonce                     12 bytes
//	AES-256-GCM ciphertext and tag
//
// The header and the canonical form of the encryption context are the
// authenticated data: a different or missing context, or a header edited to
// name another key or version, fails authentication. A multi-Region key's
// replicas share its material, so each opens the blobs of the others.
package keyring
