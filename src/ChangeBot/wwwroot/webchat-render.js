// ChangeBot's web chat: renders Direct Line activities as accessible transcript items. Every piece of
// text from the user or the bot goes in as text nodes (never parsed as HTML).
window.ChangeBotRender = (() => {
  'use strict';

  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  const MARKER = /\{\{time:(-?\d{1,12})\}\}/g;
  const SEVERITIES = new Set(['info', 'action-required', 'breaking']);
  const STYLES = new Set(['primary', 'danger']);

  // Time markers ({{time:unix}}): shown in the reader's zone, and always in UTC.
  const localFormat = new Intl.DateTimeFormat(undefined, {
    weekday: 'short', day: 'numeric', month: 'short', year: 'numeric',
    hour: '2-digit', minute: '2-digit', timeZoneName: 'short',
  });
  const utcFormat = new Intl.DateTimeFormat('en-GB', {
    weekday: 'short', day: 'numeric', month: 'short', year: 'numeric',
    hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: 'UTC',
  });

  function timeElement(seconds) {
    const instant = new Date(seconds * 1000);
    const element = document.createElement('time');
    element.dateTime = instant.toISOString();
    const utc = utcFormat.format(instant) + ' UTC';
    element.textContent = zone === 'UTC' || zone === 'Etc/UTC' ? utc : localFormat.format(instant) + ' (' + utc + ')';
    element.title = zone;
    return element;
  }

  // Appends text, turning {{time:…}} markers into <time> elements; the rest stays plain text.
  function appendText(parent, value) {
    const text = String(value);
    let last = 0;
    for (const match of text.matchAll(MARKER)) {
      parent.append(text.slice(last, match.index), timeElement(Number(match[1])));
      last = match.index + match[0].length;
    }
    parent.append(text.slice(last));
    return parent;
  }

  function element(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) appendText(node, text);
    return node;
  }


  function userItem(text) {
    const item = element('li', 'message user');
    item.append(element('span', 'visually-hidden', 'You said:'), element('p', 'text', text));
    return item;
  }

  function botBody(activity, onCommand) {
    const parts = activity.channelData && activity.channelData.changebot;
    const body = element('div', 'body');
    if (!parts) {
      if (activity.text) body.append(element('p', 'text', activity.text));
      body.append(...heroButtons(activity, onCommand));
      return body;
    }
    if (parts.title) {
      const title = element('h2', 'title', parts.title);
      if (SEVERITIES.has(parts.severity)) {
        title.append(' ', element('span', 'severity severity-' + parts.severity, parts.severity));
      }
      body.append(title);
    }
    if (parts.text) body.append(element('p', 'text', parts.text));
    if (Array.isArray(parts.facts) && parts.facts.length > 0) {
      const facts = element('dl', 'facts');
      for (const fact of parts.facts) {
        const row = element('div', 'fact');
        row.append(element('dt', null, fact.label), element('dd', null, fact.value));
        facts.append(row);
      }
      body.append(facts);
    }
    for (const section of Array.isArray(parts.sections) ? parts.sections : []) {
      const block = element('section', 'section');
      block.append(element('h3', null, section.heading), element('p', 'text', section.text));
      body.append(block);
    }
    const buttons = Array.isArray(parts.buttons) ? parts.buttons : [];
    if (buttons.length > 0) {
      body.append(actionGroup(buttons.map((b) => ({ label: b.label, command: b.command, style: b.style })), activity.id, onCommand));
    }
    return body;
  }

  // Other Direct Line producers may send a hero card with imBack buttons; show those too.
  function heroButtons(activity, onCommand) {
    const cards = (activity.attachments || []).filter((a) => a.contentType === 'application/vnd.microsoft.card.hero');
    return cards.map((card) => actionGroup(((card.content && card.content.buttons) || [])
      .filter((b) => b.type === 'imBack' && typeof b.value === 'string')
      .map((b) => ({ label: b.title || b.value, command: b.value })), activity.id, onCommand));
  }

  function actionGroup(buttons, activityId, onCommand) {
    const group = element('div', 'actions');
    group.setAttribute('role', 'group');
    group.setAttribute('aria-label', 'Actions');
    for (const button of buttons) {
      const node = element('button', STYLES.has(button.style) ? button.style : null, button.label);
      node.type = 'button';
      node.addEventListener('click', () => onCommand(button.command, activityId));
      group.append(node);
    }
    return group;
  }

  function botItem(activity, onCommand) {
    const item = element('li', 'message bot');
    item.dataset.activityId = activity.id;
    item.append(element('span', 'visually-hidden', 'ChangeBot said:'), botBody(activity, onCommand));
    return item;
  }

  return { zone, element, userItem, botItem, botBody };
})();
