// The page's game model folds a real captured stream (a classroom game,
// scripts/capture-fixtures.mjs) into the state the screens read.
import test from 'node:test';
import assert from 'node:assert/strict';
import { Game, CHAT_KEEP } from '../../public/js/store.js';
import { stream } from '../fixture.js';

test('a whole captured game: last state, deals, chat, results, game over', () => {
  const g = new Game();
  g.setJoined({ game: '1', who: 'kazakhstan', role: 'player' });
  const msgs = stream('kazakhstan');
  for (const m of msgs) g.apply(m);
  assert.equal(g.state.phase, msgs.filter((m) => m.t === 'state').at(-1).phase);
  assert.equal(g.over.t, 'game_over');
  assert.equal(g.results.length, msgs.filter((m) => m.t === 'turn_result').length);
  const chats = msgs.filter((m) => m.t === 'chat');
  assert.equal(g.chat.length, chats.length);
  const ids = new Set(msgs.filter((m) => m.t === 'deal_update').map((m) => m.deal.id));
  for (const id of ids) assert.ok(g.deals.has(id), `deal ${id}`);
  const lastUpdate = msgs.filter((m) => m.t === 'deal_update').at(-1);
  assert.equal(g.deals.get(lastUpdate.deal.id).st, lastUpdate.deal.st);
});

test('private chat is filed under the other seat; unread counts skip my own lines and the open channel', () => {
  const g = new Game();
  g.setJoined({ game: '1', who: 'china', role: 'player' });
  g.apply({ t: 'chat', seq: 1, ch: 'private', to: ['china'], from: 'russia', text: 'a' });
  g.apply({ t: 'chat', seq: 2, ch: 'private', to: ['russia'], from: 'china', text: 'b' });
  g.apply({ t: 'chat', seq: 3, ch: 'public', from: 'west', text: 'c' }, 'public');
  assert.equal(g.chatKey(g.chat[0]), 'russia');
  assert.equal(g.chatKey(g.chat[1]), 'russia');
  assert.deepEqual(g.unread, { russia: 1 });
});

test('chat memory is bounded', () => {
  const g = new Game();
  for (let i = 1; i <= CHAT_KEEP + 50; i++) g.apply({ t: 'chat', seq: i, ch: 'public', from: 'west', text: String(i) });
  assert.equal(g.chat.length, CHAT_KEEP);
  assert.equal(g.chat[0].text, '51');
});

test('the clock counts down from dl and stops when paused', () => {
  const g = new Game();
  g.apply({ t: 'state', seq: 1, turn: 1, phase: 'orders', dl: 60000, view: {} });
  const left = g.msLeft(g.stateAt + 10000);
  assert.equal(left, 50000);
  g.apply({ t: 'state', seq: 2, turn: 1, phase: 'orders', dl: 50000, paused: true, view: {} });
  assert.equal(g.msLeft(), null);
});

test('[P6.13] awaiting: offers announced after the ready\'s seen, in that diplomacy phase only', () => {
  const g = new Game();
  g.setJoined({ game: '1', who: 'kazakhstan', role: 'player' });
  const offer = (seq, id, extra = {}) => g.apply({ t: 'deal_update', seq, deal: { id, st: 'open', by: 'china', parties: ['china', 'kazakhstan'], acc: ['china'], turn: 1, cl: [], ...extra } });
  // In the join's snapshot (seq 0): seen by any ready.
  g.apply({ t: 'state', seq: 0, turn: 1, phase: 'diplomacy', view: { deals: [{ id: 1, st: 'open', by: 'west', parties: ['west', 'kazakhstan'], acc: ['west'], turn: 1, cl: [] }] } });
  offer(5, 2);
  const ready = { turn: 1, phase: 'diplomacy', seen: 5 };
  assert.deepEqual(g.awaiting(ready), [], 'seen before ready: lapses, not awaited');
  assert.deepEqual(g.awaiting(null), [], 'no ready: nothing held');
  offer(6, 3);
  offer(7, 4, { by: 'kazakhstan', acc: ['kazakhstan'] }); // my own proposal
  offer(8, 5, { parties: ['china', 'russia'] }); // not to me
  assert.deepEqual(g.awaiting(ready).map((d) => d.id), [3]);
  assert.deepEqual(g.offers().map((d) => d.id), [1, 2, 3]);
  // A later update of the same deal keeps its first announcement.
  offer(9, 2);
  assert.deepEqual(g.awaiting(ready).map((d) => d.id), [3]);
  g.apply({ t: 'deal_update', seq: 10, deal: { id: 3, st: 'open', by: 'china', parties: ['china', 'kazakhstan'], acc: ['china', 'kazakhstan'], turn: 1, cl: [] } });
  assert.deepEqual(g.awaiting(ready), [], 'answered');
  offer(11, 6);
  assert.deepEqual(g.awaiting({ ...ready, seen: 11 }), [], 'a ready that has seen it covers it');
  assert.deepEqual(g.awaiting({ ...ready, turn: 0 }), [], 'a ready of another turn covers nothing here');
  g.apply({ t: 'state', seq: 12, turn: 1, phase: 'orders', view: {} });
  assert.deepEqual(g.awaiting(ready), [], 'diplomacy over');
});

test('[P8.3] a join snapshot\'s deals bring their reasons: the proposer\'s, then the answer\'s, each once', () => {
  const g = new Game();
  g.setJoined({ game: '1', who: 'kazakhstan', role: 'player' });
  const why = { id: 'consent_fee', args: ['russia', 2, 'eaeu_step'] };
  const ans = { id: 'reject_price', args: ['kazakhstan', 'eaeu_step', 3, 2] };
  g.apply({ t: 'state', seq: 0, turn: 1, phase: 'diplomacy', view: { deals: [
    { id: 1, st: 'open', by: 'russia', parties: ['russia', 'kazakhstan'], acc: ['russia'], turn: 1, cl: [], why },
    { id: 2, st: 'rejected', by: 'russia', parties: ['russia', 'kazakhstan'], acc: ['russia'], turn: 1, cl: [], why, ans_by: 'kazakhstan', ans_why: ans },
    { id: 3, st: 'open', by: 'west', parties: ['west', 'kazakhstan'], acc: ['west'], turn: 1, cl: [] }] } });
  assert.deepEqual(g.whys.get(1), [why]);
  assert.deepEqual(g.whys.get(2), [why, ans]);
  assert.equal(g.whys.get(3), undefined);
  // The same reasons again (a later state, a deal_update carrying them): not doubled.
  g.apply({ t: 'deal_update', seq: 1, deal: { id: 1, st: 'open', by: 'russia', parties: ['russia', 'kazakhstan'], acc: ['russia'], turn: 1, cl: [], why }, why });
  assert.deepEqual(g.whys.get(1), [why]);
});

test('[P6.14] waits: whom diplomacy waits for, with the offer where the page sees it', () => {
  const g = new Game();
  g.setJoined({ game: '1', who: 'china', role: 'player' });
  const deal = { id: 4, st: 'open', by: 'china', parties: ['china', 'kazakhstan'], acc: ['china'], turn: 1, cl: [] };
  g.apply({ t: 'state', seq: 1, turn: 1, phase: 'diplomacy', view: { deals: [deal] }, wait: ['kazakhstan', 'west'], wait_deal: { kazakhstan: 4 } });
  assert.deepEqual(g.waits().map((w) => [w.seat, w.deal && w.deal.id]), [['kazakhstan', 4], ['west', null]]);
  g.apply({ t: 'state', seq: 2, turn: 1, phase: 'diplomacy', view: { deals: [deal] } });
  assert.deepEqual(g.waits(), [], 'no wait key: nothing waited for');
  g.apply({ t: 'state', seq: 3, turn: 1, phase: 'orders', view: {}, wait: ['kazakhstan'] });
  assert.deepEqual(g.waits(), [], 'only in diplomacy');
});

test('a page that joined during the turn compares its first result with the tracks before it', () => {
  const g = new Game();
  g.setJoined({ game: '1', who: 'china', role: 'player' });
  g.apply({ t: 'state', seq: 0, turn: 1, phase: 'orders', view: { tracks: { stability: 6 }, globals: { trust: 5 } } });
  g.apply({ t: 'turn_result', seq: 3, turn: 1, tracks: { stability: 8 }, globals: { trust: 5 } });
  assert.deepEqual(g.results[0].before, { tracks: { stability: 6 }, globals: { trust: 5 } });
});
