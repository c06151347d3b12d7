package server

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/seogo/seogo/i18n"
	"github.com/seogo/seogo/store"
)

// Role is what a key may do; each role includes the ones before it.
type Role string

// The roles, weakest first.
const (
	RoleReader Role = "reader" // search, ask, chat, models, embeddings
	RoleEditor Role = "editor" // + upload, ingest, delete documents
	RoleAdmin  Role = "admin"  // + collections, metrics, every collection and group
)

func (r Role) rank() int {
	switch r {
	case RoleReader:
		return 1
	case RoleEditor:
		return 2
	case RoleAdmin:
		return 3
	}
	return 0
}

// Allows reports whether r includes need.
func (r Role) Allows(need Role) bool { return r.rank() >= need.rank() && need.rank() > 0 }

// ParseRole accepts reader, editor or admin.
func ParseRole(s string) (Role, error) {
	r := Role(strings.ToLower(strings.TrimSpace(s)))
	if r.rank() == 0 {
		return "", i18n.Errorf("역할 %q 를 알 수 없습니다: reader, editor, admin 중 하나를 쓰세요",
			"unknown role %q: use reader, editor or admin", s)
	}
	return r, nil
}

// Key is a stored API key: never the key itself, only its SHA-256. The key
// is 32 random bytes, so a plain hash (no salt, no stretching) is as strong
// as the key; a password would need more.
type Key struct {
	ID   string `json:"id"`
	Name string `json:"name,omitempty"`
	Hash string `json:"sha256"`
	Role Role   `json:"role"`
	// Collections the key may use; empty = all.
	Collections []string `json:"collections,omitempty"`
	// Groups are the document access groups the key reads; a non-admin key
	// without groups reads only documents open to all.
	Groups  []string  `json:"groups,omitempty"`
	Created time.Time `json:"created"`
}

// CanUse reports whether the key may use collection coll.
func (k *Key) CanUse(coll string) bool {
	return k.Role == RoleAdmin || len(k.Collections) == 0 || slices.Contains(k.Collections, coll)
}

// KeysFile is the name of the key file in the data directory.
const KeysFile = "keys.json"

// KeyStore is the key file of a data directory, or the keys a shared store
// (PostgreSQL) holds for every node. Reads re-check the file's modification
// time (or the shared version) at most once a second, so `seogo keys
// revoke` takes effect on running servers.
type KeyStore struct {
	path   string
	shared store.Settings

	mu      sync.Mutex
	keys    []Key
	byHash  map[string]*Key
	modTime time.Time
	version int64 // of the shared keys
	checked time.Time
}

// OpenKeys opens the key file in dataDir (it need not exist yet).
func OpenKeys(dataDir string) (*KeyStore, error) {
	ks := &KeyStore{path: filepath.Join(dataDir, KeysFile)}
	ks.mu.Lock()
	defer ks.mu.Unlock()
	return ks, ks.load(true)
}

// OpenSharedKeys opens the keys kept in a shared store, which every node
// serving from it reads: one `seogo keys create` serves them all.
func OpenSharedKeys(s store.Settings) (*KeyStore, error) {
	ks := &KeyStore{shared: s, path: "store:" + KeysFile}
	ks.mu.Lock()
	defer ks.mu.Unlock()
	return ks, ks.load(true)
}

// KeysFor opens the keys of what st is: the shared store's own when it
// keeps settings for several nodes, else the key file in dataDir.
func KeysFor(st store.Store, dataDir string) (*KeyStore, error) {
	if s, ok := st.(store.Settings); ok {
		return OpenSharedKeys(s)
	}
	return OpenKeys(dataDir)
}

// load re-reads the keys when they changed; at most once a second unless
// force.
func (ks *KeyStore) load(force bool) error {
	now := time.Now()
	if !force && now.Sub(ks.checked) < time.Second {
		return nil
	}
	ks.checked = now
	if ks.shared != nil {
		return ks.loadShared()
	}
	st, err := os.Stat(ks.path)
	if errors.Is(err, os.ErrNotExist) {
		ks.keys, ks.byHash, ks.modTime = nil, map[string]*Key{}, time.Time{}
		return nil
	}
	if err != nil {
		return err
	}
	if !force && st.ModTime().Equal(ks.modTime) {
		return nil
	}
	raw, err := os.ReadFile(ks.path)
	if err != nil {
		return err
	}
	if err := ks.set(raw); err != nil {
		return err
	}
	ks.modTime = st.ModTime()
	return nil
}

func (ks *KeyStore) loadShared() error {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	raw, v, err := ks.shared.GetSetting(ctx, KeysFile)
	if err != nil || (v == ks.version && ks.byHash != nil) {
		return err
	}
	if raw == nil {
		raw = []byte("[]")
	}
	if err := ks.set(raw); err != nil {
		return err
	}
	ks.version = v
	return nil
}

// set makes raw (a JSON list of keys) the current keys.
func (ks *KeyStore) set(raw []byte) error {
	var keys []Key
	if err := json.Unmarshal(raw, &keys); err != nil {
		return i18n.Errorf("키 파일 %s 을(를) 읽을 수 없습니다: %w", "cannot read the key file %s: %w", ks.path, err)
	}
	ks.keys = keys
	ks.byHash = make(map[string]*Key, len(keys))
	for i := range ks.keys {
		ks.byHash[ks.keys[i].Hash] = &ks.keys[i]
	}
	return nil
}

// Empty reports whether no key exists (the server then needs no auth, and
// only binds a loopback address).
func (ks *KeyStore) Empty() bool {
	ks.mu.Lock()
	defer ks.mu.Unlock()
	_ = ks.load(false) // a broken file keeps the last good keys
	return len(ks.keys) == 0
}

// Lookup returns the key whose secret is secret, or nil.
func (ks *KeyStore) Lookup(secret string) *Key {
	if secret == "" {
		return nil
	}
	sum := sha256.Sum256([]byte(secret))
	ks.mu.Lock()
	defer ks.mu.Unlock()
	_ = ks.load(false)
	if k := ks.byHash[hex.EncodeToString(sum[:])]; k != nil {
		c := *k
		return &c
	}
	return nil
}

// List returns the keys (hashes only).
func (ks *KeyStore) List() ([]Key, error) {
	ks.mu.Lock()
	defer ks.mu.Unlock()
	if err := ks.load(true); err != nil {
		return nil, err
	}
	return slices.Clone(ks.keys), nil
}

// Create makes a key and returns it with its secret, which is shown once
// and never stored.
func (ks *KeyStore) Create(k Key) (Key, string, error) {
	if k.Role.rank() == 0 {
		return Key{}, "", i18n.Errorf("역할을 지정하세요: reader, editor, admin", "a role is needed: reader, editor or admin")
	}
	var raw [32]byte
	var id [6]byte
	if _, err := rand.Read(raw[:]); err != nil {
		return Key{}, "", err
	}
	if _, err := rand.Read(id[:]); err != nil {
		return Key{}, "", err
	}
	k.ID = hex.EncodeToString(id[:])
	secret := "sg_" + k.ID + "_" + hex.EncodeToString(raw[:])
	sum := sha256.Sum256([]byte(secret))
	k.Hash = hex.EncodeToString(sum[:])
	k.Created = time.Now().UTC().Truncate(time.Second)
	k.Collections = cleanList(k.Collections)
	k.Groups = cleanList(k.Groups)
	err := ks.update(func(keys []Key) ([]Key, error) { return append(keys, k), nil })
	if err != nil {
		return Key{}, "", err
	}
	return k, secret, nil
}

// Revoke deletes the key with id.
func (ks *KeyStore) Revoke(id string) error {
	return ks.update(func(keys []Key) ([]Key, error) {
		keep := slices.DeleteFunc(keys, func(k Key) bool { return k.ID == id })
		if len(keep) == len(keys) {
			return nil, i18n.Errorf("키 %q 가 없습니다(seogo keys list 로 확인하세요)", "no key %q (see seogo keys list)", id)
		}
		return keep, nil
	})
}

// update applies change to the current keys and saves them. On a shared
// store another node may write in between; the write then loses and the
// change is applied again to what that node wrote.
func (ks *KeyStore) update(change func([]Key) ([]Key, error)) error {
	ks.mu.Lock()
	defer ks.mu.Unlock()
	for try := 0; try < 10; try++ {
		if err := ks.load(true); err != nil {
			return err
		}
		keys, err := change(slices.Clone(ks.keys))
		if err != nil {
			return err
		}
		raw, err := json.MarshalIndent(keys, "", "  ")
		if err != nil {
			return err
		}
		if ks.shared == nil {
			return ks.save(raw)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		ok, err := ks.shared.PutSetting(ctx, KeysFile, raw, ks.version)
		cancel()
		if err != nil {
			return err
		}
		if ok {
			return ks.load(true)
		}
	}
	return i18n.Errorf("다른 노드가 키를 계속 바꾸고 있습니다: 다시 시도하세요", "other nodes keep changing the keys: try again")
}

// save writes the key file atomically with mode 0600: the hashes are not
// secrets, but who may read what is nobody else's business.
func (ks *KeyStore) save(raw []byte) error {
	if err := os.MkdirAll(filepath.Dir(ks.path), 0o700); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(ks.path), ".keys-*.json")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if err := tmp.Chmod(0o600); err != nil {
		tmp.Close()
		return err
	}
	if _, err := tmp.Write(append(raw, '\n')); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), ks.path); err != nil {
		return err
	}
	return ks.load(true)
}

func cleanList(in []string) []string {
	var out []string
	for _, s := range in {
		for _, p := range strings.Split(s, ",") {
			if p = strings.TrimSpace(p); p != "" && !slices.Contains(out, p) {
				out = append(out, p)
			}
		}
	}
	return out
}
