// Runs Slack's official request verifier (@slack/bolt) on cases read from stdin, so the .NET tests can
// check ChangeBot's own verifier gives the same answers. Input: [{secret, body, timestamp, signature,
// nowMs}]; output: [true|false, ...] in the same order.
import bolt from '@slack/bolt';

const { isValidSlackRequest } = bolt;
const silent = { debug() {}, info() {}, warn() {}, error() {}, setLevel() {}, getLevel() {}, setName() {} };

let input = '';
for await (const chunk of process.stdin) input += chunk;
const results = JSON.parse(input).map((c) =>
  isValidSlackRequest({
    signingSecret: c.secret,
    body: c.body,
    headers: { 'x-slack-signature': c.signature, 'x-slack-request-timestamp': Number(c.timestamp) },
    nowMilliseconds: c.nowMs,
    logger: silent,
  }));
process.stdout.write(JSON.stringify(results));
