package server

import (
	"context"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/openai/openai-go/v3"
	"github.com/openai/openai-go/v3/option"
)

// The official Go SDK, unchanged, against the running server.
func TestOpenAIGoSDK(t *testing.T) {
	k := newKeyed(t, Options{})
	k.upload(t, "default", k.admin, "", file{"배송안내.md", docDelivery})
	client := openai.NewClient(option.WithBaseURL(k.url+"/v1/"), option.WithAPIKey(k.reader), option.WithMaxRetries(0))
	ctx := context.Background()

	models, err := client.Models.List(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(models.Data) != 1 || models.Data[0].ID != "seogo/default" {
		t.Fatalf("models: %+v", models.Data)
	}

	params := openai.ChatCompletionNewParams{
		Model: "seogo/default",
		Messages: []openai.ChatCompletionMessageParamUnion{
			openai.SystemMessage("Answer briefly."),
			openai.UserMessage("환불 규정이 궁금해요"),
			openai.AssistantMessage("환불은 기한 안에 신청할 수 있습니다."),
			openai.UserMessage("환불은 며칠 이내에 신청할 수 있나요?"),
		},
	}
	resp, err := client.Chat.Completions.New(ctx, params)
	if err != nil {
		t.Fatal(err)
	}
	content := resp.Choices[0].Message.Content
	if !strings.Contains(content, "7일") || !strings.Contains(content, "[1]") || resp.Choices[0].FinishReason != "stop" {
		t.Fatalf("completion: %q", content)
	}
	var sources []Source
	if err := json.Unmarshal([]byte(resp.JSON.ExtraFields["seogo_sources"].Raw()), &sources); err != nil || len(sources) == 0 || sources[0].Name != "환불.txt" {
		t.Fatalf("seogo_sources: %v %s", err, resp.JSON.ExtraFields["seogo_sources"].Raw())
	}

	stream := client.Chat.Completions.NewStreaming(ctx, params)
	acc := openai.ChatCompletionAccumulator{}
	chunks := 0
	for stream.Next() {
		acc.AddChunk(stream.Current())
		chunks++
	}
	if err := stream.Err(); err != nil {
		t.Fatal(err)
	}
	if chunks < 3 || len(acc.Choices) == 0 || acc.Choices[0].Message.Content != content {
		t.Fatalf("streamed %d chunks: %+v, want %q", chunks, acc.Choices, content)
	}

	emb, err := client.Embeddings.New(ctx, openai.EmbeddingNewParams{
		Model:          "seogo/default",
		Input:          openai.EmbeddingNewParamsInputUnion{OfArrayOfStrings: []string{"배송 조회", "환불 기한"}},
		EncodingFormat: openai.EmbeddingNewParamsEncodingFormatFloat,
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(emb.Data) != 2 || len(emb.Data[0].Embedding) == 0 {
		t.Fatalf("embeddings: %+v", emb.Data)
	}
	dim := len(emb.Data[0].Embedding)

	b64, err := client.Embeddings.New(ctx, openai.EmbeddingNewParams{
		Model:          "seogo/default",
		Input:          openai.EmbeddingNewParamsInputUnion{OfString: openai.String("배송 조회")},
		EncodingFormat: openai.EmbeddingNewParamsEncodingFormatBase64,
	})
	if err != nil {
		t.Fatal(err)
	}
	var raw struct {
		Data []struct{ Embedding string }
	}
	if err := json.Unmarshal([]byte(b64.RawJSON()), &raw); err != nil || len(raw.Data) != 1 {
		t.Fatalf("base64 embeddings: %v %s", err, b64.RawJSON())
	}
	bs, err := base64.StdEncoding.DecodeString(raw.Data[0].Embedding)
	if err != nil || len(bs) != 4*dim {
		t.Fatalf("base64 vector: %v, %d bytes for %d dims", err, len(bs), dim)
	}
	for i := range dim {
		f := math.Float32frombits(binary.LittleEndian.Uint32(bs[4*i:]))
		if math.Abs(float64(f)-emb.Data[0].Embedding[i]) > 1e-6 {
			t.Fatalf("base64 and float vectors differ at %d", i)
		}
	}

	// A wrong key is an authentication error the SDK understands.
	bad := openai.NewClient(option.WithBaseURL(k.url+"/v1/"), option.WithAPIKey("nope"), option.WithMaxRetries(0))
	_, err = bad.Models.List(ctx)
	var apiErr *openai.Error
	if !asError(err, &apiErr) || apiErr.StatusCode != 401 {
		t.Fatalf("bad key: %v", err)
	}
}

func asError(err error, target **openai.Error) bool { return errors.As(err, target) }
