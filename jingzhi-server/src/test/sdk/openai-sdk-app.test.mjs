// The official OpenAI Node SDK against an agent app served as a model (`app/<code>`): the app's run answers in
// OpenAI's shapes. Run by RunPlumbingIT (or by hand):
//   BASE_URL=http://127.0.0.1:8080/v1 API_KEY=sk-... MODEL=app/<code> EXPECTED='...' node --test openai-sdk-app.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import OpenAI from 'openai';

const baseURL = required('BASE_URL');
const apiKey = required('API_KEY');
const model = required('MODEL');
const expected = required('EXPECTED'); // the answer for the query below
const client = new OpenAI({ baseURL, apiKey, maxRetries: 0, timeout: 60_000 });
const messages = [{ role: 'user', content: 'SDK' }];

function required(name) {
  const v = process.env[name];
  if (!v) throw new Error(`set ${name}`);
  return v;
}

test('models.list lists the app', async () => {
  const apps = [];
  for await (const m of client.models.list()) if (m.id === model) apps.push(m);
  assert.equal(apps.length, 1);
  assert.equal(apps[0].owned_by, 'jingzhi-app');
});

test('chat.completions.create runs the app', async () => {
  const res = await client.chat.completions.create({ model, messages });
  assert.equal(res.object, 'chat.completion');
  assert.match(res.id, /^chatcmpl-run-\d+$/);
  assert.equal(res.choices[0].message.content, expected);
  assert.equal(res.choices[0].finish_reason, 'stop');
  assert.equal(res.usage.total_tokens, res.usage.prompt_tokens + res.usage.completion_tokens);
});

test('chat.completions.create streams the app run, with usage', async () => {
  const stream = await client.chat.completions.create({
    model, messages, stream: true, stream_options: { include_usage: true },
  });
  let content = '';
  let usage = null;
  let finish = null;
  for await (const chunk of stream) {
    assert.equal(chunk.object, 'chat.completion.chunk');
    if (chunk.usage) usage = chunk.usage;
    for (const c of chunk.choices) {
      content += c.delta?.content ?? '';
      finish = c.finish_reason ?? finish;
    }
  }
  assert.equal(content, expected);
  assert.equal(finish, 'stop');
  assert.ok(usage && usage.total_tokens > 0);
});

test('an unknown app is NotFoundError (model_not_found)', async () => {
  await assert.rejects(client.chat.completions.create({ model: 'app/no-such-app', messages }), (e) => {
    assert.ok(e instanceof OpenAI.NotFoundError, String(e));
    assert.equal(e.code, 'model_not_found');
    return true;
  });
});
