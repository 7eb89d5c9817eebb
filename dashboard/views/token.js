/**
 * The token form: shown when the tab has no token yet (or the server refused it). The token is
 * checked against the API before it is kept, and kept in sessionStorage only: closing the tab
 * forgets it.
 */
import { AuthError, get, tokenStore } from '../api.js';
import { h } from '../dom.js';

export function tokenView({ reason, onAccepted }) {
  const input = h('input', { id: 'token', name: 'token', type: 'password', required: true, autocomplete: 'off', spellcheck: 'false', 'aria-describedby': 'token-help token-error' });
  const error = h('p', { id: 'token-error', class: 'note note-error', role: 'alert' }, reason ?? '');
  const button = h('button', { type: 'submit' }, 'Connect');
  const form = h(
    'form',
    { class: 'token-form' },
    h('div', { class: 'field field-wide' }, h('label', { for: 'token' }, 'API token'), input),
    h(
      'p',
      { id: 'token-help', class: 'quiet' },
      'bo serve printed it when it first started; it is kept in ',
      h('code', {}, 'ai-state/server-token'),
      ' (or comes from BO_TOKEN or server.token). It stays in this tab until you close it.',
    ),
    button,
    error,
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const token = input.value.trim();
    if (!token) return;
    button.disabled = true;
    error.textContent = '';
    try {
      await get('/v1/tasks?limit=1', { token });
      tokenStore.set(token);
      onAccepted();
    } catch (failure) {
      error.textContent = failure instanceof AuthError ? 'The server refused this token: check it and try again.' : `Could not reach the server: ${failure.message}`;
      input.focus();
    } finally {
      button.disabled = false;
    }
  });
  const node = h(
    'section',
    { class: 'panel narrow', 'aria-labelledby': 'view-title' },
    h('h1', { id: 'view-title', tabindex: '-1' }, 'Connect to bo serve'),
    h('p', {}, 'The dashboard reads the project through the HTTP API, which needs its bearer token.'),
    form,
  );
  return { title: 'Connect', node, focus: input };
}
