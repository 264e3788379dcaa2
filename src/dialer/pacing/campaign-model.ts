import { DurationModel, type LognormalPrior } from './duration-model.ts';
import { OutcomeModel, type OutcomePrior } from './outcome-model.ts';

/** What a campaign starts from before it has dialed: a typical B2C outbound day. */
export interface CampaignPriors {
  outcomes: OutcomePrior;
  talk: LognormalPrior;
  /** Weight of the talk and wrap priors, in calls. */
  durationWeight: number;
}

export const DEFAULT_PRIORS: Readonly<CampaignPriors> = Object.freeze({
  // A little more answering than usual, so a new campaign errs on the side of dialing too little.
  outcomes: { live: 0.3, ringMedian: 9, ringSigma: 0.45, noAnswerSeconds: 30, weight: 40 },
  talk: { mean: 180, cv: 0.8 },
  durationWeight: 5,
});

/**
 * The distributions a job learns of its campaign while it dials (one per job, so a new job starts
 * from the priors): dial outcomes and ring times, talk time and wrap-up time.
 */
export class CampaignModel {
  readonly outcomes: OutcomeModel;
  readonly talk: DurationModel;
  readonly wrap: DurationModel;

  constructor(options: { wrapSeconds: number; noAnswerSeconds: number; priors?: CampaignPriors }) {
    const priors = options.priors ?? DEFAULT_PRIORS;
    this.outcomes = new OutcomeModel({ ...priors.outcomes, noAnswerSeconds: options.noAnswerSeconds }, 2000);
    this.talk = new DurationModel(priors.talk, priors.durationWeight, 1500);
    // Wrap-up is the campaign's maximum until agents show how long they take.
    this.wrap = new DurationModel({ mean: Math.max(1, options.wrapSeconds || 15), cv: 0.3 }, priors.durationWeight, 500);
  }
}
