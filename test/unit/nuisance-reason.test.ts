/** Why a call is a nuisance, as the reports show it: the reason the dialer recorded first, else the attempt's flags. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { nuisanceReasonOf } from '../../src/reports/nuisance.ts';

describe('nuisance reason', () => {
  it('tells the agent\'s Aux, an abandoned call and a stopped dialer apart', () => {
    assert.equal(nuisanceReasonOf({ abandoned: false, nuisance: true, nuisanceReason: 'agent_aux' }), 'Agent went to Aux');
    assert.equal(nuisanceReasonOf({ abandoned: true, nuisance: false }), 'Abandoned');
    assert.equal(nuisanceReasonOf({ abandoned: false, nuisance: true }), 'Dialer stopped');
    assert.equal(nuisanceReasonOf({ abandoned: false, nuisance: true, nuisanceReason: null }), 'Dialer stopped');
    assert.equal(nuisanceReasonOf({ abandoned: false, nuisance: false }), null);
  });
});
