package emulator

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"time"
)

// provBase is the prefix of every provisioning path.
const provBase = "/v1_1/provisioning/accounts/{account_id}"

// registerProvisioning wires the 26 provisioning operations, named by the
// document's operationIds.
func (e *Emulator) registerProvisioning(mux *http.ServeMux) {
	env := provBase + "/sub_accounts/{sub_account_id}"
	e.route(mux, "GET "+provBase+"/sub_accounts", "getProductEnvironments", e.getProductEnvironments)
	e.route(mux, "POST "+provBase+"/sub_accounts", "createProductEnvironment", e.createProductEnvironment)
	e.route(mux, "GET "+env, "getProductEnvironment", e.getProductEnvironment)
	e.route(mux, "PUT "+env, "updateProductEnvironment", e.updateProductEnvironment)
	e.route(mux, "DELETE "+env, "deleteProductEnvironment", e.deleteProductEnvironment)

	e.route(mux, "GET "+env+"/access_keys", "getAccessKeys", e.getAccessKeys)
	e.route(mux, "POST "+env+"/access_keys", "generateAccessKey", e.generateAccessKey)
	e.route(mux, "DELETE "+env+"/access_keys", "deleteAccessKeyByName", e.deleteAccessKeyByName)
	e.route(mux, "PUT "+env+"/access_keys/{key}", "updateAccessKey", e.updateAccessKey)
	e.route(mux, "DELETE "+env+"/access_keys/{key}", "deleteAccessKey", e.deleteAccessKey)

	user := provBase + "/users/{user_id}"
	e.route(mux, "GET "+provBase+"/users", "getUsers", e.getUsers)
	e.route(mux, "POST "+provBase+"/users", "createUser", e.createUser)
	e.route(mux, "GET "+user, "getUser", e.getUser)
	e.route(mux, "PUT "+user, "updateUser", e.updateUser)
	e.route(mux, "DELETE "+user, "deleteUser", e.deleteUser)
	e.route(mux, "GET "+user+"/groups", "getGroupsForUser", e.getGroupsForUser)
	e.route(mux, "GET "+user+"/sub_accounts", "getSubAccountsForUser", e.getSubAccountsForUser)

	group := provBase + "/user_groups/{group_id}"
	e.route(mux, "GET "+provBase+"/user_groups", "getUserGroups", e.getUserGroups)
	e.route(mux, "POST "+provBase+"/user_groups", "createUserGroup", e.createUserGroup)
	e.route(mux, "GET "+group, "getUserGroup", e.getUserGroup)
	e.route(mux, "PUT "+group, "updateUserGroup", e.updateUserGroup)
	e.route(mux, "DELETE "+group, "deleteUserGroup", e.deleteUserGroup)
	e.route(mux, "GET "+group+"/users", "getUsersInUserGroup", e.getUsersInUserGroup)
	e.route(mux, "POST "+group+"/users/{user_id}", "addUserToUserGroup", e.addUserToUserGroup)
	e.route(mux, "DELETE "+group+"/users/{user_id}", "removeUserFromUserGroup", e.removeUserFromUserGroup)

	e.route(mux, "GET "+provBase+"/billing_usage", "getBillingUsage", e.getBillingUsage)
}

// maxListValues is the documented limit of ids, emails and cloud_names.
const maxListValues = 100

func rfc3339(t time.Time) string { return t.UTC().Format(time.RFC3339) }

func okMessage(w http.ResponseWriter) {
	writeJSON(w, http.StatusOK, map[string]string{"message": "ok"})
}

// ---------------------------------------------------------------------------
// Product environments

type apiAccessKeyView struct {
	Key     string `json:"key"`
	Secret  string `json:"secret"`
	Enabled bool   `json:"enabled"`
}

type envView struct {
	CloudName     string             `json:"cloud_name"`
	Name          string             `json:"name"`
	Enabled       bool               `json:"enabled"`
	ID            string             `json:"id"`
	APIAccessKeys []apiAccessKeyView `json:"api_access_keys"`
	CreatedAt     string             `json:"created_at"`
	UpdatedAt     string             `json:"updated_at"`
	// CustomAttributes is not in the document, but the real service returns
	// it (null when never set) and an update replaces the whole map
	// (FIDELITY.md row 4).
	CustomAttributes map[string]any `json:"custom_attributes"`
}

func viewEnv(p *provEnv) envView {
	v := envView{
		CloudName: p.CloudName, Name: p.Name, Enabled: p.Enabled, ID: p.ID,
		APIAccessKeys: []apiAccessKeyView{},
		CreatedAt:     rfc3339(p.CreatedAt), UpdatedAt: rfc3339(p.UpdatedAt),
		CustomAttributes: p.CustomAttributes,
	}
	for _, k := range p.Keys {
		v.APIAccessKeys = append(v.APIAccessKeys, apiAccessKeyView{Key: k.APIKey, Secret: k.APISecret, Enabled: k.Enabled})
	}
	return v
}

// cloudNameRE: Cloudinary cloud names are lowercase letters, digits, hyphens
// and underscores. The document is silent; an invalid name is answered 400
// rather than silently rewritten, so a provider never sees drift it caused.
var cloudNameRE = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]{0,63}$`)

func (e *Emulator) lookupEnv(w http.ResponseWriter, r *http.Request) *provEnv {
	id := r.PathValue("sub_account_id")
	p := e.prov.Envs[id]
	if p == nil {
		provError(w, http.StatusNotFound, "Product environment "+id+" not found")
	}
	return p
}

func (e *Emulator) getProductEnvironments(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	enabled, hasEnabled, err := queryBool(q, "enabled")
	if err != nil {
		provError(w, http.StatusBadRequest, err.Error())
		return
	}
	ids, hasIDs, err := queryArray(q, "ids")
	if err != nil {
		provError(w, http.StatusBadRequest, err.Error())
		return
	}
	names, hasNames, err := queryArray(q, "cloud_names")
	if err != nil {
		provError(w, http.StatusBadRequest, err.Error())
		return
	}
	prefix := strings.ToLower(q.Get("prefix"))
	out := []envView{}
	for _, p := range e.prov.envsInOrder() {
		if hasIDs {
			// "When provided, other parameters are ignored."
			if slices.Contains(ids, p.ID) {
				out = append(out, viewEnv(p))
			}
			continue
		}
		if hasEnabled && p.Enabled != enabled {
			continue
		}
		if hasNames && !slices.Contains(names, p.CloudName) {
			continue
		}
		if prefix != "" && !strings.HasPrefix(strings.ToLower(p.Name), prefix) {
			continue
		}
		out = append(out, viewEnv(p))
	}
	writeJSON(w, http.StatusOK, map[string]any{"sub_accounts": out})
}

func (e *Emulator) createProductEnvironment(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Name             *string        `json:"name"`
		CloudName        *string        `json:"cloud_name"`
		BaseSubAccountID *string        `json:"base_sub_account_id"`
		CustomAttributes map[string]any `json:"custom_attributes"`
	}
	if err := decodeJSON(r, &req); err != nil {
		provError(w, http.StatusBadRequest, err.Error())
		return
	}
	if req.Name == nil || strings.TrimSpace(*req.Name) == "" {
		provError(w, http.StatusBadRequest, "Missing required parameter - name")
		return
	}
	cloudName := ""
	if req.CloudName != nil && *req.CloudName != "" {
		cloudName = *req.CloudName
		if !cloudNameRE.MatchString(cloudName) {
			provError(w, http.StatusBadRequest, "Invalid cloud_name "+cloudName+": use lowercase letters, digits, '-' and '_'")
			return
		}
		if !e.cloudNameFree(w, cloudName) {
			return
		}
	} else {
		// Omitted cloud_name: derived from the name (FIDELITY.md row 6).
		cloudName = e.derivedCloudName(*req.Name)
	}
	base := ""
	if req.BaseSubAccountID != nil && *req.BaseSubAccountID != "" {
		base = *req.BaseSubAccountID
		// The create operation documents no 404, so an unknown base
		// environment is a bad request.
		if !e.prov.envExists(base) {
			provError(w, http.StatusBadRequest, "base_sub_account_id "+base+" does not exist")
			return
		}
	}
	now := e.now()
	p := &provEnv{
		ID: randHex(16), Name: *req.Name, CloudName: cloudName, Enabled: true,
		CustomAttributes: req.CustomAttributes, BaseSubAccountID: base,
		CreatedAt: now, UpdatedAt: now, Seq: e.prov.nextSeq(),
	}
	// Every new environment comes with one enabled, unnamed access key, as
	// the document's create example shows (api_access_keys has one entry).
	// That key is the environment's root key (FIDELITY.md row 5).
	root := e.newKey("", true)
	root.Root = true
	p.Keys = []*provKey{root}
	e.prov.Envs[p.ID] = p
	writeJSON(w, http.StatusOK, viewEnv(p))
}

func (e *Emulator) getProductEnvironment(w http.ResponseWriter, r *http.Request) {
	if p := e.lookupEnv(w, r); p != nil {
		writeJSON(w, http.StatusOK, viewEnv(p))
	}
}

func (e *Emulator) updateProductEnvironment(w http.ResponseWriter, r *http.Request) {
	p := e.lookupEnv(w, r)
	if p == nil {
		return
	}
	var req struct {
		Name             *string         `json:"name"`
		CloudName        *string         `json:"cloud_name"`
		CustomAttributes *map[string]any `json:"custom_attributes"`
		Enabled          *bool           `json:"enabled"`
	}
	if err := decodeJSON(r, &req); err != nil {
		provError(w, http.StatusBadRequest, err.Error())
		return
	}
	if req.Name != nil && strings.TrimSpace(*req.Name) == "" {
		provError(w, http.StatusBadRequest, "name must not be empty")
		return
	}
	if req.CloudName != nil && *req.CloudName != p.CloudName {
		if !cloudNameRE.MatchString(*req.CloudName) {
			provError(w, http.StatusBadRequest, "Invalid cloud_name "+*req.CloudName+": use lowercase letters, digits, '-' and '_'")
			return
		}
		if !e.cloudNameFree(w, *req.CloudName) {
			return
		}
		// Renames are refused from 1,000 assets on (FIDELITY.md row 7).
		if !assetsAllow(w, p, "change the cloud_name of") {
			return
		}
	}
	if req.Name != nil {
		p.Name = *req.Name
	}
	if req.CloudName != nil {
		p.CloudName = *req.CloudName
	}
	if req.CustomAttributes != nil {
		p.CustomAttributes = *req.CustomAttributes
	}
	if req.Enabled != nil {
		p.Enabled = *req.Enabled
	}
	p.UpdatedAt = e.now()
	writeJSON(w, http.StatusOK, viewEnv(p))
}

// deleteProductEnvironment cascades: the environment's access keys go (and
// their role assignments), its permission scopes go, and users restricted to
// it lose it.
func (e *Emulator) deleteProductEnvironment(w http.ResponseWriter, r *http.Request) {
	p := e.lookupEnv(w, r)
	if p == nil {
		return
	}
	if e.refusePrimaryEnv(w, p) || !assetsAllow(w, p, "delete") {
		return
	}
	for _, k := range p.Keys {
		e.cascadePrincipal("apiKey", k.APIKey)
	}
	for _, u := range e.prov.Users {
		u.SubAccountIDs = slices.DeleteFunc(u.SubAccountIDs, func(id string) bool { return id == p.ID })
	}
	delete(e.prov.Envs, p.ID)
	e.cascadeScope(p.ID)
	okMessage(w)
}

// ---------------------------------------------------------------------------
// Access keys

// accessKeyView is the AccessKey schema plus what the real service adds
// (FIDELITY.md row 5): root on every key, and dedicated_for, as an array,
// once the key has been dedicated. The field order is the service's, as
// Cloudinary's Node SDK test asserts it.
type accessKeyView struct {
	Name         string   `json:"name"`
	APIKey       string   `json:"api_key"`
	APISecret    string   `json:"api_secret"`
	CreatedAt    string   `json:"created_at"`
	UpdatedAt    string   `json:"updated_at"`
	Enabled      bool     `json:"enabled"`
	DedicatedFor []string `json:"dedicated_for,omitempty"`
	Root         bool     `json:"root"`
}

func viewKey(k *provKey) accessKeyView {
	v := accessKeyView{
		Name: k.Name, APIKey: k.APIKey, APISecret: k.APISecret,
		CreatedAt: rfc3339(k.CreatedAt), UpdatedAt: rfc3339(k.UpdatedAt), Enabled: k.Enabled,
		Root: k.Root,
	}
	if k.DedicatedFor != "" {
		v.DedicatedFor = []string{k.DedicatedFor}
	}
	return v
}

func (e *Emulator) newKey(name string, enabled bool) *provKey {
	now := e.now()
	apiKey := randDigits(15)
	for e.prov.accessKeyExists(apiKey) {
		apiKey = randDigits(15)
	}
	return &provKey{
		Name: name, APIKey: apiKey, APISecret: randSecret(27), Enabled: enabled,
		CreatedAt: now, UpdatedAt: now, Seq: e.prov.nextSeq(),
	}
}

// keyNameTaken: access key names are unique within an environment (409);
// unnamed keys never clash.
func keyNameTaken(p *provEnv, name string, except *provKey) bool {
	if name == "" {
		return false
	}
	for _, k := range p.Keys {
		if k != except && k.Name == name {
			return true
		}
	}
	return false
}

// paging reads page/page_size. The document says of page "Default: All pages
// are returned", so without page everything is returned and page_size alone
// is ignored; with page but no page_size, pages of defaultPageSize are used
// (the document gives no default; 10 is a guess).
type paging struct {
	on         bool
	page, size int
}

const defaultPageSize = 10

func readPaging(q url.Values, maxPage int) (paging, error) {
	page, hasPage, err := queryInt(q, "page", 1, maxPage)
	if err != nil {
		return paging{}, err
	}
	size, hasSize, err := queryInt(q, "page_size", 1, 0)
	if err != nil {
		return paging{}, err
	}
	if !hasPage {
		return paging{}, nil
	}
	if !hasSize {
		size = defaultPageSize
	}
	return paging{on: true, page: page, size: size}, nil
}

func applyPaging[T any](items []T, p paging) []T {
	if !p.on {
		return items
	}
	start := (p.page - 1) * p.size
	if start >= len(items) {
		return items[:0]
	}
	return items[start:min(start+p.size, len(items))]
}

func (e *Emulator) getAccessKeys(w http.ResponseWriter, r *http.Request) {
	p := e.lookupEnv(w, r)
	if p == nil {
		return
	}
	q := r.URL.Query()
	pg, err := readPaging(q, 100) // "maximum pages 100"
	if err != nil {
		provError(w, http.StatusBadRequest, err.Error())
		return
	}
	sortBy, err := queryEnum(q, "sort_by", "api_key", "created_at", "name", "enabled")
	if err != nil {
		provError(w, http.StatusBadRequest, err.Error())
		return
	}
	order, err := queryEnum(q, "sort_order", "desc", "asc")
	if err != nil {
		provError(w, http.StatusBadRequest, err.Error())
		return
	}
	// Defaults: sort_order desc is documented; sort_by is not, created_at is
	// the natural key for "desc" (newest first).
	if sortBy == "" {
		sortBy = "created_at"
	}
	keys := slices.Clone(p.Keys)
	less := func(a, b *provKey) int {
		c := 0
		switch sortBy {
		case "api_key":
			c = strings.Compare(a.APIKey, b.APIKey)
		case "name":
			c = strings.Compare(a.Name, b.Name)
		case "enabled":
			c = cmpBool(a.Enabled, b.Enabled)
		case "created_at":
			c = a.CreatedAt.Compare(b.CreatedAt)
		}
		if c == 0 {
			c = cmpInt(a.Seq, b.Seq)
		}
		return c
	}
	slices.SortStableFunc(keys, func(a, b *provKey) int {
		if order == "asc" {
			return less(a, b)
		}
		return less(b, a)
	})
	out := []accessKeyView{}
	for _, k := range applyPaging(keys, pg) {
		out = append(out, viewKey(k))
	}
	writeJSON(w, http.StatusOK, map[string]any{"access_keys": out, "total": len(p.Keys)})
}

func cmpBool(a, b bool) int {
	switch {
	case a == b:
		return 0
	case !a:
		return -1
	}
	return 1
}

func cmpInt(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func (e *Emulator) generateAccessKey(w http.ResponseWriter, r *http.Request) {
	p := e.lookupEnv(w, r)
	if p == nil {
		return
	}
	var req struct {
		Name    *string `json:"name"`
		Enabled *bool   `json:"enabled"`
	}
	if err := decodeJSON(r, &req); err != nil {
		provError(w, http.StatusBadRequest, err.Error())
		return
	}
	name := ""
	if req.Name != nil {
		name = *req.Name
	}
	if keyNameTaken(p, name, nil) {
		provError(w, http.StatusConflict, "Access key named "+name+" already exists")
		return
	}
	enabled := true // the document's update request defaults are "enabled"
	if req.Enabled != nil {
		enabled = *req.Enabled
	}
	k := e.newKey(name, enabled)
	p.Keys = append(p.Keys, k)
	writeJSON(w, http.StatusOK, viewKey(k))
}

func (e *Emulator) deleteAccessKeyByName(w http.ResponseWriter, r *http.Request) {
	p := e.lookupEnv(w, r)
	if p == nil {
		return
	}
	name := r.URL.Query().Get("name")
	if name == "" {
		provError(w, http.StatusBadRequest, "Missing required parameter - name")
		return
	}
	i := slices.IndexFunc(p.Keys, func(k *provKey) bool { return k.Name == name })
	if i < 0 {
		provError(w, http.StatusNotFound, "Access key named "+name+" not found")
		return
	}
	if refuseRootKey(w, p, p.Keys[i]) {
		return
	}
	e.removeKey(p, i)
	okMessage(w)
}

func (e *Emulator) removeKey(p *provEnv, i int) {
	k := p.Keys[i]
	p.Keys = slices.Delete(p.Keys, i, i+1)
	e.cascadePrincipal("apiKey", k.APIKey)
}

// lookupKey finds {key} inside {sub_account_id}; a key of another
// environment is not found.
func (e *Emulator) lookupKey(w http.ResponseWriter, r *http.Request) (*provEnv, int) {
	p := e.lookupEnv(w, r)
	if p == nil {
		return nil, -1
	}
	key := r.PathValue("key")
	i := slices.IndexFunc(p.Keys, func(k *provKey) bool { return k.APIKey == key })
	if i < 0 {
		provError(w, http.StatusNotFound, "Access key "+key+" not found")
		return nil, -1
	}
	return p, i
}

func (e *Emulator) updateAccessKey(w http.ResponseWriter, r *http.Request) {
	p, i := e.lookupKey(w, r)
	if p == nil {
		return
	}
	k := p.Keys[i]
	var req struct {
		Name         *string `json:"name"`
		Enabled      *bool   `json:"enabled"`
		DedicatedFor *string `json:"dedicated_for"`
	}
	if err := decodeJSON(r, &req); err != nil {
		provError(w, http.StatusBadRequest, err.Error())
		return
	}
	if req.DedicatedFor != nil && *req.DedicatedFor != "" && *req.DedicatedFor != "webhooks" {
		provError(w, http.StatusBadRequest, "Invalid dedicated_for "+*req.DedicatedFor+" (allowed: webhooks)")
		return
	}
	if req.Name != nil && keyNameTaken(p, *req.Name, k) {
		provError(w, http.StatusConflict, "Access key named "+*req.Name+" already exists")
		return
	}
	if req.Name != nil {
		k.Name = *req.Name
	}
	if req.Enabled != nil {
		k.Enabled = *req.Enabled
	}
	if req.DedicatedFor != nil && *req.DedicatedFor != "" {
		// "This action replaces any previously assigned key."
		for _, other := range p.Keys {
			if other.DedicatedFor == *req.DedicatedFor {
				other.DedicatedFor = ""
			}
		}
		k.DedicatedFor = *req.DedicatedFor
	}
	k.UpdatedAt = e.now()
	writeJSON(w, http.StatusOK, viewKey(k))
}

func (e *Emulator) deleteAccessKey(w http.ResponseWriter, r *http.Request) {
	p, i := e.lookupKey(w, r)
	if p == nil {
		return
	}
	if refuseRootKey(w, p, p.Keys[i]) {
		return
	}
	e.removeKey(p, i)
	okMessage(w)
}

// ---------------------------------------------------------------------------
// Users

var userRoles = []string{"master_admin", "admin", "billing", "technical_admin", "reports", "media_library_admin", "media_library_user"}

type userView struct {
	ID              string `json:"id"`
	Name            string `json:"name"`
	Role            string `json:"role"`
	Email           string `json:"email"`
	Pending         bool   `json:"pending"`
	Enabled         bool   `json:"enabled"`
	CreatedAt       string `json:"created_at"`
	UpdatedAt       string `json:"updated_at"`
	LastLogin       string `json:"last_login,omitempty"`
	AllSubAccounts  bool   `json:"all_sub_accounts"`
	AccountID       string `json:"account_id"`
	Status          string `json:"status"`
	GroupCount      int    `json:"group_count"`
	SubAccountCount int    `json:"sub_account_count"`
	// Root is the document's "Whether the user is a root user": true for
	// the account owner of a seeded account (seed.go).
	Root bool `json:"root"`
	// Groups and SubAccountIDs are not in the document; the real service
	// returns them on getUser, createUser and updateUser (FIDELITY.md row
	// 3): the groups as {id, name}, the environments as one comma-joined
	// string, present only for a user restricted to some environments.
	Groups        *[]groupSummaryView `json:"groups,omitempty"`
	SubAccountIDs *string             `json:"sub_account_ids,omitempty"`
}

// userStatus is not defined by the document; the emulator reports
// "disabled", "pending" or "active", which is also what sort_by=status uses.
func userStatus(u *provUser) string {
	switch {
	case !u.Enabled:
		return "disabled"
	case u.Pending:
		return "pending"
	}
	return "active"
}

func (e *Emulator) viewUser(u *provUser) userView {
	v := userView{
		ID: u.ID, Name: u.Name, Role: u.Role, Email: u.Email, Pending: u.Pending, Enabled: u.Enabled,
		CreatedAt: rfc3339(u.CreatedAt), UpdatedAt: rfc3339(u.UpdatedAt),
		AllSubAccounts: u.Role == "master_admin" || u.AllSubAccounts,
		AccountID:      e.opts.AccountID, Status: userStatus(u),
		GroupCount:      len(e.prov.groupsOf(u.ID)),
		SubAccountCount: len(e.prov.reachableEnvs(u)),
		Root:            e.isOwner(u),
	}
	if u.LastLogin != nil {
		v.LastLogin = rfc3339(*u.LastLogin)
	}
	return v
}

// viewUserDetailed is the user as getUser, createUser and updateUser answer
// it: with its groups and, when restricted, its environments.
func (e *Emulator) viewUserDetailed(u *provUser) userView {
	v := e.viewUser(u)
	groups := []groupSummaryView{}
	for _, g := range e.prov.groupsOf(u.ID) {
		groups = append(groups, groupSummaryView{ID: g.ID, Name: g.Name})
	}
	v.Groups = &groups
	if !v.AllSubAccounts {
		ids := strings.Join(u.SubAccountIDs, ",")
		v.SubAccountIDs = &ids
	}
	return v
}

func (e *Emulator) lookupUser(w http.ResponseWriter, r *http.Request) *provUser {
	id := r.PathValue("user_id")
	u := e.prov.Users[id]
	if u == nil {
		provError(w, http.StatusNotFound, "User "+id+" not found")
	}
	return u
}

func parseDate(q url.Values, name string) (*time.Time, error) {
	s := q.Get(name)
	if s == "" {
		return nil, nil
	}
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		return nil, fmt.Errorf("invalid value for %s: %q is not a yyyy-mm-dd date", name, s)
	}
	return &t, nil
}

func (e *Emulator) getUsers(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	bad := func(err error) { provError(w, http.StatusBadRequest, err.Error()) }
	ids, hasIDs, err := queryArray(q, "ids")
	if err != nil {
		bad(err)
		return
	}
	emails, hasEmails, err := queryArray(q, "emails")
	if err != nil {
		bad(err)
		return
	}
	pending, hasPending, err := queryBool(q, "pending")
	if err != nil {
		bad(err)
		return
	}
	lastLogin, _, err := queryBool(q, "last_login")
	if err != nil {
		bad(err)
		return
	}
	from, err := parseDate(q, "from")
	if err != nil {
		bad(err)
		return
	}
	to, err := parseDate(q, "to")
	if err != nil {
		bad(err)
		return
	}
	union, err := queryEnum(q, "union_type", "include", "exclude")
	if err != nil {
		bad(err)
		return
	}
	sortBy, err := queryEnum(q, "sort_by", "name", "role", "status", "activity", "created_at")
	if err != nil {
		bad(err)
		return
	}
	order, err := queryEnum(q, "sort_order", "desc", "asc")
	if err != nil {
		bad(err)
		return
	}
	pg, err := readPaging(q, 0)
	if err != nil {
		bad(err)
		return
	}
	subID := q.Get("sub_account_id")
	// An unknown sub_account_id is answered 404 (the operation documents
	// 404 and nothing else fits) rather than an empty list.
	if subID != "" && !hasIDs && !hasEmails && !e.prov.envExists(subID) {
		provError(w, http.StatusNotFound, "Product environment "+subID+" not found")
		return
	}

	prefix := strings.ToLower(q.Get("prefix"))
	var picked []*provUser
	// outsideLogin applies the login-date range, which counts only with
	// last_login=true. from and to are inclusive days; a user who never
	// logged in is outside every range.
	outsideLogin := func(u *provUser) bool {
		if !lastLogin {
			return false
		}
		in := u.LastLogin != nil
		if in && from != nil && u.LastLogin.Before(*from) {
			in = false
		}
		if in && to != nil && !u.LastLogin.Before(to.AddDate(0, 0, 1)) {
			in = false
		}
		return (union == "exclude") == in
	}
	for _, u := range e.prov.usersInOrder() {
		// pending filters whenever it is sent, with ids and emails too:
		// true = pending users only, false = users who are not pending
		// (FIDELITY.md row 9; the document says "false (all users)" and
		// that ids and emails make the API ignore the other filters, but
		// Cloudinary's SDK tests against the service show otherwise).
		if hasPending && u.Pending != pending {
			continue
		}
		// So does the login-date range (pycloudinary's
		// test_get_users_by_login sends it with ids).
		if outsideLogin(u) {
			continue
		}
		if hasIDs || hasEmails {
			// The other filters, sort and paging are ignored; ids wins
			// over emails when both are sent.
			if hasIDs && slices.Contains(ids, u.ID) ||
				!hasIDs && slices.ContainsFunc(emails, func(m string) bool { return strings.EqualFold(m, u.Email) }) {
				picked = append(picked, u)
			}
			continue
		}
		if prefix != "" && !strings.HasPrefix(strings.ToLower(u.Name), prefix) {
			continue
		}
		if subID != "" && !u.userReaches(subID) {
			continue
		}
		picked = append(picked, u)
	}
	if hasIDs || hasEmails {
		sortBy, order, pg = "", "", paging{}
	}
	// Default order: sort_order desc is documented, sort_by is not;
	// created_at (newest first) is assumed.
	if sortBy == "" {
		sortBy = "created_at"
	}
	cmp := func(a, b *provUser) int {
		c := 0
		switch sortBy {
		case "name":
			c = strings.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name))
		case "role":
			c = strings.Compare(a.Role, b.Role)
		case "status":
			c = strings.Compare(userStatus(a), userStatus(b))
		case "activity":
			c = cmpTimePtr(a.LastLogin, b.LastLogin)
		case "created_at":
			c = a.CreatedAt.Compare(b.CreatedAt)
		}
		if c == 0 {
			c = cmpInt(a.Seq, b.Seq)
		}
		return c
	}
	slices.SortStableFunc(picked, func(a, b *provUser) int {
		if order == "asc" {
			return cmp(a, b)
		}
		return cmp(b, a)
	})
	out := []userView{}
	for _, u := range applyPaging(picked, pg) {
		out = append(out, e.viewUser(u))
	}
	writeJSON(w, http.StatusOK, map[string]any{"users": out})
}

// cmpTimePtr orders never (nil) before any time.
func cmpTimePtr(a, b *time.Time) int {
	switch {
	case a == nil && b == nil:
		return 0
	case a == nil:
		return -1
	case b == nil:
		return 1
	}
	return a.Compare(*b)
}

type userRequest struct {
	Name          *string   `json:"name"`
	Email         *string   `json:"email"`
	Role          *string   `json:"role"`
	SubAccountIDs *[]string `json:"sub_account_ids"`
	Enabled       *bool     `json:"enabled"`
}

// validate checks a user request; create requires name and email.
func (e *Emulator) validateUser(w http.ResponseWriter, req *userRequest, create bool, self *provUser) bool {
	if create && (req.Name == nil || strings.TrimSpace(*req.Name) == "") {
		provError(w, http.StatusBadRequest, "Missing required parameter - name")
		return false
	}
	if create && (req.Email == nil || strings.TrimSpace(*req.Email) == "") {
		provError(w, http.StatusBadRequest, "Missing required parameter - email")
		return false
	}
	if req.Name != nil && strings.TrimSpace(*req.Name) == "" {
		provError(w, http.StatusBadRequest, "name must not be empty")
		return false
	}
	if req.Email != nil {
		at := strings.Index(*req.Email, "@")
		if at <= 0 || at == len(*req.Email)-1 || strings.ContainsAny(*req.Email, " \t") {
			provError(w, http.StatusBadRequest, "Invalid email "+*req.Email)
			return false
		}
	}
	if req.Role != nil && !slices.Contains(userRoles, *req.Role) {
		provError(w, http.StatusBadRequest, "Invalid role "+*req.Role+" (allowed: "+strings.Join(userRoles, ", ")+")")
		return false
	}
	if req.SubAccountIDs != nil {
		for _, id := range *req.SubAccountIDs {
			if !e.prov.envExists(id) {
				// createUser and updateUser document 404: an unknown
				// environment id is "not found".
				provError(w, http.StatusNotFound, "Product environment "+id+" not found")
				return false
			}
		}
	}
	if req.Email != nil {
		if other := e.prov.userByEmail(*req.Email); other != nil && other != self {
			provError(w, http.StatusConflict, "User with email "+*req.Email+" already exists")
			return false
		}
	}
	return true
}

// setSubAccounts applies sub_account_ids: empty means all environments;
// master_admin always has all (the list is "ignored" for that role).
func setSubAccounts(u *provUser, ids []string) {
	ids = slices.Compact(slices.Sorted(slices.Values(ids)))
	if u.Role == "master_admin" || len(ids) == 0 {
		u.AllSubAccounts, u.SubAccountIDs = true, nil
		return
	}
	u.AllSubAccounts, u.SubAccountIDs = false, ids
}

func (e *Emulator) createUser(w http.ResponseWriter, r *http.Request) {
	var req userRequest
	if err := decodeJSON(r, &req); err != nil {
		provError(w, http.StatusBadRequest, err.Error())
		return
	}
	if !e.validateUser(w, &req, true, nil) {
		return
	}
	// role became optional on create (document 0.1.3) without a stated
	// default; the least privileged role is assumed.
	role := "media_library_user"
	if req.Role != nil {
		role = *req.Role
	}
	enabled := true
	if req.Enabled != nil {
		enabled = *req.Enabled
	}
	now := e.now()
	u := &provUser{
		ID: e.newID(), Name: *req.Name, Email: *req.Email, Role: role,
		Enabled: enabled, Pending: true, // invited users stay pending until they log in
		CreatedAt: now, UpdatedAt: now, Seq: e.prov.nextSeq(),
	}
	var ids []string
	if req.SubAccountIDs != nil {
		ids = *req.SubAccountIDs
	}
	setSubAccounts(u, ids)
	e.prov.Users[u.ID] = u
	writeJSON(w, http.StatusOK, e.viewUserDetailed(u))
}

func (e *Emulator) getUser(w http.ResponseWriter, r *http.Request) {
	if u := e.lookupUser(w, r); u != nil {
		writeJSON(w, http.StatusOK, e.viewUserDetailed(u))
	}
}

func (e *Emulator) updateUser(w http.ResponseWriter, r *http.Request) {
	u := e.lookupUser(w, r)
	if u == nil {
		return
	}
	var req userRequest
	if err := decodeJSON(r, &req); err != nil {
		provError(w, http.StatusBadRequest, err.Error())
		return
	}
	if !e.validateUser(w, &req, false, u) || e.refuseLastMasterAdmin(w, u, false, req.Role) {
		return
	}
	if req.Name != nil {
		u.Name = *req.Name
	}
	if req.Email != nil {
		u.Email = *req.Email
	}
	if req.Role != nil {
		u.Role = *req.Role
	}
	if req.Enabled != nil {
		u.Enabled = *req.Enabled
	}
	switch {
	case req.SubAccountIDs != nil:
		setSubAccounts(u, *req.SubAccountIDs)
	case u.Role == "master_admin":
		setSubAccounts(u, nil)
	}
	// Omitted sub_account_ids on update keep the user's current access.
	u.UpdatedAt = e.now()
	writeJSON(w, http.StatusOK, e.viewUserDetailed(u))
}

// deleteUser cascades: group memberships and role assignments go.
func (e *Emulator) deleteUser(w http.ResponseWriter, r *http.Request) {
	u := e.lookupUser(w, r)
	if u == nil || e.refuseLastMasterAdmin(w, u, true, nil) {
		return
	}
	for _, g := range e.prov.Groups {
		g.UserIDs = slices.DeleteFunc(g.UserIDs, func(id string) bool { return id == u.ID })
	}
	delete(e.prov.Users, u.ID)
	e.cascadePrincipal("user", u.ID)
	okMessage(w)
}

type groupSummaryView struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

func (e *Emulator) getGroupsForUser(w http.ResponseWriter, r *http.Request) {
	u := e.lookupUser(w, r)
	if u == nil {
		return
	}
	out := []groupSummaryView{}
	for _, g := range e.prov.groupsOf(u.ID) {
		out = append(out, groupSummaryView{ID: g.ID, Name: g.Name})
	}
	writeJSON(w, http.StatusOK, map[string]any{"groups": out})
}

type subAccountSummaryView struct {
	ID        string `json:"id"`
	Name      string `json:"name"`
	CloudName string `json:"cloud_name"`
	Enabled   bool   `json:"enabled"`
}

func (e *Emulator) getSubAccountsForUser(w http.ResponseWriter, r *http.Request) {
	u := e.lookupUser(w, r)
	if u == nil {
		return
	}
	// description is omitted: product environments have none in this API.
	out := []subAccountSummaryView{}
	for _, p := range e.prov.reachableEnvs(u) {
		out = append(out, subAccountSummaryView{ID: p.ID, Name: p.Name, CloudName: p.CloudName, Enabled: p.Enabled})
	}
	writeJSON(w, http.StatusOK, map[string]any{"sub_accounts": out})
}

// ---------------------------------------------------------------------------
// User groups

type groupUserView struct {
	ID    string `json:"id"`
	Name  string `json:"name"`
	Email string `json:"email"`
}

type groupView struct {
	ID        string           `json:"id"`
	Name      string           `json:"name"`
	Users     *[]groupUserView `json:"users,omitempty"`
	CreatedAt string           `json:"created_at,omitempty"`
	UpdatedAt string           `json:"updated_at,omitempty"`
}

func (e *Emulator) groupUsers(g *provGroup) []groupUserView {
	out := []groupUserView{}
	for _, id := range g.UserIDs {
		if u := e.prov.Users[id]; u != nil {
			out = append(out, groupUserView{ID: u.ID, Name: u.Name, Email: u.Email})
		}
	}
	return out
}

// viewGroup returns id and name, plus users and timestamps with
// extended_details, as the UserGroup schema says.
func (e *Emulator) viewGroup(g *provGroup, extended bool) groupView {
	v := groupView{ID: g.ID, Name: g.Name}
	if extended {
		users := e.groupUsers(g)
		v.Users = &users
		v.CreatedAt, v.UpdatedAt = rfc3339(g.CreatedAt), rfc3339(g.UpdatedAt)
	}
	return v
}

func (e *Emulator) lookupGroup(w http.ResponseWriter, r *http.Request) *provGroup {
	id := r.PathValue("group_id")
	g := e.prov.Groups[id]
	if g == nil {
		provError(w, http.StatusNotFound, "User group "+id+" not found")
	}
	return g
}

func (e *Emulator) getUserGroups(w http.ResponseWriter, r *http.Request) {
	ext, _, err := queryBool(r.URL.Query(), "extended_details")
	if err != nil {
		provError(w, http.StatusBadRequest, err.Error())
		return
	}
	out := []groupView{}
	for _, g := range e.prov.groupsInOrder() {
		out = append(out, e.viewGroup(g, ext))
	}
	writeJSON(w, http.StatusOK, map[string]any{"user_groups": out})
}

type groupRequest struct {
	Name            *string `json:"name"`
	ExtendedDetails *bool   `json:"extended_details"`
}

// extendedFor: create and update take extended_details in the body
// (UserGroupRequest); the query parameter is honoured too.
func extendedFor(r *http.Request, req groupRequest) (bool, error) {
	ext, _, err := queryBool(r.URL.Query(), "extended_details")
	if req.ExtendedDetails != nil && *req.ExtendedDetails {
		ext = true
	}
	return ext, err
}

func (e *Emulator) createUserGroup(w http.ResponseWriter, r *http.Request) {
	var req groupRequest
	if err := decodeJSON(r, &req); err != nil {
		provError(w, http.StatusBadRequest, err.Error())
		return
	}
	ext, err := extendedFor(r, req)
	if err != nil {
		provError(w, http.StatusBadRequest, err.Error())
		return
	}
	if req.Name == nil || strings.TrimSpace(*req.Name) == "" {
		provError(w, http.StatusBadRequest, "Missing required parameter - name")
		return
	}
	// Group names are unique in the account, case-insensitively (409).
	if e.prov.groupByName(*req.Name) != nil {
		provError(w, http.StatusConflict, "User group "+*req.Name+" already exists")
		return
	}
	now := e.now()
	g := &provGroup{ID: e.newID(), Name: *req.Name, UserIDs: []string{}, CreatedAt: now, UpdatedAt: now, Seq: e.prov.nextSeq()}
	e.prov.Groups[g.ID] = g
	writeJSON(w, http.StatusOK, e.viewGroup(g, ext))
}

func (e *Emulator) getUserGroup(w http.ResponseWriter, r *http.Request) {
	g := e.lookupGroup(w, r)
	if g == nil {
		return
	}
	ext, _, err := queryBool(r.URL.Query(), "extended_details")
	if err != nil {
		provError(w, http.StatusBadRequest, err.Error())
		return
	}
	writeJSON(w, http.StatusOK, e.viewGroup(g, ext))
}

func (e *Emulator) updateUserGroup(w http.ResponseWriter, r *http.Request) {
	g := e.lookupGroup(w, r)
	if g == nil {
		return
	}
	var req groupRequest
	if err := decodeJSON(r, &req); err != nil {
		provError(w, http.StatusBadRequest, err.Error())
		return
	}
	ext, err := extendedFor(r, req)
	if err != nil {
		provError(w, http.StatusBadRequest, err.Error())
		return
	}
	// name is the only updatable field, so it is required here.
	if req.Name == nil || strings.TrimSpace(*req.Name) == "" {
		provError(w, http.StatusBadRequest, "Missing required parameter - name")
		return
	}
	if other := e.prov.groupByName(*req.Name); other != nil && other != g {
		provError(w, http.StatusConflict, "User group "+*req.Name+" already exists")
		return
	}
	g.Name = *req.Name
	g.UpdatedAt = e.now()
	writeJSON(w, http.StatusOK, e.viewGroup(g, ext))
}

func (e *Emulator) deleteUserGroup(w http.ResponseWriter, r *http.Request) {
	g := e.lookupGroup(w, r)
	if g == nil {
		return
	}
	delete(e.prov.Groups, g.ID)
	e.cascadePrincipal("group", g.ID)
	// {"ok": true}, not the document's SuccessResponse {"message": "ok"}:
	// every SDK test suite notes the difference (FIDELITY.md row 2).
	writeJSON(w, http.StatusOK, map[string]bool{"ok": true})
}

func (e *Emulator) getUsersInUserGroup(w http.ResponseWriter, r *http.Request) {
	if g := e.lookupGroup(w, r); g != nil {
		writeJSON(w, http.StatusOK, map[string]any{"users": e.groupUsers(g)})
	}
}

func (e *Emulator) addUserToUserGroup(w http.ResponseWriter, r *http.Request) {
	g := e.lookupGroup(w, r)
	if g == nil {
		return
	}
	u := e.lookupUser(w, r)
	if u == nil {
		return
	}
	// The operation documents 409: adding a member twice is a conflict
	// rather than a silent no-op.
	if slices.Contains(g.UserIDs, u.ID) {
		provError(w, http.StatusConflict, "User "+u.ID+" is already in user group "+g.ID)
		return
	}
	g.UserIDs = append(g.UserIDs, u.ID)
	g.UpdatedAt = e.now()
	// The group's members, as removeUserFromUserGroup answers, not the
	// document's single UserGroupUser (FIDELITY.md row 1).
	writeJSON(w, http.StatusOK, map[string]any{"users": e.groupUsers(g)})
}

func (e *Emulator) removeUserFromUserGroup(w http.ResponseWriter, r *http.Request) {
	g := e.lookupGroup(w, r)
	if g == nil {
		return
	}
	u := e.lookupUser(w, r)
	if u == nil {
		return
	}
	// Removing a user who is not a member is answered 404 (documented),
	// so a client can treat it as already removed.
	i := slices.Index(g.UserIDs, u.ID)
	if i < 0 {
		provError(w, http.StatusNotFound, "User "+u.ID+" is not in user group "+g.ID)
		return
	}
	g.UserIDs = slices.Delete(g.UserIDs, i, i+1)
	g.UpdatedAt = e.now()
	writeJSON(w, http.StatusOK, map[string]any{"users": e.groupUsers(g)})
}

// cascadePrincipal and cascadeScope hand deletions over to the permissions
// half; cascadeLog, when set (tests), records each hand-over.
func (e *Emulator) cascadePrincipal(principalType, id string) {
	if e.cascadeLog != nil {
		e.cascadeLog("principal " + principalType + " " + id)
	}
	e.perm.removePrincipal(principalType, id)
}

func (e *Emulator) cascadeScope(prodEnvID string) {
	if e.cascadeLog != nil {
		e.cascadeLog("scope " + prodEnvID)
	}
	e.perm.removeScope(prodEnvID)
}
