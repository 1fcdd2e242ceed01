// board.test.js — the score strip's leader: margin first, then "ahead of
// pace" (RULES.md §9), as the server ranks a running game.

import test from 'node:test';
import assert from 'node:assert/strict';
import { runningLeader } from '../../public/js/ui/board.js';

/** @param {Record<string, number>} m @param {Record<string, number>} p */
const lead = (m, p) => runningLeader((s) => m[s], (s) => p[s] || 0);

test('the best margin leads whatever the pace', () => {
  assert.equal(lead({ china: 1, russia: 3, west: 2, kazakhstan: -4 }, { china: 40, west: 30 }), 'russia');
});

test('equal margins go to the seat further ahead of pace, not to seat order', () => {
  assert.equal(lead({ china: 2, russia: 0, west: 2, kazakhstan: 2 }, { china: -5, west: 7, kazakhstan: 3 }), 'west');
  assert.equal(lead({ china: 2, russia: 0, west: 2, kazakhstan: 2 }, { china: 8, west: 7, kazakhstan: 3 }), 'china');
});

test('all level: seat order (the later criteria are not in the view)', () => {
  assert.equal(lead({ china: 0, russia: 0, west: 0, kazakhstan: 0 }, {}), 'china');
});
