package fakeopenai

import (
	"encoding/json"
	"encoding/pem"
	"net/http"
)

// apiError is the body of every OpenAI error: {"error":{"message","type",
// "param","code"}}, with param and code null when they do not apply. The SDK
// decodes it into *openai.Error.
type apiError struct {
	Message string
	Type    string
	Param   string
	Code    string
}

func (e apiError) MarshalJSON() ([]byte, error) {
	orNull := func(s string) any {
		if s == "" {
			return nil
		}
		return s
	}
	return json.Marshal(map[string]any{"error": map[string]any{
		"message": e.Message, "type": e.Type, "param": orNull(e.Param), "code": orNull(e.Code),
	}})
}

func writeError(w http.ResponseWriter, status int, e apiError) {
	writeJSON(w, status, e)
}

// writeAzureError writes the shape Azure's gateway uses for its own errors
// (routing, keys, api-version, deployments, quota): {"error":{"code","message"}}
// with code a string such as "401" or "DeploymentNotFound". Errors raised by
// the model itself (bad parameters) keep OpenAI's shape on Azure too.
func writeAzureError(w http.ResponseWriter, status int, code, message string) {
	writeJSON(w, status, map[string]any{"error": map[string]string{"code": code, "message": message}})
}

// defaultError is the body the real API sends with a status when FailNext is
// given no body of its own.
func defaultError(status int) apiError {
	switch status {
	case http.StatusUnauthorized:
		return apiError{Message: "Incorrect API key provided: sk-f***fake. You can find your API key at https://platform.openai.com/account/api-keys.", Type: "invalid_request_error", Code: "invalid_api_key"}
	case http.StatusForbidden:
		return apiError{Message: "You are not allowed to sample from this model", Type: "invalid_request_error"}
	case http.StatusNotFound:
		return apiError{Message: "The model `unknown` does not exist or you do not have access to it.", Type: "invalid_request_error", Code: "model_not_found"}
	case http.StatusTooManyRequests:
		return apiError{Message: "Rate limit reached for requests. Please try again in 1s. Visit https://platform.openai.com/account/rate-limits to learn more.", Type: "requests", Code: "rate_limit_exceeded"}
	case http.StatusServiceUnavailable:
		return apiError{Message: "The engine is currently overloaded, please try again later.", Type: "server_error"}
	}
	if status >= 500 {
		return apiError{Message: "The server had an error while processing your request. Sorry about that!", Type: "server_error"}
	}
	return apiError{Message: http.StatusText(status), Type: "invalid_request_error"}
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		status, b = http.StatusInternalServerError, []byte(`{"error":{"message":"fakeopenai: `+err.Error()+`","type":"server_error","param":null,"code":null}}`)
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(b)
}

func pemCert(der []byte) []byte {
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
}
