// Runs live.js under node with a stub page: node live-harness.js LIVE_JS < events.json
// events.json: [["hello"|"watts"|"status", data], ...]; prints what the page shows, as JSON.
'use strict';
const fs = require('fs');
const vm = require('vm');
const elements = {};
const noop = () => {};
const ctx = new Proxy({}, { get: () => noop, set: () => true });
function element(id) {
  if (!elements[id]) {
    elements[id] = { id, textContent: '', innerHTML: '', className: '', hidden: false, dataset: {},
      clientWidth: 800, clientHeight: 300, width: 0, height: 0, getContext: () => ctx };
  }
  return elements[id];
}
const sources = [];
class EventSource {
  constructor(url) { this.url = url; this.listeners = {}; this.readyState = 1; sources.push(this); }
  addEventListener(name, f) { this.listeners[name] = f; }
  close() { this.readyState = 2; }
}
EventSource.CLOSED = 2;
const page = {
  window: { devicePixelRatio: 1 },
  document: { hidden: false, getElementById: element, querySelector: (q) => element(q),
    addEventListener: noop },
  EventSource, Date, Math, JSON, Number, String, Object, Array, setTimeout: noop, clearTimeout: noop,
};
page.window.document = page.document;
vm.createContext(page);
vm.runInContext(fs.readFileSync(process.argv[2], 'utf8'), page);
const events = JSON.parse(fs.readFileSync(0, 'utf8'));
const source = sources[sources.length - 1];
events.forEach(([name, data]) => source.listeners[name]({ data: JSON.stringify(data) }));
const live = page.window.jouleflowLive;
console.log(JSON.stringify({
  total: element('total').textContent,
  totals: live.total,
  w: live.w,
  points: Number(element('chart').dataset.points),
  niceMax: [1, 5, 9.5, 9.6, 97, 960, 1234].map(live.niceMax),
}));
