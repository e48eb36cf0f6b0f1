// The chat page: POST /chat answers with server-sent events (delta*, then done or error). EventSource only does
// GET, so the stream is read with fetch and split into events here.
(function () {
  'use strict';

  const conversation = document.getElementById('conversation');
  const form = document.getElementById('ask-form');
  const input = document.getElementById('question');
  const askButton = document.getElementById('ask');

  function element(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  function attemptLine(attempt) {
    const reason = attempt.reason ? ' (' + attempt.reason + ')' : '';
    const item = element('li', 'attempt', attempt.provider + ': ' + attempt.outcome + reason);
    item.dataset.provider = attempt.provider;
    item.dataset.outcome = attempt.outcome;
    return item;
  }

  function showAttempts(turn, attempts) {
    const list = turn.querySelector('.attempts');
    attempts.forEach(function (attempt) { list.appendChild(attemptLine(attempt)); });
  }

  function onEvent(turn, name, data) {
    const payload = JSON.parse(data);
    if (name === 'delta') {
      turn.querySelector('.answer-text').textContent += payload.text;
    } else if (name === 'done') {
      const servedBy = turn.querySelector('.served-by');
      servedBy.textContent = 'served by ' + payload.provider + ' (' + payload.model + ')';
      servedBy.dataset.provider = payload.provider;
      showAttempts(turn, payload.attempts);
    } else if (name === 'error') {
      const servedBy = turn.querySelector('.served-by');
      servedBy.textContent = 'no answer: ' + payload.error;
      servedBy.classList.add('failed');
      showAttempts(turn, payload.attempts);
    }
  }

  // one event: lines of "field: value" up to a blank line; data lines are joined with newlines
  function dispatch(turn, block) {
    let name = 'message';
    const data = [];
    block.split('\n').forEach(function (line) {
      if (line.startsWith('event:')) name = line.slice(6).trim();
      else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
    });
    if (data.length > 0) onEvent(turn, name, data.join('\n'));
  }

  async function ask(question) {
    const turn = element('section', 'turn');
    turn.appendChild(element('div', 'question', question));
    turn.appendChild(element('div', 'answer-text'));
    turn.appendChild(element('div', 'served-by'));
    turn.appendChild(element('ul', 'attempts'));
    conversation.appendChild(turn);
    turn.dataset.state = 'streaming';

    const response = await fetch('chat', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Accept': 'text/event-stream' },
      body: JSON.stringify({ question: question })
    });
    if (!response.ok) {
      onEvent(turn, 'error', JSON.stringify({ error: 'HTTP ' + response.status, attempts: [] }));
      turn.dataset.state = 'done';
      return;
    }
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true }).replace(/\r\n?/g, '\n');
      let end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        dispatch(turn, buffer.slice(0, end));
        buffer = buffer.slice(end + 2);
      }
    }
    if (buffer.trim()) dispatch(turn, buffer);
    turn.dataset.state = 'done';
  }

  form.addEventListener('submit', async function (event) {
    event.preventDefault();
    const question = input.value.trim();
    if (!question) return;
    input.value = '';
    askButton.disabled = true;
    try {
      await ask(question);
    } finally {
      askButton.disabled = false;
      input.focus();
    }
  });

  function showSimulator(state) {
    const controls = document.getElementById('simulator-controls');
    const mode = document.getElementById('mode');
    if (!state.enabled) {
      mode.textContent = 'Real vendors (profile real).';
      controls.hidden = true;
      return;
    }
    mode.textContent = 'Simulated vendors, in priority order: '
      + state.providers.map(function (p) { return p.name + ' (' + p.vendor.toLowerCase() + ')'; }).join(', ') + '.';
    controls.hidden = false;
    const banned = state.providers.filter(function (p) { return p.banned; }).map(function (p) { return p.name; });
    document.getElementById('simulator-state').textContent = banned.length ? 'banned: ' + banned.join(', ') : '';
  }

  async function simulator(path, method) {
    const response = await fetch(path, { method: method });
    if (response.ok) showSimulator(await response.json());
  }

  document.getElementById('ban-primary').addEventListener('click', function () {
    simulator('simulator/ban-primary', 'POST');
  });
  document.getElementById('restore').addEventListener('click', function () {
    simulator('simulator/restore', 'POST');
  });
  simulator('simulator', 'GET');
})();
