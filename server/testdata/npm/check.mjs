// The official openai npm package, unchanged, against seogo serve:
// a non-streaming and a streaming chat completion and an embeddings call.
// SEOGO_URL and SEOGO_KEY come from server/npm_test.go.
import OpenAI from "openai";

const client = new OpenAI({ baseURL: process.env.SEOGO_URL + "/v1", apiKey: process.env.SEOGO_KEY, maxRetries: 0 });
const model = "seogo/default";
const messages = [{ role: "user", content: "환불은 며칠 이내에 신청할 수 있나요?" }];
const fail = (msg) => { console.error("FAIL: " + msg); process.exit(1); };

const models = await client.models.list();
if (!models.data.some((m) => m.id === model)) fail("models: " + JSON.stringify(models.data));

const done = await client.chat.completions.create({ model, messages });
const text = done.choices[0].message.content;
if (!text.includes("7일") || !Array.isArray(done.seogo_sources) || done.seogo_sources.length === 0) fail("completion: " + JSON.stringify(done));

const stream = await client.chat.completions.create({ model, messages, stream: true });
let streamed = "", sources = null;
for await (const chunk of stream) {
  streamed += chunk.choices[0]?.delta?.content || "";
  if (chunk.seogo_sources) sources = chunk.seogo_sources;
}
if (streamed !== text || !sources) fail("stream: " + JSON.stringify(streamed) + " vs " + JSON.stringify(text));

const emb = await client.embeddings.create({ model, input: ["배송 조회", "환불 기한"] });
if (emb.data.length !== 2 || !(emb.data[0].embedding.length > 0)) fail("embeddings: " + JSON.stringify(emb).slice(0, 200));

console.log("ok: " + emb.data[0].embedding.length + " dims");
