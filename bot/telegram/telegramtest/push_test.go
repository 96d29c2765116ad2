package telegramtest

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestPushRedeliversUntilTaken: Push posts the queued updates in order with
// the secret, posts one again while the webhook answers an error, drops it
// once answered 200, and counts every post in Deliveries.
func TestPushRedeliversUntilTaken(t *testing.T) {
	var mu sync.Mutex
	var got []int
	var secrets []string
	refused := false
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var u struct {
			ID  int `json:"update_id"`
			Msg struct {
				Text string `json:"text"`
			} `json:"message"`
		}
		if err := json.NewDecoder(r.Body).Decode(&u); err != nil {
			t.Errorf("body: %v", err)
		}
		mu.Lock()
		defer mu.Unlock()
		got = append(got, u.ID)
		secrets = append(secrets, r.Header.Get(SecretHeader))
		if u.Msg.Text == "first" && !refused { // a webhook that fails once
			refused = true
			w.WriteHeader(http.StatusInternalServerError)
		}
	}))
	defer hook.Close()

	s := New("1:x")
	defer s.Close()
	s.SetNextUpdateID(1)
	from := User{ID: 5, FirstName: "A"}
	s.Text(from, "first")
	s.Text(from, "second")
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	done := make(chan struct{})
	go func() { defer close(done); s.Push(ctx, 5*time.Millisecond, time.Second) }()
	time.Sleep(30 * time.Millisecond)
	if s.Pending() != 2 {
		t.Fatalf("posted without a webhook set: %d pending", s.Pending())
	}
	resp, err := s.Client().PostForm(s.URL()+"/bot1:x/setWebhook", url.Values{"url": {hook.URL}, "secret_token": {"s3cret"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if err := s.Wait(ctx, func() bool { return s.Pending() == 0 }); err != nil {
		t.Fatalf("updates still queued: %d", s.Pending())
	}
	cancel()
	<-done
	mu.Lock()
	defer mu.Unlock()
	if want := []int{1, 1, 2}; !slices.Equal(got, want) {
		t.Errorf("posted %v, want %v", got, want)
	}
	if strings.Join(secrets, ",") != "s3cret,s3cret,s3cret" {
		t.Errorf("secret headers %q", secrets)
	}
	if d := s.Deliveries(); d[1] != 2 || d[2] != 1 {
		t.Errorf("deliveries %v, want 1:2 2:1", d)
	}
}
