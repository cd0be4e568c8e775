// The skincare page's script: consent → photo → questionnaire → routine → rating, over
// /skincare/api/* (the browser is known by an anonymous id cookie the server sets). No bundler.
'use strict';
/* global FormData, confirm */

const $ = (id) => document.getElementById(id);
const state = { analysisId: null, recommendationId: null, keepHistory: false };

/** Calls the page's API; a problem+json answer is thrown with its detail. */
async function api(method, path, body) {
  const init = { method, headers: {} };
  if (body instanceof FormData) init.body = body;
  else if (body !== undefined) {
    init.headers['content-type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const response = await fetch(`/skincare/api/${path}`, init);
  const answer = await response.json().catch(() => ({}));
  if (!response.ok) {
    const error = new Error(answer.detail || `HTTP ${response.status}`);
    error.status = response.status;
    error.problem = answer;
    throw error;
  }
  return answer;
}

const say = (text) => ($('status').textContent = text);
const show = (id, visible = true) => ($(id).hidden = !visible);
const el = (tag, text, className) => {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (className) node.className = className;
  return node;
};

async function start() {
  const answer = await api('POST', 'start');
  $('disclaimer').textContent = answer.disclaimer;
  $('privacy').textContent = answer.privacy;
  if (answer.consent) {
    $('consent-photo').checked = answer.consent.photo_processing;
    $('consent-history').checked = answer.consent.keep_history;
    state.keepHistory = answer.consent.keep_history;
    if (state.keepHistory) await showHistory();
  }
}

async function saveConsent() {
  const consent = {
    photo_processing: $('consent-photo').checked,
    keep_history: $('consent-history').checked,
  };
  await api('POST', 'consent', consent);
  state.keepHistory = consent.keep_history;
  if (!consent.photo_processing) {
    say('Without consent to process a photo, the routine comes from the questionnaire alone.');
    return toQuestionnaire();
  }
  say('');
  show('photo-step');
}

async function sendPhoto(event) {
  event.preventDefault();
  const file = $('photo').files[0];
  if (!file) return say('Choose a photo first.');
  const form = new FormData();
  form.append('photo', file);
  const verdict = $('verdict');
  verdict.replaceChildren();
  say('Analysing…');
  try {
    const analysis = await api('POST', 'analyses', form);
    state.analysisId = analysis.analysis_id;
    say('Photo accepted.');
    verdict.append(el('h3', 'What the photo shows'));
    const list = el('ul', undefined, 'indicators');
    for (const [name, indicator] of Object.entries(analysis.indicators))
      list.append(el('li', indicatorLine(name, indicator)));
    verdict.append(list);
    verdict.append(
      el(
        'p',
        'These are measurements of the photo (0 = none, 1 = a lot), not diagnoses; lighting and the camera move them.',
        'note',
      ),
    );
    show('to-questionnaire', false);
    toQuestionnaire();
  } catch (error) {
    if (error.status !== 422) return say(error.message);
    say('Please take another photo.');
    verdict.append(el('h3', 'The photo was not accepted'));
    const list = el('ul', undefined, 'retake');
    for (const failure of error.problem.failures || []) list.append(el('li', failure.retake));
    verdict.append(list);
  }
}

/** An indicator in words: "uneven tone: medium (0.62)", with "low confidence" when it is. */
function indicatorLine(name, { value, confidence }) {
  const level = value < 1 / 3 ? 'low' : value < 2 / 3 ? 'medium' : 'high';
  const doubt = confidence < 0.5 ? ', low confidence' : '';
  return `${name.replace('_', ' ')}: ${level} (${value.toFixed(2)}${doubt})`;
}

function toQuestionnaire() {
  show('questionnaire-step');
  $('questionnaire').scrollIntoView({ behavior: 'smooth' });
}

function questionnaireOf(form) {
  const data = new FormData(form);
  const questionnaire = {
    skin_type: data.get('skin_type'),
    sensitive: data.get('sensitive') === 'on',
    goals: data.getAll('goals'),
    pregnant: data.get('pregnant') === 'on',
  };
  const budget = Number(data.get('budget'));
  if (data.get('budget') && budget > 0) questionnaire.budget_per_product = budget;
  const symptoms = String(data.get('symptoms') || '').trim();
  if (symptoms) questionnaire.symptoms = [symptoms];
  return questionnaire;
}

async function sendQuestionnaire(event) {
  event.preventDefault();
  const body = { questionnaire: questionnaireOf(event.target) };
  if (state.analysisId) body.analysis_id = state.analysisId;
  say('Choosing your products…');
  const answer = await api('POST', 'recommendations', body);
  state.recommendationId = answer.recommendation_id;
  say('');
  renderRoutine(answer);
  show('routine-step');
  $('routine-step').scrollIntoView({ behavior: 'smooth' });
}

function renderRoutine(answer) {
  const referral = $('referral');
  const redFlag = Boolean(answer.red_flag);
  referral.hidden = !redFlag;
  referral.textContent = redFlag ? answer.red_flag.referral : '';
  // A referral is not a routine: nothing to rate, and it says so in its heading.
  $('routine-title').textContent = redFlag ? 'Please see a doctor' : '4. Your routine';
  show('feedback', !redFlag);
  show('thanks', false);
  const routine = $('routine');
  routine.replaceChildren();
  for (const note of answer.notes || []) routine.append(el('p', note, 'note routine-note'));
  for (const [part, title] of [
    ['am', 'Morning'],
    ['pm', 'Evening'],
  ]) {
    if (!answer.routine[part].length) continue;
    routine.append(el('h3', title));
    const list = el('ol', undefined, `routine-${part}`);
    for (const entry of answer.routine[part]) {
      const item = el('li', undefined, 'product');
      const price = entry.product.price === null ? '' : ` — $${entry.product.price.toFixed(2)}`;
      item.append(el('strong', `${entry.step}: ${entry.product.brand} ${entry.product.name}${price}`));
      const why = el('ul', undefined, 'why');
      for (const reason of entry.why) why.append(el('li', reason));
      item.append(why);
      list.append(item);
    }
    routine.append(list);
  }
  routine.append(el('p', answer.disclaimer, 'note'));
}

async function sendFeedback(event) {
  event.preventDefault();
  const data = new FormData(event.target);
  const body = { recommendation_id: state.recommendationId, score: Number(data.get('score')) };
  const comment = String(data.get('comment') || '').trim();
  if (comment) body.comment = comment;
  await api('POST', 'feedback', body);
  show('feedback', false);
  show('thanks');
  if (state.keepHistory) await showHistory();
}

async function showHistory() {
  const { analyses, change } = await api('GET', 'history');
  if (!analyses.length) return;
  const box = $('history');
  box.replaceChildren(
    el(
      'p',
      `${analyses.length} photo ${analyses.length === 1 ? 'analysis' : 'analyses'} kept, the first on ${analyses[0].at.slice(0, 10)}.`,
    ),
  );
  const list = el('ul', undefined, 'changes');
  for (const [name, delta] of Object.entries(change))
    list.append(
      el(
        'li',
        `${name.replace('_', ' ')}: ${delta >= 0 ? '+' : ''}${delta.toFixed(2)} since the first photo`,
      ),
    );
  box.append(list);
  show('history-step');
}

async function deleteData() {
  if (!confirm('Delete everything stored about you?')) return;
  const { deleted } = await api('DELETE', 'me');
  const rows = Object.values(deleted).reduce((sum, n) => sum + n, 0);
  say(`Deleted: ${rows} stored records. Your data is gone.`);
  for (const id of ['photo-step', 'questionnaire-step', 'routine-step', 'history-step']) show(id, false);
  state.analysisId = state.recommendationId = null;
  // The consent was erased with the rest: the boxes must not claim it still holds.
  $('consent-photo').checked = $('consent-history').checked = false;
  state.keepHistory = false;
}

/** Wraps a handler so a failure shows its message instead of vanishing. */
const guarded = (handler) => (event) =>
  handler(event).catch((error) => say(error.message || 'Something went wrong; try again.'));

document.addEventListener('DOMContentLoaded', () => {
  $('consent-save').addEventListener('click', guarded(saveConsent));
  $('skip-photo').addEventListener('click', () => toQuestionnaire());
  $('to-questionnaire').addEventListener('click', () => toQuestionnaire());
  $('photo-form').addEventListener('submit', guarded(sendPhoto));
  $('questionnaire').addEventListener('submit', guarded(sendQuestionnaire));
  $('feedback').addEventListener('submit', guarded(sendFeedback));
  $('delete').addEventListener('click', guarded(deleteData));
  guarded(start)();
});
