// The official OpenAI Node SDK against the Jingzhi gateway: proves the OpenAI-compatible API keeps OpenAI's own
// request, response, streaming and error shapes. Run by OpenAiSdkIT (or by hand):
//   BASE_URL=http://127.0.0.1:8080/v1 API_KEY=sk-... MODEL=sim-chat EMBED_MODEL=bge-small-zh-v1.5 node --test
import { test } from 'node:test';
import assert from 'node:assert/strict';
import OpenAI from 'openai';

const baseURL = required('BASE_URL');
const apiKey = required('API_KEY');
const model = required('MODEL');
const embedModel = process.env.EMBED_MODEL ?? 'bge-small-zh-v1.5';
const client = new OpenAI({ baseURL, apiKey, maxRetries: 0, timeout: 60_000 });
const messages = [{ role: 'user', content: '你好，请介绍一下京智平台。' }];

function required(name) {
  const v = process.env[name];
  if (!v) throw new Error(`set ${name}`);
  return v;
}

test('models.list lists the model', async () => {
  const ids = [];
  for await (const m of client.models.list()) ids.push(m.id);
  assert.ok(ids.includes(model), `${model} in ${ids}`);
});

test('chat.completions.create without streaming', async () => {
  const res = await client.chat.completions.create({ model, messages, max_tokens: 16 });
  assert.equal(res.object, 'chat.completion');
  assert.equal(res.model, model);
  assert.equal(res.choices[0].message.role, 'assistant');
  assert.ok(res.choices[0].message.content.length > 0);
  assert.ok(res.usage.completion_tokens > 0);
  assert.equal(res.usage.total_tokens, res.usage.prompt_tokens + res.usage.completion_tokens);
});

test('chat.completions.create streaming, with usage', async () => {
  const stream = await client.chat.completions.create({
    model, messages, stream: true, stream_options: { include_usage: true },
  });
  let content = '';
  let chunks = 0;
  let usage = null;
  let finish = null;
  for await (const chunk of stream) {
    assert.equal(chunk.object, 'chat.completion.chunk');
    assert.equal(chunk.model, model);
    chunks++;
    if (chunk.usage) usage = chunk.usage;
    for (const c of chunk.choices) {
      content += c.delta?.content ?? '';
      finish = c.finish_reason ?? finish;
    }
  }
  assert.ok(chunks > 1, 'several chunks');
  assert.ok(content.length > 0, 'concatenated content');
  assert.equal(finish, 'stop');
  assert.ok(usage, 'a usage chunk at the end');
  assert.ok(usage.completion_tokens > 0);
});

test('streaming without include_usage sends no usage', async () => {
  const stream = await client.chat.completions.create({ model, messages, stream: true, max_tokens: 4 });
  for await (const chunk of stream) assert.ok(!chunk.usage, 'no usage');
});

test('embeddings.create with the in-process bge-small-zh-v1.5', async () => {
  const res = await client.embeddings.create({ model: embedModel, input: ['市民热线', '社会保险'] });
  assert.equal(res.object, 'list');
  assert.equal(res.data.length, 2);
  assert.equal(res.data[0].embedding.length, 512);
  assert.ok(res.usage.prompt_tokens > 0);
  const base64 = await client.embeddings.create({ model: embedModel, input: '政务服务' }); // SDK default: base64
  assert.equal(base64.data[0].embedding.length, 512);
});

test('an unknown model is OpenAI.NotFoundError', async () => {
  await assert.rejects(client.chat.completions.create({ model: 'no-such-model', messages }), (e) => {
    assert.ok(e instanceof OpenAI.NotFoundError, String(e));
    assert.equal(e.status, 404);
    assert.equal(e.code, 'model_not_found');
    return true;
  });
});

test('a bad key is OpenAI.AuthenticationError', async () => {
  const bad = new OpenAI({ baseURL, apiKey: 'sk-jz-not-a-real-key-000000000000', maxRetries: 0 });
  await assert.rejects(bad.models.list(), (e) => {
    assert.ok(e instanceof OpenAI.AuthenticationError, String(e));
    assert.equal(e.status, 401);
    return true;
  });
});

test('an invalid parameter is OpenAI.BadRequestError', async () => {
  await assert.rejects(client.chat.completions.create({ model, messages, temperature: 5 }), (e) => {
    assert.ok(e instanceof OpenAI.BadRequestError, String(e));
    assert.equal(e.status, 400);
    assert.equal(e.param, 'temperature');
    return true;
  });
});

// A model slower than the gateway's keep-alive (first token after more than a second): the stream starts early with
// SSE comments, which the SDK must skip, and every chunk carries the gateway's completion id.
const slowModel = process.env.SLOW_MODEL;
test('a slow first token: keep-alive comments are invisible to the SDK', { skip: !slowModel }, async () => {
  const stream = await client.chat.completions.create({ model: slowModel, messages, stream: true });
  const ids = new Set();
  let content = '';
  for await (const chunk of stream) {
    ids.add(chunk.id);
    for (const c of chunk.choices) content += c.delta?.content ?? '';
  }
  assert.ok(content.length > 0, 'content after the wait');
  assert.equal(ids.size, 1, `one id: ${[...ids]}`);
  assert.match([...ids][0], /^chatcmpl-jz-/);
});

// The same slow model behind a first-token timeout shorter than its first token: the failure comes after the stream
// started, as an error event, which the SDK raises as an APIError with OpenAI's code.
const timeoutModel = process.env.TIMEOUT_MODEL;
test('a failure after the stream started is an APIError', { skip: !timeoutModel }, async () => {
  const stream = await client.chat.completions.create({ model: timeoutModel, messages, stream: true });
  await assert.rejects(async () => {
    for await (const chunk of stream) assert.fail(`no chunk expected: ${JSON.stringify(chunk)}`);
  }, (e) => {
    assert.ok(e instanceof OpenAI.APIError, String(e));
    assert.equal(e.code, 'upstream_unavailable');
    assert.match(e.message, /model server is unavailable/);
    return true;
  });
});
