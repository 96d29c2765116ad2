package store

import (
	"fmt"

	bolt "go.etcd.io/bbolt"
)

// Bucket names, declared once. The tree is drawn in doc.go; keep it current.
var (
	bucketMeta        = []byte("meta")
	bucketIdentities  = []byte("identities")
	bucketMemberChats = []byte("memberchats")
	bucketMembers     = []byte("members")
	bucketSessions    = []byte("sessions")
	bucketReports     = []byte("reports")
	bucketRevisions   = []byte("revisions")
	bucketUnitPeriods = []byte("unitperiods")
	bucketOutbox      = []byte("outbox")
	bucketOutKeys     = []byte("outkeys")
	bucketDead        = []byte("dead")
	bucketOutDue      = []byte("outdue")
	bucketOutChats    = []byte("outchats")
	bucketOutBlobs    = []byte("outblobs")
	bucketOutRefs     = []byte("outrefs")
	bucketOffsets     = []byte("offsets")
	bucketInbound     = []byte("inbound")
	bucketAudit       = []byte("audit")
	bucketInvites     = []byte("invites")
	bucketAttempts    = []byte("attempts")
	bucketJobs        = []byte("jobs")
	bucketBlobs       = []byte("blobs")
	bucketLinks       = []byte("links")
	bucketGreeted     = []byte("greeted")
	bucketDigests     = []byte("digests")
	bucketSummaries   = []byte("summaries")
	bucketRoster      = []byte("roster")
	bucketReopened    = []byte("reopened")
	bucketReviews     = []byte("reviews")
)

// allBuckets lists every top-level bucket; Open creates the missing ones.
var allBuckets = [][]byte{
	bucketMeta,
	bucketIdentities,
	bucketMemberChats,
	bucketMembers,
	bucketSessions,
	bucketReports,
	bucketRevisions,
	bucketUnitPeriods,
	bucketOutbox,
	bucketOutKeys,
	bucketDead,
	bucketOutDue,
	bucketOutChats,
	bucketOutBlobs,
	bucketOutRefs,
	bucketOffsets,
	bucketInbound,
	bucketAudit,
	bucketInvites,
	bucketAttempts,
	bucketJobs,
	bucketBlobs,
	bucketLinks,
	bucketGreeted,
	bucketDigests,
	bucketSummaries,
	bucketRoster,
	bucketReopened,
	bucketReviews,
}

// optionalBuckets may be missing from a file opened read-only: they came
// after the file's schema version without a new one, and the code that
// reads them takes a missing one for an empty one. A read-write Open
// creates them. (So `fieldbot history` and `digest` read a database last
// written by the version before, without a migration.)
var optionalBuckets = map[string]bool{string(bucketReviews): true, string(bucketReopened): true,
	string(bucketRoster): true} // schema 4: no roster, the YAML's is read

// missingRequired is missingBucket with optionalBuckets allowed to be
// absent: what a read-only Open requires.
func missingRequired(btx *bolt.Tx) string {
	for _, name := range allBuckets {
		if btx.Bucket(name) == nil && !optionalBuckets[string(name)] {
			return string(name)
		}
	}
	return ""
}

// keyVersion is the meta key that holds the schema version.
var keyVersion = []byte("version")

// createBuckets makes every bucket of allBuckets that is missing.
func createBuckets(btx *bolt.Tx) error {
	for _, name := range allBuckets {
		if _, err := btx.CreateBucketIfNotExists(name); err != nil {
			return fmt.Errorf("create bucket %s: %w", name, err)
		}
	}
	return nil
}

// missingBucket returns the name of the first bucket of allBuckets that is
// absent, or "" when the tree is complete.
func missingBucket(btx *bolt.Tx) string {
	for _, name := range allBuckets {
		if btx.Bucket(name) == nil {
			return string(name)
		}
	}
	return ""
}
