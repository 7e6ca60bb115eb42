// k6 script for the load-test fixtures (run by ./record against sla_server.py).
//
// SCENARIO=sla: every SLA endpoint the server has, weighted like locustfile.py's
// SlaUser, each request tagged with its path template as `name` (k6 groups the
// concrete URLs by that tag), the run's summary written by handleSummary with p(99).
// SCENARIO=faults: the server's --faults endpoints and POST /v1/imaging with a 2 s
// timeout (those requests end without a response: status 0).
import http from 'k6/http';
import { sleep } from 'k6';

const BASE = __ENV.BASE;
const SCENARIO = __ENV.SCENARIO || 'sla';
// k6 0.48's compiler has no object spread.
function tagged(name, extra) {
  return Object.assign({ headers: { 'Content-Type': 'application/json' }, tags: { name: name } }, extra || {});
}

function pid() {
  return 1 + Math.floor(Math.random() * 999);
}

const sla = [
  [10, () => http.get(`${BASE}/v1/patients/${pid()}`, { tags: { name: '/v1/patients/{id}' } })],
  [5, () => http.get(`${BASE}/v1/patients/search?q=a`, { tags: { name: '/v1/patients/search' } })],
  [2, () => http.post(`${BASE}/v1/patients`, JSON.stringify({ name: 'Test Patient' }), tagged('/v1/patients'))],
  [2, () => http.put(`${BASE}/v1/patients/${pid()}`, JSON.stringify({ phone: '555-0100' }), tagged('/v1/patients/{id}'))],
  [4, () => http.get(`${BASE}/v1/appointments?date=2026-11-30`, { tags: { name: '/v1/appointments' } })],
  [2, () => http.post(`${BASE}/v1/appointments`, JSON.stringify({ patient: 42 }), tagged('/v1/appointments'))],
  [3, () => http.get(`${BASE}/v1/patients/${pid()}/appointments`, { tags: { name: '/v1/patients/{id}/appointments' } })],
  [3, () => http.get(`${BASE}/v1/clinical/notes/${pid()}`, { tags: { name: '/v1/clinical/notes/{id}' } })],
  [1, () => http.post(`${BASE}/v1/clinical/notes`, JSON.stringify({ text: 'note' }), tagged('/v1/clinical/notes'))],
  [2, () => http.get(`${BASE}/v1/treatment-plans/${pid()}`, { tags: { name: '/v1/treatment-plans/{id}' } })],
  [1, () => http.post(`${BASE}/v1/imaging`, JSON.stringify({ study: 'x' }), tagged('/v1/imaging'))],
  [2, () => http.post(`${BASE}/v1/billing/claims`, JSON.stringify({ amount: 10 }), tagged('/v1/billing/claims'))],
  [1, () => http.post(`${BASE}/v1/insurance/verify`, JSON.stringify({ member: 'x' }), tagged('/v1/insurance/verify'))],
];
const faults = [
  [3, () => http.post(`${BASE}/v1/billing/claims`, JSON.stringify({ amount: 10 }), tagged('/v1/billing/claims'))],
  [3, () => http.post(`${BASE}/v1/insurance/verify`, JSON.stringify({ member: 'x' }), tagged('/v1/insurance/verify'))],
  [1, () => http.post(`${BASE}/v1/imaging`, JSON.stringify({ study: 'x' }), tagged('/v1/imaging', { timeout: '2s' }))],
];

const tasks = SCENARIO === 'faults' ? faults : sla;
const total = tasks.reduce((n, [w]) => n + w, 0);

export const options = {
  vus: SCENARIO === 'faults' ? 6 : 20,
  duration: SCENARIO === 'faults' ? '6s' : '12s',
  summaryTrendStats: __ENV.TREND_STATS ? __ENV.TREND_STATS.split(',') : undefined,
};

export default function () {
  let r = Math.random() * total;
  for (const [w, call] of tasks) {
    if ((r -= w) < 0) {
      call();
      break;
    }
  }
  sleep(0.05 + Math.random() * 0.2);
}

export function handleSummary(data) {
  const out = {};
  if (__ENV.HANDLE_SUMMARY) out[__ENV.HANDLE_SUMMARY] = JSON.stringify(data, null, 2);
  return out;
}
