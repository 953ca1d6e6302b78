// Drives ChangeBot's Direct Line endpoints with Microsoft's own client, botframework-directlinejs,
// exactly as Web Chat would: polling and WebSocket streaming, without credentials and with a token.
//
// Target: CHANGEBOT_URL (e.g. http://127.0.0.1:5000) when set; otherwise this starts the server with
// `dotnet run` on a free loopback port and stops it afterwards. CHANGEBOT_EXPECT_REPLY, when set, is
// text the bot's answer must contain (the .NET test that runs this file uses a fake conversation core).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
// Node 20 has neither XMLHttpRequest nor WebSocket; directlinejs needs both to exist (docs/platforms.md#local-runs).
globalThis.XMLHttpRequest = require('xhr2');
globalThis.WebSocket = require('ws');
const { DirectLine, ConnectionStatus } = require('botframework-directlinejs');

const QUESTION = 'does the Salesforce connector need changes?';
const expectedReply = process.env.CHANGEBOT_EXPECT_REPLY;
let baseUrl = process.env.CHANGEBOT_URL;
// Tokens for a user id come only from the secret holder (a support site's backend), never from a browser.
const secret = process.env.CHANGEBOT_DIRECTLINE_SECRET || 'e2e-directline-secret-0123456789';
let server;
let dataDir;

before(async () => {
  if (!baseUrl) {
    ({ server, baseUrl, dataDir } = await startServer());
  }
  baseUrl = baseUrl.replace(/\/$/, '');
});

after(() => {
  if (server) {
    process.kill(-server.pid, 'SIGTERM');
    rmSync(dataDir, { recursive: true, force: true });
  }
});

function startServer() {
  const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
  const data = mkdtempSync(join(tmpdir(), 'changebot-e2e-'));
  const child = spawn('dotnet', ['run', '--project', join(repo, 'src', 'ChangeBot'), '--no-launch-profile', '--',
    '--urls', 'http://127.0.0.1:0', '--ChangeBot:DataDirectory', data, '--DirectLine:Secret', secret], { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error('server did not start in 180 s:\n' + output)), 180_000);
    const onData = (chunk) => {
      output += chunk;
      const match = /Now listening on: (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({ server: child, baseUrl: match[1], dataDir: data });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => reject(new Error(`server exited with ${code}:\n${output}`)));
  });
}

// The first emission of `observable` that satisfies `predicate`.
function first(observable, predicate, what, timeoutMs = 20_000) {
  return new Promise((resolve, reject) => {
    let subscription;
    const timer = setTimeout(() => {
      subscription?.unsubscribe();
      reject(new Error('timed out waiting for ' + what));
    }, timeoutMs);
    subscription = observable.subscribe(
      (value) => {
        if (predicate(value)) {
          clearTimeout(timer);
          queueMicrotask(() => subscription.unsubscribe());
          resolve(value);
        }
      },
      (error) => { clearTimeout(timer); reject(error); });
  });
}

function postActivity(directLine, activity) {
  return new Promise((resolve, reject) => directLine.postActivity(activity).subscribe(resolve, reject));
}

// Everything the client receives, so a wait can find an activity that arrived before it started waiting.
function record(directLine) {
  const seen = [];
  const waiters = new Set();
  const subscription = directLine.activity$.subscribe(
    (activity) => {
      seen.push(activity);
      for (const waiter of waiters) waiter(activity);
    },
    (error) => { seen.error = error; });
  const waitFor = (predicate, what, timeoutMs = 20_000) => new Promise((resolve, reject) => {
    const found = seen.find(predicate);
    if (found) return resolve(found);
    const timer = setTimeout(() => {
      waiters.delete(check);
      reject(new Error(`timed out waiting for ${what}; received ${JSON.stringify(seen.map((a) => [a.id, a.text]))}`));
    }, timeoutMs);
    const check = (activity) => {
      if (predicate(activity)) {
        clearTimeout(timer);
        waiters.delete(check);
        resolve(activity);
      }
    };
    waiters.add(check);
  });
  return { waitFor, stop: () => subscription.unsubscribe() };
}

async function converse(directLine, from, clientActivityID) {
  const recorder = record(directLine);
  try {
    await first(directLine.connectionStatus$, (s) => s === ConnectionStatus.Online, 'Online');
    const id = await postActivity(directLine, {
      type: 'message',
      from,
      text: QUESTION,
      locale: 'en-US',
      localTimezone: 'Europe/Berlin',
      channelData: { clientActivityID },
    });
    assert.equal(typeof id, 'string', 'postActivity resolves with the activity id');
    assert.notEqual(id, 'retry', 'postActivity resolves with the activity id, not "retry"');
    const echo = await recorder.waitFor((a) => a.id === id, 'the echo of the posted activity');
    const answer = await recorder.waitFor((a) => a.replyToId === id && a.from?.role === 'bot', 'the bot answer');
    return { id, echo, answer };
  } finally {
    recorder.stop();
    directLine.end();
  }
}

function assertConversation({ id, echo, answer }, clientActivityID, userId) {
  assert.equal(echo.type, 'message');
  assert.equal(echo.text, QUESTION);
  assert.equal(echo.from.role, 'user');
  assert.equal(echo.channelData.clientActivityID, clientActivityID, 'Web Chat matches its pending message by this');
  if (userId instanceof RegExp) assert.match(echo.from.id, userId);
  else if (userId) assert.equal(echo.from.id, userId);
  assert.ok(!Number.isNaN(Date.parse(echo.timestamp)), 'the echo has a server timestamp');
  assert.equal(answer.type, 'message');
  assert.equal(answer.from.role, 'bot');
  assert.ok(answer.text && answer.text.length > 0, 'the bot answers with text');
  assert.ok(Date.parse(answer.timestamp) >= Date.parse(echo.timestamp), 'timestamps are monotonic');
  if (expectedReply) assert.ok(answer.text.includes(expectedReply), `answer "${answer.text}" contains "${expectedReply}"`);
  assert.ok(id.length > 0);
}

test('directlinejs polling without credentials: start, post, echo, answer; the server assigns the visitor\'s id', { timeout: 60_000 }, async () => {
  const directLine = new DirectLine({ domain: baseUrl + '/v3/directline', webSocket: false, pollingInterval: 250 });
  const result = await converse(directLine, { id: 'e2e-poller', name: 'E2E' }, 'e2e-poll-1');
  assertConversation(result, 'e2e-poll-1', /^guest-[0-9a-f]{12}$/);
});

test('directlinejs WebSocket streaming: the stream delivers the echo and the answer', { timeout: 60_000 }, async () => {
  const directLine = new DirectLine({ domain: baseUrl + '/v3/directline', webSocket: true });
  const result = await converse(directLine, { id: 'e2e-streamer' }, 'e2e-ws-1');
  assertConversation(result, 'e2e-ws-1', /^guest-[0-9a-f]{12}$/);
});

test('directlinejs with a generated token: the token\'s user wins over the client\'s from.id', { timeout: 60_000 }, async () => {
  const response = await fetch(baseUrl + '/v3/directline/tokens/generate', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: 'Bearer ' + secret },
    body: JSON.stringify({ user: { id: 'dl_e2e_token_user' } }),
  });
  assert.equal(response.status, 200);
  const { token, conversationId } = await response.json();
  const directLine = new DirectLine({ domain: baseUrl + '/v3/directline', token, webSocket: false, pollingInterval: 250 });
  const result = await converse(directLine, { id: 'someone-else' }, 'e2e-token-1');
  assertConversation(result, 'e2e-token-1', 'dl_e2e_token_user');
  assert.equal(result.echo.conversation.id, conversationId);
});

test('an unknown conversation ends the client instead of polling forever', { timeout: 30_000 }, async () => {
  const directLine = new DirectLine({
    domain: baseUrl + '/v3/directline', conversationId: 'no-such-conversation', token: 'undefined', webSocket: false, pollingInterval: 250,
  });
  // directlinejs also errors the activity stream here; that is expected.
  const subscription = directLine.activity$.subscribe(() => {}, () => {});
  try {
    const status = await first(directLine.connectionStatus$, (s) => s === ConnectionStatus.FailedToConnect || s === ConnectionStatus.Ended, 'FailedToConnect');
    assert.ok(status === ConnectionStatus.FailedToConnect || status === ConnectionStatus.Ended);
  } finally {
    subscription.unsubscribe();
    directLine.end();
  }
});
