package provider_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/acctest"
	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/client"
	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/emulator"
	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/provider"
)

// ---------------------------------------------------------------------------
// Rate limits.

// TestAccRateLimit_waitsForReset: the hourly budget (here 4 requests per 2
// second window) runs out in the middle of an apply; the provider waits for
// the announced reset, as often as needed, and the apply completes with
// every group created exactly once.
func TestAccRateLimit_waitsForReset(t *testing.T) {
	const budget = 4
	env := newControlledEnv(t, func(o *emulator.Options) {
		o.HourlyBudget = budget
		o.BudgetWindow = 2 * time.Second
	})
	// Eight creates and the Configure check are nine requests at once:
	// however a window boundary splits them, one side exceeds the budget of
	// 4, so the limit is always hit (with six, a 3/4 split avoided it).
	names := groupNames("tf-acc-rl", 8)
	// Every wait is at most one window (2s); 10 retries of one request
	// leave room for the concurrent creates competing for each new window.
	cfg := env.Config("  max_rate_limit_wait = \"30s\"\n  max_retries = 10", groupsConfig(names))

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories(),
		CheckDestroy:             groupsGone(env.Client, names),
		Steps: []resource.TestStep{
			{
				Config: cfg,
				ConfigStateChecks: []statecheck.StateCheck{
					groupsExactlyOnce(env.Client, names),
					acctest.StateCheck(func(context.Context, *tfjson.State) error {
						// The apply needed more than one window: the limit was
						// hit and waited out, not avoided.
						if n := env.Emulator.Stats().Faults["budget"]; n == 0 {
							return fmt.Errorf("the emulator answered no 420: the test did not exercise the rate limit")
						}
						return nil
					}),
				},
			},
		},
	})
}

// TestAccRateLimit_failsFastThenConverges: when the budget resets later than
// max_rate_limit_wait, the apply stops at once with an error that names the
// budget and the reset time, instead of hanging; once the window has reset,
// a re-run creates what is missing and nothing twice. A plan started with the
// budget already used up fails once, in Configure, not once per resource.
// The emulator runs on a controllable clock, so "an hour later" takes no
// time.
func TestAccRateLimit_failsFastThenConverges(t *testing.T) {
	const budget = 60
	clock := newFakeClock(time.Now().UTC().Truncate(time.Second))
	env := newControlledEnv(t, func(o *emulator.Options) {
		o.HourlyBudget = budget
		o.BudgetWindow = time.Hour
		o.Now = clock.Now
	})
	names := groupNames("tf-acc-rl", 5)
	cfg := env.Config(`  max_rate_limit_wait = "4m"`, groupsConfig(names))
	var started time.Time
	var faultsBefore int

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories(),
		CheckDestroy:             groupsGone(env.Client, names),
		Steps: []resource.TestStep{
			{
				// Another pipeline has used the budget: three requests are
				// left, fewer than the seven this apply needs (a Configure
				// check per terraform run plus five creates).
				PreConfig: func() {
					used := env.Emulator.Stats().Total
					for i := used; i < budget-3; i++ {
						if _, err := env.Client.GetUserGroups(t.Context(), nil); err != nil {
							t.Fatalf("spending the budget: %v", err)
						}
					}
					started = time.Now()
				},
				Config: cfg,
				ExpectError: acctest.ErrorPattern(
					`Unable to create user group`,
					`rate limit exceeded \(HTTP 420 Max Usage Rate Exceeded\)`,
					fmt.Sprintf(`The limit of %d requests resets at \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ \(in 1h0m0s\),`, budget),
					`later than max_rate_limit_wait \(4m0s\)`,
					`Retry after \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ, or raise max_rate_limit_wait`,
				),
			},
			{
				// "At once": the reset is an hour away and the provider may
				// wait up to four minutes; it must not have waited at all
				// (the step takes seconds; two minutes is a generous bound).
				PreConfig: func() {
					if elapsed := time.Since(started); elapsed > 2*time.Minute {
						t.Errorf("the failing apply took %s: the provider waited instead of failing at once", elapsed)
					}
					if n := env.Emulator.Stats().Faults["budget"]; n == 0 {
						t.Error("the emulator answered no 420")
					}
					clock.Advance(time.Hour) // the window resets
				},
				Config: cfg,
				ConfigStateChecks: []statecheck.StateCheck{
					groupsExactlyOnce(env.Client, names),
				},
			},
			{
				// The whole budget is gone before a plan that would refresh
				// five groups: one diagnostic, from Configure's single
				// request, instead of one per resource.
				PreConfig: func() {
					for {
						_, err := env.Client.GetUserGroups(t.Context(), nil)
						if client.IsRateLimited(err) {
							break
						}
						if err != nil {
							t.Fatalf("spending the budget: %v", err)
						}
					}
					faultsBefore = env.Emulator.Stats().Faults["budget"]
				},
				Config:   cfg,
				PlanOnly: true,
				ExpectError: acctest.ErrorPattern(
					`Cloudinary rate limit exhausted`,
					fmt.Sprintf(`The limit of %d requests resets at \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ \(in 1h0m0s\),`, budget),
					`later than max_rate_limit_wait \(4m0s\)`,
				),
			},
			{
				// That plan was refused after one request; an hour later
				// the configuration plans empty (and the destroy fits).
				PreConfig: func() {
					if n := env.Emulator.Stats().Faults["budget"] - faultsBefore; n != 1 {
						t.Errorf("the refused plan made %d rate limited requests, want 1 (the credential check)", n)
					}
					clock.Advance(time.Hour)
				},
				Config:   cfg,
				PlanOnly: true,
			},
		},
	})
}

// TestRateLimit_cancelDuringWait drives the provider through the protocol,
// as Terraform does, and cancels the context of a create while the client
// waits for a rate limit reset two minutes away (within the default
// max_rate_limit_wait of 5m, so it does wait): the create must return at
// once with a diagnostic that says it was canceled, and must not have
// created anything. (Terraform cancels that context when the user presses
// Ctrl-C: the plugin server cancels every in-flight request on StopProvider.)
func TestRateLimit_cancelDuringWait(t *testing.T) {
	clock := newFakeClock(time.Now().UTC().Truncate(time.Second))
	env := newControlledEnv(t, func(o *emulator.Options) {
		o.HourlyBudget = 1 // Configure's credential check takes it
		o.BudgetWindow = 2 * time.Minute
		o.Now = clock.Now
	})
	ctx := t.Context()
	var opts []provider.Option
	if rt := env.transport(); rt != nil {
		opts = append(opts, provider.WithTransport(rt))
	}
	server, err := providerserver.NewProtocol6WithError(provider.New("test", opts...)())()
	if err != nil {
		t.Fatal(err)
	}
	schemas, err := server.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil || diagErrors(schemas.Diagnostics) != "" {
		t.Fatalf("GetProviderSchema: %v %s", err, diagErrors(schemas.Diagnostics))
	}

	providerCfg := dynamicValue(t, schemas.Provider, map[string]tftypes.Value{
		"endpoint":   tftypes.NewValue(tftypes.String, env.Emulator.URL),
		"account_id": tftypes.NewValue(tftypes.String, env.Emulator.AccountID),
		"api_key":    tftypes.NewValue(tftypes.String, env.Emulator.APIKey),
		"api_secret": tftypes.NewValue(tftypes.String, env.Emulator.APISecret),
	})
	conf, err := server.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{TerraformVersion: "1.11.0", Config: &providerCfg})
	if err != nil || diagErrors(conf.Diagnostics) != "" {
		t.Fatalf("ConfigureProvider: %v %s", err, diagErrors(conf.Diagnostics))
	}

	groupSchema := schemas.ResourceSchemas["cloudinary_user_group"]
	name := acctest.RandomName("tf-acc-rl")
	groupType := groupSchema.ValueType()
	planned := dynamicValue(t, groupSchema, map[string]tftypes.Value{
		"name": tftypes.NewValue(tftypes.String, name),
		"id":   tftypes.NewValue(tftypes.String, tftypes.UnknownValue),
	})
	config := dynamicValue(t, groupSchema, map[string]tftypes.Value{"name": tftypes.NewValue(tftypes.String, name)})
	prior, err := tfprotov6.NewDynamicValue(groupType, tftypes.NewValue(groupType, nil))
	if err != nil {
		t.Fatal(err)
	}

	// Cancel once the emulator has answered the create with 420, that is
	// while the client waits (or is about to) for the reset: a fixed timer
	// could fire before the request on a slow machine.
	applyCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	go func() {
		defer cancel()
		deadline := time.Now().Add(30 * time.Second)
		for env.Emulator.Stats().Faults["budget"] == 0 && time.Now().Before(deadline) {
			time.Sleep(10 * time.Millisecond)
		}
		time.Sleep(100 * time.Millisecond)
	}()
	start := time.Now()
	resp, err := server.ApplyResourceChange(applyCtx, &tfprotov6.ApplyResourceChangeRequest{
		TypeName: "cloudinary_user_group", PriorState: &prior, PlannedState: &planned, Config: &config,
	})
	elapsed := time.Since(start)
	if err != nil {
		t.Fatal(err)
	}
	if elapsed > time.Minute {
		t.Errorf("the create returned after %s: it waited for the reset (2m) instead of honouring the cancel", elapsed)
	}
	got := diagErrors(resp.Diagnostics)
	if !acctest.ErrorText("Unable to create user group", "createUserGroup (POST ", "context canceled").MatchString(got) {
		t.Errorf("diagnostics do not say the create was canceled:\n%s", got)
	}
	stats := env.Emulator.Stats()
	if stats.Faults["budget"] != 1 || stats.ByOperation["createUserGroup"] != 1 {
		t.Errorf("want exactly one create, answered 420 and not retried after the cancel; stats %+v", stats)
	}
	clock.Advance(2 * time.Minute)
	groups, err := env.Client.GetUserGroups(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(groups) != 0 {
		t.Errorf("a canceled create left %d groups behind: %+v", len(groups), groups)
	}
}

// TestRateLimit_configureReportsExhaustedBudgetOnce: Configure's one request
// meets a limit that resets in an hour (later than max_rate_limit_wait), so
// Configure fails with one diagnostic naming the budget and the reset,
// instead of every resource failing on its own.
func TestRateLimit_configureReportsExhaustedBudgetOnce(t *testing.T) {
	clock := newFakeClock(time.Now().UTC().Truncate(time.Second))
	env := newControlledEnv(t, func(o *emulator.Options) {
		o.HourlyBudget = 1
		o.Now = clock.Now
	})
	if _, err := env.Client.GetUserGroups(t.Context(), nil); err != nil { // spends the budget
		t.Fatal(err)
	}
	server, err := providerserver.NewProtocol6WithError(provider.New("test", provider.WithTransport(env.transport()))())()
	if err != nil {
		t.Fatal(err)
	}
	schemas, err := server.GetProviderSchema(t.Context(), &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	cfg := dynamicValue(t, schemas.Provider, map[string]tftypes.Value{
		"endpoint":   tftypes.NewValue(tftypes.String, env.Emulator.URL),
		"account_id": tftypes.NewValue(tftypes.String, env.Emulator.AccountID),
		"api_key":    tftypes.NewValue(tftypes.String, env.Emulator.APIKey),
		"api_secret": tftypes.NewValue(tftypes.String, env.Emulator.APISecret),
	})
	resp, err := server.ConfigureProvider(t.Context(), &tfprotov6.ConfigureProviderRequest{TerraformVersion: "1.11.0", Config: &cfg})
	if err != nil {
		t.Fatal(err)
	}
	if len(resp.Diagnostics) != 1 {
		t.Fatalf("want one diagnostic, got %d:\n%s", len(resp.Diagnostics), diagErrors(resp.Diagnostics))
	}
	got := diagErrors(resp.Diagnostics)
	if !acctest.ErrorPattern(`Cloudinary rate limit exhausted: `, `getProductEnvironments \(GET `, `The limit of 1 requests resets at \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ \(in 1h0m0s\), later than max_rate_limit_wait \(5m0s\)`).MatchString(got) {
		t.Errorf("diagnostic does not name the budget and the reset:\n%s", got)
	}
	if st := env.Emulator.Stats(); st.Faults["budget"] != 1 {
		t.Errorf("Configure made %d rate limited requests, want 1", st.Faults["budget"])
	}
}
