// ChangeBot's built-in web chat: plain Direct Line 3.0 polling against this server. Rendering (and the
// rule that text is never parsed as HTML) lives in webchat-render.js.
(() => {
  'use strict';

  const { zone, element, userItem, botItem, botBody } = window.ChangeBotRender;

  const api = new URL('v3/directline', document.baseURI).href;
  const FAST_POLL_MS = 1000;
  const IDLE_POLL_MS = 3000;
  const ANSWER_WAIT_MS = 30000;

  const transcript = document.getElementById('transcript');
  const form = document.getElementById('composer');
  const input = document.getElementById('message');
  const sendButton = document.getElementById('send');
  const statusLine = document.getElementById('status');
  const typing = document.getElementById('typing');

  const state = {
    token: takeTokenFromHash(),
    conversationId: null,
    watermark: null,
    userId: stableUserId(),
    pending: new Map(),   // clientActivityID -> transcript item, until the echo arrives
    rendered: new Map(),  // activity id -> transcript item
    seen: new Set(),
    answerDeadline: 0,
    pollTimer: 0,
    polling: false,
    stopped: false,
    failures: 0,
  };

  function randomId() {
    const bytes = new Uint8Array(12);
    crypto.getRandomValues(bytes);
    return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  }

  function stableUserId() {
    try {
      let id = localStorage.getItem('changebot.userId');
      if (!id) {
        id = 'web-' + randomId();
        localStorage.setItem('changebot.userId', id);
      }
      return id;
    } catch {
      return 'web-' + randomId();
    }
  }

  // A support site hands a token over as /#token=...; keep it out of the address bar and history.
  function takeTokenFromHash() {
    const params = new URLSearchParams(location.hash.slice(1));
    const token = params.get('token');
    if (token) {
      history.replaceState(null, '', location.pathname + location.search);
    }
    return token;
  }

  function setStatus(text, isError) {
    statusLine.textContent = text;
    statusLine.classList.toggle('error', Boolean(isError));
  }

  async function call(method, path, body) {
    const headers = { Accept: 'application/json' };
    if (state.token) headers.Authorization = 'Bearer ' + state.token;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const response = await fetch(api + path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      cache: 'no-store',
    });
    if (!response.ok) {
      const error = new Error('HTTP ' + response.status);
      error.status = response.status;
      try {
        const problem = await response.json();
        error.code = problem.error && problem.error.code;
        error.message = (problem.error && problem.error.message) || error.message;
      } catch {
        // No JSON body: the status says enough.
      }
      throw error;
    }
    return response.json();
  }

  const conversationPath = () => '/conversations/' + encodeURIComponent(state.conversationId);

  // ---- transcript ----------------------------------------------------------------------------------
  function addItem(item) {
    transcript.append(item);
    item.scrollIntoView({ block: 'end' });
    return item;
  }

  // ---- incoming activities -------------------------------------------------------------------------
  function receive(activity) {
    if (!activity || !activity.id || state.seen.has(activity.id)) return;
    state.seen.add(activity.id);
    if (activity.type !== 'message') return;
    const role = activity.from && activity.from.role;
    if (role === 'user') {
      const clientId = activity.channelData && activity.channelData.clientActivityID;
      const mine = clientId && state.pending.get(clientId);
      if (mine) {
        state.pending.delete(clientId);
        mine.classList.remove('pending');
        mine.dataset.activityId = activity.id;
      } else {
        addItem(userItem(activity.text || '')).dataset.activityId = activity.id;
      }
      return;
    }
    const parts = activity.channelData && activity.channelData.changebot;
    const original = parts && parts.updates && state.rendered.get(parts.updates);
    if (original) {
      // A proactive edit: the new content replaces the message it updates, where it stands.
      original.replaceChildren(element('span', 'visually-hidden', 'ChangeBot updated:'), botBody(activity, send));
      original.classList.add('updated');
      return;
    }
    state.rendered.set(activity.id, addItem(botItem(activity, send)));
    if (activity.replyToId) showTyping(false);
  }

  function showTyping(on) {
    state.answerDeadline = on ? Date.now() + ANSWER_WAIT_MS : 0;
    typing.hidden = !on;
  }

  // ---- Direct Line --------------------------------------------------------------------------------
  function schedulePoll(delay) {
    clearTimeout(state.pollTimer);
    if (!state.stopped) state.pollTimer = setTimeout(poll, delay);
  }

  async function poll() {
    if (state.polling || state.stopped) return;
    state.polling = true;
    try {
      const query = state.watermark ? '?watermark=' + encodeURIComponent(state.watermark) : '';
      const set = await call('GET', conversationPath() + '/activities' + query);
      if (set.watermark) state.watermark = set.watermark;
      (set.activities || []).forEach(receive);
      if (state.failures > 0) setStatus('Connected');
      state.failures = 0;
    } catch (error) {
      fail(error);
    } finally {
      state.polling = false;
    }
    if (state.answerDeadline && Date.now() > state.answerDeadline) showTyping(false);
    const delay = state.failures > 0 ? Math.min(30000, 1000 * 2 ** state.failures) : state.answerDeadline ? FAST_POLL_MS : IDLE_POLL_MS;
    schedulePoll(delay);
  }

  function fail(error) {
    if (error.status === 403 || error.status === 404 || error.status === 401) {
      stop(error.status === 404 ? 'This conversation has ended. Reload the page to start a new one.' : error.message);
    } else {
      state.failures += 1;
      setStatus('Connection problem, retrying…', true);
    }
  }

  function stop(message) {
    state.stopped = true;
    clearTimeout(state.pollTimer);
    showTyping(false);
    input.disabled = true;
    sendButton.disabled = true;
    setStatus(message, true);
  }

  async function send(text, replyToId) {
    text = String(text || '').trim();
    if (!text || state.stopped || !state.conversationId) return;
    const clientActivityID = randomId();
    const item = addItem(userItem(text));
    item.classList.add('pending');
    state.pending.set(clientActivityID, item);
    const activity = {
      type: 'message',
      from: { id: state.userId, role: 'user' },
      text,
      locale: navigator.language,
      localTimezone: zone,
      localTimestamp: new Date().toISOString(),
      channelData: { clientActivityID },
    };
    if (replyToId) activity.replyToId = replyToId;
    try {
      await call('POST', conversationPath() + '/activities', activity);
      showTyping(true);
      schedulePoll(300);
    } catch (error) {
      state.pending.delete(clientActivityID);
      item.classList.replace('pending', 'failed');
      item.append(element('p', 'note', 'Not sent: ' + error.message));
      fail(error);
    }
  }

  async function refreshToken() {
    try {
      const fresh = await call('POST', '/tokens/refresh');
      state.token = fresh.token;
    } catch (error) {
      fail(error);
    }
  }

  async function start() {
    try {
      const conversation = await call('POST', '/conversations', { user: { id: state.userId }, locale: navigator.language });
      state.conversationId = conversation.conversationId;
      state.token = conversation.token;
      setInterval(refreshToken, Math.max(60, (conversation.expires_in || 1800) / 2) * 1000);
    } catch (error) {
      stop(error.status === 401
        ? 'The token in this link is not valid here: open the chat without it, or ask for a new link.'
        : 'Could not start the chat: ' + error.message);
      return;
    }
    setStatus('Connected');
    addItem(element('li', 'message bot hint',
      'Ask about a change notice, for example “does the Salesforce connector need changes?”, or type help.'));
    input.disabled = false;
    sendButton.disabled = false;
    input.focus();
    poll();
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const text = input.value;
    input.value = '';
    send(text);
  });

  start();
})();
