package main

import "github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/client"

// quietSDKLogsUnlessAsked turns off the plugin SDK's own log output when the
// user has not asked for logs, and reports whether they have (the
// provider's own request logs follow the same answer: WithRequestLogs). main
// calls it before the plugin server reads the environment.
//
// Why: terraform-plugin-go's loggers default to TRACE and format every entry
// as JSON on stderr, while Terraform drops plugin output unless TF_LOG (or a
// TF_LOG_* variant) is set. In the 1,000-object benchmark plan that unread
// formatting was a quarter of the provider's CPU time. Any TF_LOG* variable
// leaves everything as the SDK would have it, so `TF_LOG=trace` still shows
// the framework's and the client's logs.
func quietSDKLogsUnlessAsked(environ []string, setenv func(key, value string) error) (requested bool, err error) {
	if client.LogsRequested(environ) {
		return true, nil
	}
	for _, key := range []string{"TF_LOG_SDK", "TF_LOG_SDK_PROTO", "TF_LOG_SDK_FRAMEWORK", "TF_LOG_PROVIDER"} {
		if err := setenv(key, "OFF"); err != nil {
			return false, err
		}
	}
	return false, nil
}
