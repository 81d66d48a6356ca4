package emulator

import "net/http"

// adminSetAssets is PUT /_emulator/sub_accounts/{sub_account_id}/assets with
// {"count": N}: it sets how many assets the emulated environment holds. The
// API cannot upload media, so this is how a test reaches Cloudinary's limit
// of 1,000 assets, from which an environment can neither be renamed nor
// deleted (FIDELITY.md row 7). It answers {"id", "cloud_name", "assets"}.
// Like every admin endpoint it is never counted, faulted or authenticated.
func (e *Emulator) adminSetAssets(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Count *int `json:"count"`
	}
	if err := decodeJSON(r, &req); err != nil {
		provError(w, http.StatusBadRequest, err.Error())
		return
	}
	if req.Count == nil || *req.Count < 0 {
		provError(w, http.StatusBadRequest, `body must be {"count": N} with N >= 0`)
		return
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	id := r.PathValue("sub_account_id")
	p := e.prov.Envs[id]
	if p == nil {
		provError(w, http.StatusNotFound, "Product environment "+id+" not found")
		return
	}
	prev := p.Assets
	p.Assets = *req.Count
	if e.opts.StatePath != "" {
		if err := e.saveLocked(); err != nil {
			p.Assets = prev
			provError(w, http.StatusInternalServerError, "emulator could not save its state: "+err.Error())
			return
		}
	}
	writeJSON(w, http.StatusOK, map[string]any{"id": p.ID, "cloud_name": p.CloudName, "assets": p.Assets})
}

// SetAssets sets the asset count of a product environment, as PUT
// /_emulator/sub_accounts/{id}/assets does, for tests that hold the
// Emulator itself. It reports whether the environment exists.
func (e *Emulator) SetAssets(subAccountID string, count int) bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	p := e.prov.Envs[subAccountID]
	if p == nil {
		return false
	}
	p.Assets = count
	return true
}
