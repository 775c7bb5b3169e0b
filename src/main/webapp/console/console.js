'use strict';
/*
 * Orator's admin console: plain DOM and fetch against the REST API (docs/api.md), live progress
 * from its Server-Sent Events, charts by Chart.js. The browser's BASIC login covers every call.
 */

const API = '../api/v1';
const SHORT_ID = 8;
const PAGE_SIZE = 20;
const POLL_MILLIS = 5000;
const FINISHED = ['SUCCEEDED', 'FAILED', 'CANCELLED', 'EXPIRED'];
const VIEWS = ['dashboard', 'jobs', 'voices', 'clients', 'operations'];
const OUTCOME_COLOURS = {SUCCEEDED: '#1a7f37', FAILED: '#c62828', CANCELLED: '#9ca3af'};

const $ = id => document.getElementById(id);

/* ---------- small helpers ---------- */

/** One API call, with an optional JSON body; answers the parsed body, throws with the problem's detail on an error status. */
async function call(method, path, json) {
  const headers = {Accept: 'application/json'};
  if (json !== undefined) {
    headers['Content-Type'] = 'application/json';
  }
  const response = await fetch(API + path, {method, headers, body: json === undefined ? undefined : JSON.stringify(json)});
  const text = response.status === 204 ? '' : await response.text();
  let body = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch (notJson) {
    body = null;
  }
  if (!response.ok) {
    const problem = body || {};
    throw new Error(problem.detail || problem.title || `${method} ${path}: HTTP ${response.status}`);
  }
  return body;
}

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (key === 'class') {
      node.className = value;
    } else if (key.startsWith('data-')) {
      node.setAttribute(key, value);
    } else {
      node[key] = value;
    }
  }
  for (const child of children) {
    if (child !== null && child !== undefined) {
      node.append(child instanceof Node ? child : String(child));
    }
  }
  return node;
}

const badge = text => el('span', {class: 'badge ' + text}, text);

function bytes(n) {
  if (n === null || n === undefined || n < 0) {
    return '–';
  }
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let i = 0;
  while (n >= 1024 && i < units.length - 1) {
    n /= 1024;
    i++;
  }
  return (i === 0 ? n : n.toFixed(n < 10 ? 2 : n < 100 ? 1 : 0)) + ' ' + units[i];
}

function duration(seconds) {
  if (seconds === null || seconds === undefined) {
    return '–';
  }
  const total = Math.round(seconds);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

const plural = (n, noun) => `${n} ${noun}${n === 1 ? '' : 's'}`;
const when = iso => (iso ? new Date(iso).toLocaleString() : '–');
const percent = fraction => `${Math.round((fraction || 0) * 100)} %`;
const factor = rtf => (rtf === null || rtf === undefined ? '–' : rtf.toFixed(4));

function showMessage(text, isError = false) {
  const box = $('message');
  box.textContent = text;
  box.className = isError ? 'error' : '';
  box.hidden = false;
  clearTimeout(showMessage.timer);
  showMessage.timer = setTimeout(() => { box.hidden = true; }, isError ? 10000 : 5000);
}

/** Runs an action with its button disabled; errors go to the message bar. */
async function act(button, action) {
  button.disabled = true;
  try {
    await action();
  } catch (e) {
    showMessage(e.message, true);
  } finally {
    button.disabled = false;
  }
}

/** Follows a job's Server-Sent Events until its final status; the browser reconnects on its own. */
function watch(id, onEvent) {
  const source = new EventSource(`${API}/admin/syntheses/${id}/events`);
  const handle = event => {
    const state = JSON.parse(event.data);
    if (state.final) {
      source.close();
    }
    onEvent(state, event.type);
  };
  source.addEventListener('status', handle);
  source.addEventListener('progress', handle);
  return source;
}

function progressText(state) {
  let text = percent(state.progress);
  if (state.chunks) {
    text += ` · chunk ${state.chunk} of ${state.chunks}`;
  }
  if (state.audioSeconds !== undefined && state.audioSeconds !== null) {
    text += ` · ${duration(state.audioSeconds)} of audio`;
  }
  return text;
}

/* ---------- navigation ---------- */

let currentView = null;

function route() {
  const [name, arg] = (location.hash.slice(1) || 'dashboard').split('/');
  const view = name === 'job' ? 'jobs' : (VIEWS.includes(name) ? name : 'dashboard');
  for (const v of VIEWS) {
    $('view-' + v).hidden = v !== view;
  }
  document.querySelectorAll('header nav a').forEach(a => a.classList.toggle('active', a.dataset.view === view));
  const entering = currentView !== view;
  currentView = view;
  if (view === 'dashboard') {
    refresh();
  } else if (view === 'jobs') {
    if (name === 'job' && arg) {
      openJob(arg);
    } else {
      closeJob();
    }
    if (entering || name !== 'job') {
      loadJobs().catch(e => showMessage(e.message, true));
    }
  } else if (view === 'voices') {
    loadVoices().catch(e => showMessage(e.message, true));
  } else if (view === 'clients') {
    loadClients().catch(e => showMessage(e.message, true));
  } else {
    refresh();
  }
}

/* ---------- dashboard ---------- */

const charts = {};
let runningId = null;
let runningStream = null;

function renderDispatch(dispatch) {
  const stopped = dispatch.draining ? 'draining' : (dispatch.paused ? 'paused' : null);
  const state = stopped || (dispatch.running ? 'running' : 'idle');
  const headerBadge = $('dispatch-badge');
  headerBadge.textContent = stopped ? `dispatch ${stopped}` : `dispatch ${state}`;
  headerBadge.className = 'badge ' + (dispatch.draining ? 'paused' : state);
  $('dispatch-state').textContent = stopped || 'active';
  $('dispatch-queue').textContent = plural(dispatch.queueDepth, 'job');
  $('queue-depth').textContent = dispatch.queueDepth;
}

function renderRunning(running) {
  const box = $('running-job');
  if (!running) {
    if (runningStream) {
      runningStream.close();
      runningStream = null;
    }
    runningId = null;
    box.replaceChildren(el('p', {class: 'muted'}, 'No job is running.'));
    return;
  }
  if (running.id !== runningId) {
    runningId = running.id;
    box.replaceChildren(
      el('p', {}, el('a', {href: '#job/' + running.id}, el('code', {}, running.id)),
        ` · attempt ${running.attempt} · started ${when(running.startedAt)}`),
      el('div', {class: 'progress'}, el('div', {id: 'running-bar'})),
      el('p', {id: 'running-text', class: 'muted'}));
    if (runningStream) {
      runningStream.close();
    }
    runningStream = watch(running.id, state => {
      updateRunning(state);
      if (state.final) {
        runningStream = null;
        refresh();
      }
    });
    updateRunning(running);
  } else if (!runningStream) {
    updateRunning(running);
  }
}

function updateRunning(state) {
  const bar = $('running-bar');
  if (bar) {
    bar.style.width = percent(state.progress).replace(' ', '');
    $('running-text').textContent = progressText(state);
  }
}

function renderHealth(checks) {
  const rows = checks.map(check => el('tr', {'data-check': check.name},
    el('td', {}, check.name),
    el('td', {}, badge(check.status)),
    el('td', {class: 'data'}, Object.entries(check.data || {}).map(([k, v]) => `${k}: ${v}`).join(' · '))));
  $('health').tBodies[0].replaceChildren(...rows);
}

async function refreshDashboard() {
  const d = await call('GET', '/admin/dashboard?hours=24');
  renderDispatch(d.dispatch);
  renderRunning(d.dispatch.running);
  const engine = d.engine;
  $('engine-state').textContent = engine.reloadPending ? 'reload pending' : (engine.ready ? 'ready' : 'loading');
  $('engine-detail').textContent = engine.error
    || `${engine.voices} voices · ${plural(engine.jobsSinceReload, 'job')} since reload · ${plural(engine.reloads, 'reload')}`;
  $('rss').textContent = bytes(d.memory.rssBytes);
  $('rss-peak').textContent = 'peak ' + bytes(d.memory.peakRssBytes);
  $('heap').textContent = bytes(d.memory.heapUsedBytes);
  $('heap-max').textContent = 'of ' + bytes(d.memory.heapMaxBytes);
  $('gpu').textContent = d.memory.gpuBytes === null ? 'no GPU' : bytes(d.memory.gpuBytes);
  $('rtf').textContent = factor(engine.lastRealTimeFactor);
  renderHealth(d.health);
  renderJobsPerHour(d.jobsPerHour);
}

function renderJobsPerHour(hours) {
  if (!charts.jobs) {
    return;
  }
  const outcomes = [...new Set(hours.flatMap(h => Object.keys(h)).filter(k => k !== 'hour'))];
  charts.jobs.data.labels = hours.map(h => new Date(h.hour).toLocaleTimeString([], {hour: '2-digit', minute: '2-digit'}));
  charts.jobs.data.datasets = outcomes.map(outcome => ({
    label: outcome,
    data: hours.map(h => h[outcome] || 0),
    backgroundColor: OUTCOME_COLOURS[outcome] || '#2f6fde',
  }));
  charts.jobs.update();
}

function lineChart(canvasId, colour, format) {
  return new Chart($(canvasId), {
    type: 'line',
    data: {labels: [], datasets: [{data: [], borderColor: colour, backgroundColor: colour + '22', fill: true,
      pointRadius: 0, borderWidth: 1.5, tension: 0.2, spanGaps: true}]},
    options: {
      animation: false, responsive: true, maintainAspectRatio: false,
      interaction: {mode: 'index', intersect: false},
      plugins: {legend: {display: false}, tooltip: {callbacks: {label: c => format(c.parsed.y)}}},
      scales: {x: {ticks: {maxTicksLimit: 8, maxRotation: 0}}, y: {beginAtZero: true, ticks: {callback: v => format(v)}}},
    },
  });
}

function createCharts() {
  if (!window.Chart) {
    showMessage('Chart.js did not load; the charts are not shown.', true);
    return;
  }
  charts.jobs = new Chart($('chart-jobs'), {
    type: 'bar',
    data: {labels: [], datasets: []},
    options: {
      animation: false, responsive: true, maintainAspectRatio: false,
      plugins: {legend: {position: 'bottom'}},
      scales: {x: {stacked: true, ticks: {maxTicksLimit: 12, maxRotation: 0}},
        y: {stacked: true, beginAtZero: true, ticks: {precision: 0}}},
    },
  });
  charts.rss = lineChart('chart-rss', '#2f6fde', bytes);
  charts.heap = lineChart('chart-heap', '#7c3aed', bytes);
  charts.gpu = lineChart('chart-gpu', '#0d9488', bytes);
  charts.rtf = lineChart('chart-rtf', '#d97706', factor);
}

/* The samples arrive column by column; later polls ask only for what is newer. */
const samples = {times: [], rssBytes: [], heapUsedBytes: [], gpuBytes: [], realTimeFactor: []};

async function refreshSamples() {
  const last = samples.times[samples.times.length - 1];
  const fresh = await call('GET', '/admin/samples' + (last === undefined ? '' : '?since=' + last));
  for (const key of Object.keys(samples)) {
    samples[key] = samples[key].concat(fresh[key]).slice(-fresh.capacity);
  }
  const info = $('samples-info');
  info.dataset.count = samples.times.length;
  info.textContent = `(${samples.times.length} samples, one every ${fresh.intervalSeconds} s, `
    + `keeping ${Math.round(fresh.capacity * fresh.intervalSeconds / 360) / 10} h)`;
  if (!charts.rss) {
    return;
  }
  const labels = samples.times.map(t => new Date(t).toLocaleTimeString([], {hour: '2-digit', minute: '2-digit'}));
  for (const [chart, key] of [[charts.rss, 'rssBytes'], [charts.heap, 'heapUsedBytes'], [charts.gpu, 'gpuBytes'],
    [charts.rtf, 'realTimeFactor']]) {
    chart.data.labels = labels;
    chart.data.datasets[0].data = samples[key];
    chart.update();
  }
  $('no-gpu').hidden = samples.gpuBytes.some(v => v !== null);
}

/* ---------- jobs ---------- */

const paging = {cursors: [null], index: 0, next: null};
let detailId = null;
let detailStream = null;
let detailEvents = 0;

async function loadJobs() {
  const params = new URLSearchParams({limit: PAGE_SIZE});
  const status = $('job-status-filter').value;
  const id = $('job-search').value.trim();
  if (status) {
    params.set('status', status);
  }
  if (id) {
    params.set('id', id);
  }
  const cursor = paging.cursors[paging.index];
  if (cursor) {
    params.set('cursor', cursor);
  }
  const page = await call('GET', '/admin/syntheses?' + params);
  paging.next = page.next || null;
  const rows = page.items.map(jobRow);
  if (rows.length === 0) {
    rows.push(el('tr', {}, el('td', {colSpan: 8, class: 'muted'}, 'No jobs match.')));
  }
  $('jobs-table').tBodies[0].replaceChildren(...rows);
  $('page-prev').disabled = paging.index === 0;
  $('page-next').disabled = !paging.next;
  $('page-number').textContent = `page ${paging.index + 1}`;
  return page.items;
}

function jobRow(job) {
  const row = el('tr', {'data-id': job.id},
    el('td', {}, el('code', {title: job.id}, job.id.slice(0, SHORT_ID))),
    el('td', {}, badge(job.status)),
    el('td', {}, job.client),
    el('td', {}, when(job.createdAt)),
    el('td', {}, when(job.finishedAt)),
    el('td', {}, job.speakers),
    el('td', {}, job.characters),
    el('td', {}, job.audio ? duration(job.audio.durationSeconds) : '–'),
    el('td', {}, percent(job.progress)));
  row.addEventListener('click', () => { location.hash = '#job/' + job.id; });
  return row;
}

function closeJob() {
  if (detailStream) {
    detailStream.close();
    detailStream = null;
  }
  detailId = null;
  $('job-detail').hidden = true;
  $('job-player').replaceChildren();
}

async function openJob(id) {
  if (detailId !== id) {
    closeJob();
    detailId = id;
    detailEvents = 0;
    $('job-detail').dataset.events = 0;
  }
  let job;
  try {
    job = await call('GET', '/admin/syntheses/' + id);
  } catch (e) {
    showMessage(e.message, true);
    closeJob();
    return;
  }
  if (detailId !== id) {
    return;
  }
  renderJob(job);
  if (!FINISHED.includes(job.status) && !detailStream) {
    detailStream = watch(id, (state, type) => {
      $('job-detail').dataset.events = ++detailEvents;
      renderProgress(state);
      setStatus(state.status);
      if (state.final) {
        detailStream = null;
        loadJobs().catch(e => showMessage(e.message, true));
      }
      if (type === 'status' && state.status !== 'DELETED') {
        openJob(id);
      }
    });
  }
}

function setStatus(status) {
  const node = $('job-status');
  node.textContent = status;
  node.className = 'badge ' + status;
  $('job-detail').dataset.status = status;
  $('btn-cancel').hidden = !['QUEUED', 'RUNNING'].includes(status);
  $('btn-retry').hidden = !['FAILED', 'CANCELLED'].includes(status);
}

function renderProgress(state) {
  $('job-progress-bar').style.width = percent(state.progress).replace(' ', '');
  $('job-progress-text').textContent = progressText(state);
}

function definitions(list, pairs) {
  list.replaceChildren(...pairs.filter(([, value]) => value !== undefined && value !== null)
    .flatMap(([term, value]) => [el('dt', {}, term), el('dd', {}, value)]));
}

function renderJob(job) {
  $('job-detail').hidden = false;
  $('job-id').textContent = job.id;
  setStatus(job.status);
  renderProgress({progress: job.progress, chunk: job.chunks && job.chunks.done, chunks: job.chunks && job.chunks.total});

  const player = $('job-player');
  if (job.status === 'SUCCEEDED' && job.audio) {
    if (!$('job-audio')) {
      player.replaceChildren(
        el('audio', {id: 'job-audio', controls: true, preload: 'metadata', src: `${API}/admin/syntheses/${job.id}/audio`}),
        el('a', {href: `${API}/admin/syntheses/${job.id}/audio`, download: `${job.id}.wav`}, 'Download WAV'));
    }
  } else {
    player.replaceChildren();
  }

  const voices = Object.entries(job.voices || {}).map(([speaker, voice]) => `${speaker}: ${voice}`).join(', ');
  definitions($('job-fields'), [
    ['Client', job.client],
    ['Created', when(job.createdAt)],
    ['Started', job.startedAt && when(job.startedAt)],
    ['Finished', job.finishedAt && when(job.finishedAt)],
    ['Expires', job.expiresAt && when(job.expiresAt)],
    ['Speakers', job.speakers],
    ['Voices', voices],
    ['Characters', job.characters],
    ['Turns', job.turns],
    ['Speed', job.speed],
    ['Retention', `${job.retentionHours} h`],
    ['Audio', job.audio && `${duration(job.audio.durationSeconds)} · ${job.audio.sampleRate} Hz · ${bytes(job.audio.bytes)}`],
  ]);
  const stats = job.stats || {};
  definitions($('job-stats'), [
    ['Attempts', stats.attempts],
    ['Synthesis time', stats.synthesisMillis === undefined ? undefined : `${(stats.synthesisMillis / 1000).toFixed(2)} s`],
    ['Real-time factor', stats.realTimeFactor === undefined ? undefined : factor(stats.realTimeFactor)],
    ['RSS before / after', stats.rssBytesBefore === undefined ? undefined
      : `${bytes(stats.rssBytesBefore)} / ${bytes(stats.rssBytesAfter)}`],
    ['GPU before / after', stats.gpuBytesBefore === undefined ? undefined
      : `${bytes(stats.gpuBytesBefore)} / ${bytes(stats.gpuBytesAfter)}`],
    ['Skipped phonemes', stats.skippedPhonemes],
  ]);
  const error = $('job-error');
  error.hidden = !job.error;
  error.textContent = job.error ? `${job.error.code}: ${job.error.message}` : '';
}

async function searchJobs() {
  paging.cursors = [null];
  paging.index = 0;
  const items = await loadJobs();
  const wanted = $('job-search').value.trim().toLowerCase();
  if (items.length === 1 && items[0].id === wanted) {
    location.hash = '#job/' + items[0].id;
  }
}

/* ---------- voices ---------- */

async function loadVoices() {
  const voices = await call('GET', '/voices');
  const problems = voices.filter(v => v.status !== 'ready');
  $('voices-summary').textContent = `${voices.length - problems.length} voices ready`
    + (problems.length ? `, ${plural(problems.length, 'voice pack')} could not be loaded` : '');
  const rows = [...problems, ...voices.filter(v => v.status === 'ready')].map(v => el('tr', {'data-voice': v.id},
    el('td', {}, el('code', {}, v.id)),
    el('td', {}, v.engine),
    el('td', {}, v.language || '–'),
    el('td', {}, v.sampleRate ? `${v.sampleRate} Hz` : '–'),
    el('td', {}, badge(v.status)),
    v.error
      ? el('td', {class: 'error-text'}, v.file ? `${v.file}: ${v.error}` : v.error)
      : el('td', {}, v.description || '')));
  $('voices-table').tBodies[0].replaceChildren(...rows);
}

/* ---------- clients ---------- */

async function loadClients() {
  const [keys, usage, audit, webhooks] = await Promise.all([
    call('GET', '/admin/keys'), call('GET', '/admin/usage?days=7'), call('GET', '/admin/audit?limit=50'),
    call('GET', '/admin/webhooks/deliveries?limit=50')]);
  $('keys-table').tBodies[0].replaceChildren(...keys.items.map(k => el('tr', {'data-key': k.id},
    el('td', {}, el('code', {}, k.prefix + '…')),
    el('td', {}, k.client),
    el('td', {}, k.name),
    el('td', {}, when(k.createdAt)),
    el('td', {}, k.lastUsedAt ? when(k.lastUsedAt) : '–'),
    el('td', {}, badge(k.status)),
    el('td', {}, k.status === 'ACTIVE' ? revokeButton(k) : ''))));
  $('usage-table').tBodies[0].replaceChildren(...usage.clients.map(c => el('tr', {'data-client': c.client},
    el('td', {}, c.client),
    el('td', {}, c.jobs),
    el('td', {}, c.characters),
    el('td', {}, c.succeeded),
    el('td', {}, c.failed),
    el('td', {}, duration(c.audioSeconds)))));
  $('webhooks-table').tBodies[0].replaceChildren(...webhooks.items.map(d => el('tr', {'data-delivery': d.id},
    el('td', {}, when(d.createdAt)),
    el('td', {}, el('a', {href: `#job/${d.jobId}`}, el('code', {}, d.jobId.slice(0, 8)))),
    el('td', {}, d.client),
    el('td', {}, el('code', {}, d.url)),
    el('td', {}, d.type),
    el('td', {}, badge(d.status)),
    el('td', {class: 'tries'}, d.attempts),
    el('td', {class: d.lastError ? 'error-text' : ''}, d.lastStatus ? `HTTP ${d.lastStatus}` : (d.lastError || '–')),
    el('td', {}, d.status === 'FAILED' ? redeliverButton(d) : ''))));
  $('audit-table').tBodies[0].replaceChildren(...audit.items.map(e => el('tr', {'data-action': e.action},
    el('td', {}, when(e.at)),
    el('td', {}, `${e.actor || '–'} (${e.actorKind.toLowerCase()})`),
    el('td', {}, e.action),
    el('td', {}, e.target ? el('code', {}, e.target) : '–'),
    el('td', {}, e.address || '–'),
    el('td', {}, e.status))));
}

function revokeButton(key) {
  const button = el('button', {class: 'danger'}, 'Revoke');
  button.addEventListener('click', event => act(event.currentTarget, async () => {
    if (!confirm(`Revoke key ${key.prefix}… of ${key.client}? Requests with it are refused at once.`)) {
      return;
    }
    await call('POST', `/admin/keys/${key.id}/revoke`);
    showMessage(`Key ${key.prefix}… revoked.`);
    await loadClients();
  }));
  return button;
}

function redeliverButton(delivery) {
  const button = el('button', {}, 'Redeliver');
  button.addEventListener('click', event => act(event.currentTarget, async () => {
    await call('POST', `/admin/webhooks/deliveries/${delivery.id}/redeliver`);
    showMessage(`Webhook for job ${delivery.jobId.slice(0, 8)} is due again.`);
    await loadClients();
  }));
  return button;
}

async function createKey() {
  const key = await call('POST', '/admin/keys', {client: $('key-client').value.trim(), name: $('key-name').value.trim()});
  $('key-secret').textContent = key.key;
  $('key-created').hidden = false;
  showMessage(`Key ${key.prefix}… created for ${key.client}; copy it now, it is not shown again.`);
  await loadClients();
}

/* ---------- operations ---------- */

function log(text) {
  $('ops-log').prepend(el('li', {}, `${new Date().toLocaleTimeString()}  ${text}`));
  showMessage(text);
}

async function reload() {
  const result = await call('POST', '/admin/engines/reload');
  log(result.reloaded ? `Engines reloaded: ${result.engine.voices} voices ready`
    : 'Engines reload when the running job ends (reload pending)');
  if (currentView === 'voices') {
    await loadVoices();
  }
}

async function cleanup() {
  const r = await call('POST', '/admin/cleanup');
  log(`Cleanup: ${r.expired} expired, ${r.overQuota} over quota, ${r.tempFilesRemoved} temporary and `
    + `${r.orphanFilesRemoved} orphaned files removed, ${r.historyRowsPurged} history rows purged, `
    + `${bytes(r.bytesFreed)} freed`);
}

/* ---------- wiring ---------- */

async function refresh() {
  try {
    if (currentView === 'dashboard') {
      await Promise.all([refreshDashboard(), refreshSamples()]);
    } else if (currentView === 'operations') {
      renderDispatch(await call('GET', '/admin/dispatch'));
    }
  } catch (e) {
    showMessage(e.message, true);
  }
}

function wire() {
  $('job-filter').addEventListener('submit', event => {
    event.preventDefault();
    searchJobs().catch(e => showMessage(e.message, true));
  });
  $('job-status-filter').addEventListener('change', () => searchJobs().catch(e => showMessage(e.message, true)));
  $('page-next').addEventListener('click', () => {
    if (paging.next) {
      paging.cursors[++paging.index] = paging.next;
      loadJobs().catch(e => showMessage(e.message, true));
    }
  });
  $('page-prev').addEventListener('click', () => {
    if (paging.index > 0) {
      paging.index--;
      loadJobs().catch(e => showMessage(e.message, true));
    }
  });

  const button = (id, action) => $(id).addEventListener('click', event => act(event.currentTarget, action));
  button('btn-cancel', async () => {
    const job = await call('POST', `/admin/syntheses/${detailId}/cancel`);
    showMessage(job.status === 'CANCELLED' ? 'Job cancelled.' : 'The job stops at its next chunk.');
    renderJob(job);
    await loadJobs();
  });
  button('btn-retry', async () => {
    const id = detailId;
    const job = await call('POST', `/admin/syntheses/${id}/retry`);
    showMessage('Job queued again.');
    renderJob(job);
    await openJob(id);
    await loadJobs();
  });
  button('btn-delete', async () => {
    const id = detailId;
    if (!confirm(`Delete job ${id.slice(0, SHORT_ID)}… and its audio?`)) {
      return;
    }
    await call('DELETE', `/admin/syntheses/${id}`);
    showMessage('Job deleted.');
    location.hash = '#jobs';
  });
  button('btn-pause', async () => {
    renderDispatch(await call('POST', '/admin/dispatch/pause'));
    log('Dispatch paused');
  });
  button('btn-drain', async () => {
    renderDispatch(await call('POST', '/admin/dispatch/drain'));
    log('Dispatch draining');
  });
  button('btn-resume', async () => {
    renderDispatch(await call('POST', '/admin/dispatch/resume'));
    log('Dispatch resumed');
  });
  button('btn-reload', reload);
  button('btn-reload-voices', reload);
  button('btn-cleanup', cleanup);
  button('btn-create-key', createKey);

  window.addEventListener('hashchange', route);
  setInterval(() => {
    if (!document.hidden) {
      refresh();
    }
  }, POLL_MILLIS);
}

createCharts();
wire();
route();
